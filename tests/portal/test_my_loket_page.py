"""My Loket shows a signed-in client their cases (status, statutory decision date,
suspensions, next step), questions with every answer, documents, details and who read
their file; in the client's language."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core import mail

from loket.cases import selectors as case_selectors, services as case_services
from loket.core import audit
from loket.core.roles import Role
from loket.portal import selectors, sms
from tests.cases.conftest import at
from tests.portal.my_loket_support import (  # noqa: F401  (fixtures)
    AMS,
    attach,
    make_client,
    make_question,
    officer,
    open_application,
    sign_in,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def amal(db):
    return make_client("Amal Haddad", email="amal@example.org", language="en")


def page(client, **extra):
    with at(TODAY):
        response = client.get("/mijn/", **{**EN, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_a_client_who_is_not_signed_in_is_sent_to_sign_in(client):
    response = client.get("/mijn/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"


def test_the_decision_date_is_the_one_the_rules_compute(client, amal, open_application):
    with at(TODAY):
        case = open_application(amal)
        expected = case_selectors.standing(case_selectors.client_case([amal.pk], case.reference), TODAY).due_on
    sign_in(client, amal)
    html = page(client)
    assert case.reference in html and "Received" in html
    assert expected == date(2026, 8, 3)  # 4 May + the regular period, by the Awb and Atw calendar
    assert 'We decide by</dt><dd data-testid="due"><bdi>Aug. 3, 2026</bdi>' in html
    assert "We check whether your file is complete" in html


def test_a_suspension_is_shown_with_what_it_means(client, amal, open_application, officer):
    with at(TODAY):
        case = open_application(amal)
        case_services.record_event(case=case, actor=officer, type="defect_repair_requested", on=date(2026, 5, 20))
        suspended_due = case_selectors.standing(case_selectors.client_case([amal.pk], case.reference), TODAY).due_on
    sign_in(client, amal)
    html = page(client)
    assert "On hold" in html
    assert "Since <bdi>May 20, 2026</bdi>. We asked you for missing information." in html
    assert "the time for our decision stands still" in html
    assert suspended_due > date(2026, 8, 3)  # the period ran on while suspended
    assert "Send what we asked for as soon as you can" in html


def test_a_late_case_tells_the_client_about_the_notice_of_default(client, amal, open_application):
    with at(date(2026, 1, 5)):
        open_application(amal, received_on=date(2026, 1, 5))
    sign_in(client, amal)
    html = page(client)
    assert "we are late" in html and "notice of default" in html


def test_a_decided_case_says_so_and_no_longer_shows_a_deadline(client, amal, open_application, officer):
    with at(TODAY):
        case = open_application(amal)
        case_services.append_status(case=case, status="decided", actor=officer)
    sign_in(client, amal)
    html = page(client)
    assert "Decision taken" in html and "You receive the decision by letter." in html
    assert 'data-testid="due"' not in html


def test_questions_show_every_answer_and_the_messages(client, amal):
    with at(TODAY):
        question = make_question(amal, subject="Permit card", answer="Your card is ready at the counter.", contacts=2)
    sign_in(client, amal)
    html = page(client)
    assert question.reference in html and "Your card is ready at the counter." in html
    with at(TODAY):
        detail = client.get(f"/mijn/vragen/{question.pk}/", **EN).content.decode()
    assert detail.count("When do I hear from you?") == 2 and "Your card is ready at the counter." in detail


def test_the_home_shows_the_newest_questions_and_the_rest_a_page_at_a_time(client, amal, monkeypatch):
    monkeypatch.setattr(selectors, "QUESTIONS_SHOWN", 2)
    monkeypatch.setattr(selectors, "QUESTIONS_PER_PAGE", 2)
    with at(TODAY):
        oldest, _middle, _newest = (
            make_question(amal, subject=f"Topic {n}", at=datetime(2026, 5, n + 1, 10, tzinfo=AMS), answer=answer)
            for n, answer in enumerate(["", "", "Your card is ready."])
        )
        make_question(make_client("Other"), subject="Not mine")
    sign_in(client, amal)
    html = page(client)
    assert "Topic 2" in html and "Your card is ready." in html and "Topic 1" in html and "Topic 0" not in html
    assert '<a class="utrecht-link" href="/mijn/vragen/">All my questions</a> (<bdi>3</bdi>)' in html
    assert f'value="question:{oldest.pk}"' in html  # an open question not shown still takes documents
    with at(TODAY):
        first, second, beyond = (client.get(f"/mijn/vragen/{q}", **EN) for q in ("", "?page=2", "?page=x"))
    assert "Topic 2" in first.content.decode() and "Page 1 of 2" in first.content.decode()
    assert "Topic 0" in second.content.decode() and "Topic 1" not in second.content.decode()
    assert "Previous page" in second.content.decode() and "Not mine" not in second.content.decode()
    assert beyond.status_code == 200 and "Topic 2" in beyond.content.decode()  # not a number: the first page


def test_a_message_on_a_question_joins_it_and_is_notified_without_its_content(
    client, amal, django_capture_on_commit_callbacks
):
    with at(TODAY):
        question = make_question(amal)
    sign_in(client, amal)
    with at(TODAY), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mijn/vragen/{question.pk}/", {"text": "My new address is Dorpsstraat 1."}, **EN)
    assert response.status_code == 302
    assert question.contacts.filter(body="My new address is Dorpsstraat 1.", channel="web").exists()
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["amal@example.org"] and question.reference in notice.body
    assert "Dorpsstraat" not in notice.body and "Dorpsstraat" not in notice.subject


def test_without_an_e_mail_address_the_notice_goes_by_sms(client, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_SMS_BACKEND = "loket.portal.sms.MemoryBackend"
    sms.outbox.clear()
    with at(TODAY):
        bilal = make_client("Bilal", phone="+31612345678")
        question = make_question(bilal)
    sign_in(client, bilal)
    with at(TODAY), django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mijn/vragen/{question.pk}/", {"text": "Secret details here"}, **EN)
    assert len(sms.outbox) == 1
    number, text = sms.outbox[0]
    assert number == "+31612345678" and question.reference in text and "Secret" not in text


def test_an_empty_message_is_refused_with_a_clear_message(client, amal):
    with at(TODAY):
        question = make_question(amal)
    sign_in(client, amal)
    with at(TODAY):
        response = client.post(f"/mijn/vragen/{question.pk}/", {"text": "  "}, **EN)
    assert response.status_code == 400
    assert "Write your message or add a file." in response.content.decode()
    assert question.contacts.count() == 1


def test_the_client_changes_details_and_language(client, amal):
    sign_in(client, amal)
    with at(TODAY):
        response = client.post(
            "/mijn/gegevens/", {"email": "Amal.New@Example.org", "phone": "06 12345678", "language": "nl"}, **EN
        )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "nl"
    amal.refresh_from_db()
    assert amal.language == "nl"
    assert list(amal.emails.values_list("address", flat=True)) == ["amal.new@example.org"]
    assert list(amal.phones.values_list("number", flat=True)) == ["+31612345678"]
    with at(TODAY):
        html = client.get("/mijn/").content.decode()
    assert "Mijn Loket" in html and 'lang="nl"' in html


def test_a_bad_phone_number_is_refused_and_nothing_changes(client, amal):
    sign_in(client, amal)
    with at(TODAY):
        response = client.post("/mijn/gegevens/", {"email": "x@example.org", "phone": "12", "language": "en"}, **EN)
    assert response.status_code == 400
    assert "We cannot use this phone number" in response.content.decode()
    assert list(amal.emails.values_list("address", flat=True)) == ["amal@example.org"]


def test_an_unknown_language_is_refused(client, amal):
    sign_in(client, amal)
    with at(TODAY):
        response = client.post("/mijn/gegevens/", {"email": "", "phone": "", "language": "xx"}, **EN)
    assert response.status_code == 400 and "Choose one of the languages offered." in response.content.decode()


def test_who_opened_the_file_shows_role_and_team_not_the_name(client, amal, open_application, make_user, org):
    with at(TODAY):
        reader = make_user(Role.DECISION_OFFICER, username="jvandijk", unit=org["team"])
        case = open_application(amal, handler=reader)  # need to know: only the assigned officer reads it
        staff = client.__class__()
        staff.force_login(reader)
        assert staff.get(f"/desk/cases/{case.pk}/").status_code == 200
        audit.record(actor="import", action="cases.case.viewed", obj=case)  # not a member of staff: left out
        message = make_question(amal).contacts.first()
        audit.record(actor=reader, action="contact.contact.viewed", obj=message)
    sign_in(client, amal)
    html = page(client)
    section = html[html.index('id="reads"') :]
    assert "Decision officer" in section and "Objections team 1" in section
    assert "jvandijk" not in html and "Jvandijk" not in html
    assert section.count('<tr class="utrecht-table__row"><td') == 2 and "your message" in section
    with at(TODAY):
        everyone = client.get("/mijn/inzage/", **EN).content.decode()
    assert everyone.count('<tr class="utrecht-table__row"><td') == 2 and "Objections team 1" in everyone
    assert "jvandijk" not in everyone


def test_the_home_shows_the_newest_reads_and_documents_and_links_to_all(client, amal, monkeypatch, make_user, org):
    monkeypatch.setattr(selectors, "READS_ON_HOME", 2)
    monkeypatch.setattr(selectors, "DOCUMENTS_ON_HOME", 2)
    with at(TODAY):
        reader = make_user(Role.DECISION_OFFICER, username="reader", unit=org["team"])
        question = make_question(amal)
        for n in range(3):
            attach(question, name=f"scan-{n}.pdf", data=b"%PDF-1.4 " + bytes([n]))
            audit.record(actor=reader, action="contact.question.viewed", obj=question)
    sign_in(client, amal)
    html = page(client)
    reads = html[html.index('id="reads"') :]
    assert reads.count('<tr class="utrecht-table__row"><td') == 2
    assert '<a class="utrecht-link" href="/mijn/inzage/">See everyone who opened my file</a>' in reads
    assert sum(f"scan-{n}.pdf" in html for n in range(3)) == 2
    assert '<a class="utrecht-link" href="/mijn/documenten/alle/">All my documents</a> (<bdi>3</bdi>)' in html
    with at(TODAY):
        everyone = client.get("/mijn/inzage/", **EN).content.decode()
        documents = client.get("/mijn/documenten/alle/", **EN).content.decode()
    assert everyone.count('<tr class="utrecht-table__row"><td') == 3
    assert all(f"scan-{n}.pdf" in documents for n in range(3))


def test_a_document_can_be_downloaded_by_its_owner(client, amal):
    with at(TODAY):
        item = attach(make_question(amal), name="passport.pdf", data=b"%PDF-1.4 mine")
    sign_in(client, amal)
    html = page(client)
    assert "passport.pdf" in html
    with at(TODAY):  # the real clock would be months after the page: an idle session, signed out
        response = client.get(f"/mijn/documenten/{item.pk}/")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 mine"
    assert response["X-Content-Type-Options"] == "nosniff" and "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "language, heading, status, direction",
    [
        ("ar", "لوكيت الخاص بي", "تم الاستلام", "rtl"),
        ("ti", "ናተይ ሎኬት", "ተቐቢልናዮ", "ltr"),
        ("uk", "Мій Loket", "Отримано", "ltr"),
    ],
)
def test_the_page_is_in_the_clients_language(
    client, open_application, settings, monkeypatch, language, heading, status, direction
):
    """Every language of the clientele (here three scripts); names, numbers and references are
    isolated in <bdi> so that a right-to-left page reads them in the right order."""
    from django.conf.locale import LANG_INFO

    # Django does not know Tigrinya; the languages branch registers it the same way.
    monkeypatch.setitem(LANG_INFO, "ti", {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"})
    settings.LANGUAGES = [*settings.LANGUAGES, (language, language)]
    with at(TODAY):
        person = make_client("Amal Haddad", language=language)
        case = open_application(person)
    sign_in(client, person)
    html = page(client, HTTP_ACCEPT_LANGUAGE=language)
    assert f'lang="{language}" dir="{direction}"' in html
    assert heading in html and status in html
    assert f'<bdi dir="ltr">{case.reference}</bdi>' in html and f'<bdi dir="ltr">{person.v_number}</bdi>' in html
