"""Items 3 and 4: need to know, breaking the glass, and every read logged in one place.

A case is read by its assigned officer, whoever holds a role in it, its team lead and the
roles its procedure needs; nobody else without breaking the glass (a reason, that case, that
day, on the integrity officer's page the same day). Every read, allowed or refused, is an
audit entry with actor, action, object, result, origin and purpose."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from loket.cases import access, selectors, services as case_services
from loket.clients.models import Client
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.decisions import services as decisions
from loket.integrity import services
from loket.integrity.models import BreakGlass
from tests.cases.conftest import TODAY, at

REASON = "The client phoned about this case and its officer is ill today."


def test_who_may_read_a_case(staff, objection, make_user, org):
    case = objection()  # assigned to olga
    admin = make_user(Role.ADMINISTRATOR, username="ada", unit=org["top"])
    head = make_user(Role.TEAM_LEAD, username="hank", unit=org["dept"])
    basis = {
        name: access.reading_basis(staff[name], case)
        for name in ("objection", "objection2", "lead", "reader", "outsider")
    }
    assert basis == {"objection": "assigned", "objection2": None, "lead": "team_lead", "reader": None, "outsider": None}
    assert access.reading_basis(admin, case) is None  # an administrator reads no case by office
    assert access.reading_basis(head, case) == "team_lead"  # the lead of the department above
    assert access.reading_basis(None, case) is None


def test_the_drawn_second_reader_reads_the_case_it_was_drawn_for(staff, objection):
    case = objection()
    case_services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    assert not access.may_read(staff["reader"], case)
    decisions.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons="No new facts (Vw 16).")
    assert access.reading_basis(staff["reader"], case) == "role_in_case"


def test_the_objection_officer_reads_the_contested_decision(staff, objection, application):
    person = Client.objects.create(v_number="1234567890", display_name="Amal Haddad")
    earlier = application(client=person)
    decisions.save_draft(case=earlier, actor=staff["decision"], outcome="granted", reasons="All conditions met.")
    staff["decision"].otp_device = _device(staff["decision"])
    decisions.issue_decision(draft=earlier.draft, actor=staff["decision"], acknowledgements={})
    assert not access.may_read(staff["objection"], earlier)
    objection(client=person)
    assert access.reading_basis(staff["objection"], earlier) == "procedure"
    assert not access.may_read(staff["objection2"], earlier)


def _device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_lists_and_the_api_show_only_what_the_user_may_open(client, staff, objection, application):
    mine, theirs = objection(), objection(handler=staff["objection2"])
    assert list(selectors.open_cases(staff["objection"])) == [mine]
    assert set(selectors.open_cases(staff["lead"])) == {mine, theirs}
    client.force_login(staff["objection"])
    body = client.get("/api/v1/cases/").json()
    assert [c["reference"] for c in body["results"]] == [mine.reference] and body["count"] == 1
    assert client.get(f"/api/v1/cases/{theirs.pk}").status_code == 403
    refused = AuditEntry.objects.get(action="cases.case.read.refused", object_id=str(theirs.pk))
    assert (refused.actor, refused.data["result"], refused.data["origin"]) == (
        "olga",
        "refused",
        "api:cases-api-detail GET",
    )
    assert refused.data["purpose"] == "partner system"


def test_breaking_the_glass_gives_that_case_for_that_day_only(staff, objection, integrity_officer):
    case = objection()
    other = objection()
    with pytest.raises(ValidationError) as caught:
        services.break_glass(actor=staff["objection2"], case=case, reason="need it")
    assert "reason" in caught.value.message_dict
    glass = services.break_glass(actor=staff["objection2"], case=case, reason=REASON)
    assert access.reading_basis(staff["objection2"], case) == "break_glass"
    assert not access.may_read(staff["objection2"], other)
    assert case in selectors.open_cases(staff["objection2"]) and other not in selectors.open_cases(staff["objection2"])
    entry = AuditEntry.objects.get(action="integrity.glass.broken")
    assert (entry.actor, entry.reason, entry.data["purpose"]) == ("otto", REASON, "break the glass")
    assert glass.on == TODAY
    with at(TODAY + timedelta(days=1)):
        assert not access.may_read(staff["objection2"], case)
    with pytest.raises(ValidationError):  # no glass to break for one's own case
        services.break_glass(actor=staff["objection"], case=case, reason=REASON)


def test_the_integrity_officer_is_told_the_same_day(
    staff, objection, integrity_officer, client, django_capture_on_commit_callbacks
):
    case = objection()
    with django_capture_on_commit_callbacks(execute=True):
        services.break_glass(actor=staff["objection2"], case=case, reason=REASON)
    assert mail.outbox and mail.outbox[0].to == ["ilse@example.org"] and case.reference in mail.outbox[0].body
    client.force_login(integrity_officer)
    client.cookies["django_language"] = "en"
    html = client.get("/desk/integrity/access/").content.decode()
    assert 'id="glass-today"' in html and REASON in html and case.reference in html and "otto" in html
    client.force_login(staff["objection"])  # the officers themselves do not see the list
    assert client.get("/desk/integrity/access/").status_code == 403


def test_the_break_glass_page(client, staff, objection):
    case = objection()
    client.force_login(staff["objection2"])
    client.cookies["django_language"] = "en"
    url = f"/desk/integrity/access/cases/{case.pk}/break-glass/"
    assert client.get(f"/desk/cases/{case.pk}/").status_code == 403
    response = client.post(url, {"reason": "curious"})
    assert response.status_code == 400 and "at least 15 characters" in response.content.decode()
    assert not BreakGlass.objects.exists()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/desk/cases/{case.pk}/"
    assert client.get(f"/desk/cases/{case.pk}/").status_code == 200
    read = AuditEntry.objects.filter(action="cases.case.read", object_id=str(case.pk)).last()
    assert (read.actor, read.data["basis"], read.data["result"]) == ("otto", "break_glass", "allowed")


def test_services_refuse_an_insider_with_another_officers_case(staff, objection):
    case = objection()
    with pytest.raises(PermissionDenied):
        case_services.record_event(case=case, actor=staff["objection2"], type="hearing_invited", on=date(2026, 5, 20))
    with pytest.raises(PermissionDenied):
        decisions.save_draft(
            case=case, actor=staff["objection2"], outcome="granted", reasons="I know this client well."
        )
    assert not case.events.filter(type="hearing_invited").exists()


def test_every_read_and_change_carries_actor_action_object_result_origin_purpose(client, staff, objection):
    case = objection()
    client.force_login(staff["objection"])
    client.get(f"/desk/cases/{case.pk}/")
    client.post(f"/desk/cases/{case.pk}/events/", {"event-type": "hearing_invited", "event-on": "2026-05-20"})
    read = AuditEntry.objects.filter(action="cases.case.read").last()
    change = AuditEntry.objects.filter(action="cases.event.recorded").last()
    for entry, result in ((read, "allowed"), (change, None)):
        assert entry.actor == "olga" and (entry.object_type, entry.object_id) == ("cases.case", str(case.pk))
        assert entry.data["purpose"] == "case handling" and entry.data["origin"].startswith("page:desk:cases:")
        if result:
            assert entry.data["result"] == result
    assert change.data["origin"] == "page:desk:cases:record_event POST"


def test_a_clients_file_is_read_through_a_case_one_may_open(client, staff, objection, make_user, org):
    person = Client.objects.create(v_number="1234567890", display_name="Amal Haddad")
    objection(client=person)
    other_lead = make_user(Role.TEAM_LEAD, username="olaf", unit=org["other"])
    admin = make_user(Role.ADMINISTRATOR, username="ada", unit=org["top"])
    agent = make_user(Role.CONTACT_AGENT, username="ali", unit=org["top"])
    url = f"/desk/clients/{person.pk}/"
    for user, status in ((staff["lead"], 200), (other_lead, 403), (admin, 403), (agent, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status, user
    refused = AuditEntry.objects.filter(action="clients.client.read.refused").values_list("actor", flat=True)
    assert sorted(refused) == ["ada", "olaf"]
