"""The handler's queue and a report's page: what is shown, with which deadlines, and to whom.

A report must stay invisible to the people it names and to every manager above them: no
row in their list, and a 404 on its page exactly like a report that does not exist.
"""

import re

import pytest
from django.urls import reverse

from loket.core.audit_models import AuditEntry
from loket.whistle import services
from loket.whistle.keyring import Keyring
from loket.whistle.models import NamedPerson
from tests.conftest import PASSWORD

from .report_fixtures import (  # noqa: F401
    MONDAY,
    _cheap_handler_keys,
    client,
    clock,
    detail_url,
    handler_client,
    page_messages,
    signed_in,
    staff,
    submit,
)

LIST = "/desk/reports/"


def _row(html: str, reference: str) -> str:
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(reference) + r".*?</tr>", html, re.S)
    assert match, f"{reference} is not in the list"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_the_list_shows_the_next_deadline_with_days_left(clock, handler_client, submit):
    report = submit().report
    clock.move_to(MONDAY.replace(day=5))  # Friday: acknowledgement due Monday 8 June
    row = _row(handler_client.get(LIST).content.decode(), report.reference)
    assert "Acknowledgement" in row and "3 days left" in row and "web form" in row and "received" in row


def test_an_overdue_report_says_so_in_words_and_comes_first(clock, handler_client, submit):
    late = submit().report
    clock.move_to(MONDAY.replace(day=3))
    fresh = submit().report
    clock.move_to(MONDAY.replace(day=9))  # late: due 8 June; fresh: due 10 June
    html = handler_client.get(LIST).content.decode()
    late_row, fresh_row = _row(html, late.reference), _row(html, fresh.reference)
    assert "Overdue: overdue by 1 day" in late_row
    assert "1 day left" in fresh_row and "Overdue" not in fresh_row
    assert html.index(late.reference) < html.index(fresh.reference)
    assert 'class="loket-overdue"' in html


def test_filters_by_stage_and_overdue_only(clock, handler_client, submit, staff):
    waiting = submit().report
    answered = submit().report
    services.acknowledge(report=answered, user=staff.handler, keyring=Keyring.from_password(staff.handler, PASSWORD))
    clock.move_to(MONDAY.replace(day=20))
    acknowledged_only = handler_client.get(LIST, {"stage": "acknowledged"}).content.decode()
    assert answered.reference in acknowledged_only and waiting.reference not in acknowledged_only
    overdue_only = handler_client.get(LIST, {"overdue": "on"}).content.decode()
    assert waiting.reference in overdue_only and answered.reference not in overdue_only


def test_a_filter_that_does_not_exist_gives_a_message_not_an_error(handler_client, submit):
    report = submit().report
    response = handler_client.get(LIST, {"stage": "nonsense"})
    assert response.status_code == 200
    assert any("filter does not exist" in m for m in page_messages(response))
    assert report.reference in response.content.decode()


def test_the_list_is_paginated(handler_client, submit, monkeypatch):
    from loket.desk.reports import queue

    monkeypatch.setattr(queue, "PAGE_SIZE", 2)
    references = {submit().report.reference for _ in range(3)}
    first = handler_client.get(LIST).content.decode()
    second = handler_client.get(LIST, {"page": 2}).content.decode()
    shown = {r for r in references if r in first} | {r for r in references if r in second}
    assert shown == references
    assert "Page 1 of 2" in first and "?page=2" in first
    assert handler_client.get(LIST, {"page": "999"}).status_code == 200


def test_the_list_decrypts_nothing_and_logs_no_read(handler_client, submit):
    report = submit(description="A very particular secret sentence.").report
    html = handler_client.get(LIST).content.decode()
    assert report.reference in html and "particular secret" not in html
    assert not AuditEntry.objects.filter(action="whistle.report.read").exists()


def test_people_named_and_every_manager_above_them_cannot_find_the_report(staff, submit, handler_client, client):
    report = submit(involved_employees=[staff.accused.employee.number]).report
    visible = submit().report
    for user in (staff.accused, staff.lead, staff.head, staff.director):
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert report.reference not in html, user
        assert visible.reference in html, user
        assert client.get(detail_url(report)).status_code == 404
        assert client.post(reverse("desk:reports:acknowledge", args=[report.reference])).status_code == 404
        assert client.get(reverse("desk:reports:attachment", args=[report.reference, 1])).status_code == 404
    assert report.reference in handler_client.get(LIST).content.decode()
    assert handler_client.get(detail_url(report)).status_code == 200


def test_a_report_the_user_may_not_see_answers_exactly_like_one_that_does_not_exist(staff, submit, client):
    report = submit(involved_employees=[staff.accused.employee.number]).report
    client.force_login(staff.lead)
    hidden = client.get(detail_url(report))
    missing = client.get(reverse("desk:reports:detail", args=["M-2026-NOSUCH"]))
    assert hidden.status_code == missing.status_code == 404
    # The staff shell's sign-out form carries a fresh CSRF token on every page; all else is equal.
    assert _without_token(hidden.content) == _without_token(missing.content)


def _without_token(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_staff_without_a_reporting_role_see_no_reports(make_user, submit, client):
    report = submit().report
    client.force_login(make_user())
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(report)).status_code == 404


def test_an_investigator_sees_only_reports_assigned_to_them(staff, signed_in, submit):
    investigator = signed_in(staff.investigator)
    report = submit().report
    assert report.reference not in investigator.get(LIST).content.decode()
    assert investigator.get(detail_url(report)).status_code == 404


def test_the_detail_page_shows_the_report_both_deadlines_and_the_guidance(clock, handler_client, submit):
    report = submit(description="Objection decisions ignore rule HEAR-01.", happened_where="The Hague").report
    clock.move_to(MONDAY.replace(day=3))
    response = handler_client.get(detail_url(report))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Objection decisions ignore rule HEAR-01." in html and "The Hague" in html
    assert "5 days left" in html  # acknowledgement, due 8 June
    assert "Feedback" in html and "days left" in html
    assert "What the law asks now" in html and "within 7 days" in html and "art. 9(1)" in html
    assert "No deadline of this report was missed." in html
    assert response["Cache-Control"].count("no-store") == 1
    assert "whistle.report.read" in [e.action for e in AuditEntry.objects.filter(object_id=str(report.pk))]


def test_a_breach_on_record_is_shown(clock, handler_client, submit, staff):
    report = submit().report
    clock.move_to(MONDAY.replace(day=10))
    services.check_deadlines()
    html = handler_client.get(detail_url(report)).content.decode()
    assert "The acknowledgement deadline of" in html and "passed without its step" in html
    assert "Overdue: overdue by 2 days" in html


def test_a_locked_key_asks_to_sign_in_again(staff, submit, client):
    report = submit().report
    client.force_login(staff.handler)  # signed in without the password: the key stays locked
    response = client.get(detail_url(report))
    assert response.status_code == 403
    assert "Sign out and sign in again" in response.content.decode()
    assert "Your key is locked" in client.get(LIST).content.decode()


def test_a_handler_who_signed_in_after_the_report_came_is_told_the_key_was_not_shared(staff, submit, signed_in):
    report = submit().report
    late = signed_in(staff.handler2)
    response = late.get(detail_url(report))
    assert response.status_code == 403
    assert "was not shared with you" in response.content.decode()


@pytest.mark.parametrize("anchor", ["deadlines", "content", "identity", "messages", "people", "allegations", "close"])
def test_every_section_of_the_page_is_there(handler_client, submit, anchor):
    report = submit().report
    assert f'id="{anchor}"' in handler_client.get(detail_url(report)).content.decode()


def test_naming_a_person_from_the_page_hides_the_report_from_them(staff, handler_client, submit, client):
    report = submit().report
    response = handler_client.post(
        reverse("desk:reports:name_person", args=[report.reference]),
        {"name_person-employee": staff.accused.employee.pk, "name_person-role": "concerned"},
    )
    assert response.status_code == 302
    assert NamedPerson.objects.filter(report=report, employee=staff.accused.employee).exists()
    client.force_login(staff.lead)
    assert client.get(detail_url(report)).status_code == 404


def test_signing_in_is_required(submit, client):
    report = submit().report
    for response in (
        client.get(LIST),
        client.get(detail_url(report)),
        client.post(reverse("desk:reports:acknowledge", args=[report.reference])),
    ):
        assert response.status_code == 302 and "/account/sign-in/" in response["Location"]


def test_a_manager_who_names_someone_below_them_loses_the_report_at_once(staff, signed_in, submit):
    director = signed_in(staff.director)
    report = submit().report
    response = director.post(
        reverse("desk:reports:name_person", args=[report.reference]),
        {"name_person-employee": staff.accused.employee.pk, "name_person-role": "concerned"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == LIST
    assert any("kept away from you" in m for m in page_messages(response))
    assert report.reference not in response.content.decode()
    assert director.get(detail_url(report)).status_code == 404


def test_a_report_whose_file_was_deleted_shows_the_shell_and_says_why(handler_client, submit):
    from django.utils import timezone

    from loket.whistle.models import Report

    report = submit(description="Content that a retention decision removed.").report
    Report.objects.filter(pk=report.pk).update(content_deleted_at=timezone.now())
    response = handler_client.get(detail_url(report))
    html = response.content.decode()
    assert response.status_code == 200
    assert "deleted by a retention decision" in html and report.reference in html
    assert "Content that a retention decision removed." not in html


def test_a_late_acknowledgement_is_shown_as_met_late(clock, handler_client, submit):
    report = submit().report
    clock.move_to(MONDAY.replace(day=10))  # due 8 June
    handler_client.post(reverse("desk:reports:acknowledge", args=[report.reference]), {"acknowledge-body": ""})
    html = handler_client.get(detail_url(report)).content.decode()
    row = re.search(r'scope="row">Acknowledgement</th>.*?</tr>', html, re.S).group(0)
    assert "met late" in row and "<strong" in row
