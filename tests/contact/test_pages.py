"""Item 6 of the brief (staff site) and the client's web form: the pages do what they
say, bad input gets a message on its field and changes nothing, roles are checked."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.contact.models import Attachment, Contact, Question
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db
ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org", "phone": "0612345678"}


@pytest.fixture(autouse=True)
def _now(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(at(2026, 6, 2, 12), tick=False):
        yield


def test_an_agent_records_a_call_that_joins_yesterdays_email(client, receive, agent):
    mail = receive(
        ref="a", **ALI, subject="Mijn verhuizing", body="Ik ben verhuisd", received_at="2026-06-01T10:00:00+02:00"
    )
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact:record_call"),
        {
            "name": "Muhammad Ali",
            "phone": "06 1234 5678",
            "caller": "client",
            "topic": "address",
            "subject": "Heeft u mijn nieuwe adres?",
            "call_outcome": "noted",
        },
        follow=True,
    )
    call = Contact.objects.get(channel="phone")
    assert call.question_id == mail.contact.question_id and call.agent == agent
    page = response.content.decode()
    assert "joined question" in page or "sloot aan" in page
    assert response.request["PATH_INFO"] == reverse("desk:contact:question", args=[call.question_id])
    assert "Heeft u mijn nieuwe adres?" in page and "Mijn verhuizing" in page


def test_a_call_with_odd_details_is_kept_and_its_details_marked(client, agent):
    """The call happened: an unreadable number or birth date does not undo it."""
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact:record_call"),
        {
            "name": "X",
            "phone": "call me",
            "caller": "client",
            "topic": "address",
            "subject": "s",
            "call_outcome": "noted",
            "birth_date": "1990-02-30",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.doubts == {
        "phone": {"written": "call me", "reason": "phone_unreadable"},
        "birth_date": {"written": "1990-02-30", "reason": "unreadable"},
    }
    assert contact.phone == "call me" and contact.birth_date == ""


def test_a_counter_visit(client, counter_agent):
    client.force_login(counter_agent)
    client.post(
        reverse("desk:contact:record_visit"),
        {
            "name": "Sara",
            "v_number": "1234567890",
            "topic": "document",
            "subject": "Pas ophalen",
            "call_outcome": "noted",
        },
    )
    assert Contact.objects.get().channel == "counter"


def test_a_letter_with_its_scan(client, agent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(agent)
    client.post(
        reverse("desk:contact:register_letter"),
        {
            "name": "Sara Haile",
            "received_on": "2026-06-01",
            "body": "Ik heb de leges twee keer betaald.",
            "scan": SimpleUploadedFile("brief.pdf", b"%PDF-1.4 scanned", content_type="application/pdf"),
        },
    )
    letter = Contact.objects.get()
    assert letter.channel == "letter" and letter.topic == "fees" and letter.topic_detected
    attachment = Attachment.objects.get()
    response = client.get(reverse("desk:contact:attachment", args=[attachment.pk]))
    assert response.content == b"%PDF-1.4 scanned" and response["Content-Disposition"].startswith("attachment")


def test_a_letter_without_its_scan_is_refused(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact:register_letter"), {"name": "S", "received_on": "2026-06-01", "body": "x"}
    )
    assert "scan" in response.context["form"].errors and not Contact.objects.exists()


def test_roles_are_checked(client, counter_agent, make_user):
    client.force_login(counter_agent)
    assert client.get(reverse("desk:contact:record_call")).status_code == 403
    assert client.get(reverse("desk:contact:dashboard")).status_code == 403
    client.force_login(make_user())
    assert client.get(reverse("desk:contact:queue")).status_code == 403


def test_queue_filters_on_the_page(client, receive, agent):
    receive(ref="a", **ALI, topic="status", channel="web", received_at="2026-05-20T10:00:00+02:00")
    receive(ref="b", name="Sara", email="s@example.org", topic="fees", channel="phone")
    client.force_login(agent)
    page = client.get(reverse("desk:contact:queue")).content.decode()
    assert "2 questions" in page or "2 vragen" in page
    assert "days overdue" in page or "dagen te laat" in page
    overdue = client.get(reverse("desk:contact:queue"), {"overdue": "on"})
    assert [q.topic for q in overdue.context["page"]] == ["status"]
    by_channel = client.get(reverse("desk:contact:queue"), {"channel": "phone"})
    assert [q.topic for q in by_channel.context["page"]] == ["fees"]


def test_answer_merge_and_split_through_the_question_page(client, receive, agent):
    a = receive(ref="a", **ALI, topic="status", channel="web")
    b = receive(ref="b", **ALI, topic="fees", channel="web")
    client.force_login(agent)
    url = reverse("desk:contact:question", args=[a.contact.question_id])
    client.post(
        reverse("desk:contact:merge", args=[a.contact.question_id]),
        {"other": b.contact.question.reference, "reason": "één vraag"},
    )
    assert Contact.objects.get(ref="b").question_id == a.contact.question_id
    response = client.post(
        reverse("desk:contact:split", args=[a.contact.question_id]),
        {"contacts": [b.contact.pk], "reason": "toch twee"},
        follow=True,
    )
    assert Contact.objects.get(ref="b").question_id not in (a.contact.question_id, b.contact.question_id)
    response = client.post(
        reverse("desk:contact:answer", args=[a.contact.question_id]),
        {"channel": "email", "language": "en", "text": "Your decision follows soon."},
        follow=True,
    )
    assert response.request["PATH_INFO"] == url
    assert Question.objects.get(pk=a.contact.question_id).status == "answered"


def test_undo_a_merge_on_the_page(client, receive, agent):
    from loket.contact.models import QuestionMerge

    a = receive(ref="a", **ALI, topic="status", channel="web")
    b = receive(ref="b", **ALI, topic="fees", channel="web")
    client.force_login(agent)
    client.post(
        reverse("desk:contact:merge", args=[a.contact.question_id]),
        {"other": b.contact.question.reference, "reason": "één"},
    )
    merge = QuestionMerge.objects.get()
    client.post(reverse("desk:contact:undo_merge", args=[a.contact.question_id, merge.pk]), {"undo-reason": "twee"})
    assert Contact.objects.get(ref="b").question_id == b.contact.question_id


def test_merging_an_unknown_question_says_so(client, receive, agent):
    a = receive(ref="a", **ALI, topic="status", channel="web")
    client.force_login(agent)
    response = client.post(
        reverse("desk:contact:merge", args=[a.contact.question_id]), {"other": "KV-9999999", "reason": "x"}, follow=True
    )
    assert any("no question" in str(m) or "geen vraag" in str(m) for m in response.context["messages"])


def test_timeline_shows_every_channel_newest_first(client, receive, agent):
    receive(ref="a", **ALI, topic="status", channel="web", subject="Eerste", received_at="2026-05-01T10:00:00+02:00")
    receive(ref="b", **ALI, topic="fees", channel="phone", subject="Tweede", received_at="2026-05-10T10:00:00+02:00")
    receive(ref="c", **ALI, channel="email", subject="Derde", body="Verhuisd", received_at="2026-06-01T10:00:00+02:00")
    client.force_login(agent)
    client_id = Contact.objects.get(ref="a").client_id
    page = client.get(reverse("desk:contact:timeline", args=[client_id])).content.decode()
    assert page.index("Derde") < page.index("Tweede") < page.index("Eerste")


def test_timeline_includes_clients_merged_into_this_one(receive, agent):
    from loket.clients.models import Client
    from loket.clients.services import merge_clients
    from loket.contact.selectors import timeline_for

    a = receive(ref="a", **ALI, topic="status", channel="web", subject="Van Ali")
    b = receive(ref="b", name="Sara Haile", email="other@example.org", topic="fees", channel="web", subject="Ook Ali")
    assert b.contact.client_id not in (None, a.contact.client_id)
    merge_clients(keep=a.contact.client, merge=Client.objects.get(pk=b.contact.client_id), actor=agent, reason="één")
    titles = [e.title for e in timeline_for(a.contact.client)]
    assert "Van Ali" in titles and "Ook Ali" in titles


def test_dashboard_for_the_team_lead(client, receive, lead):
    receive(ref="a", **ALI, topic="status", channel="web", received_at="2026-05-20T10:00:00+02:00")
    client.force_login(lead)
    response = client.get(reverse("desk:contact:dashboard"))
    page = response.content.decode()
    assert "vendor/chart.js/chart.umd.js" in page and 'id="contact-chart-data"' in page
    assert {"age": "11–20", "open": 1, "overdue": 1} in response.context["backlog"]


class TestWebForm:
    url = "/contact/"

    def test_the_form_in_english_sends_a_question(self, client):
        response = client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        assert "Ask us a question" in response.content.decode()
        response = client.post(
            self.url,
            {
                "name": "Sara Haile",
                "email": "sara@example.org",
                "topic": "family",
                "subject": "Visa for my husband",
                "body": "How long does it take?",
                "answer_channel": "email",
            },
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        contact = Contact.objects.get()
        assert (contact.channel, contact.topic, contact.language) == ("web", "family", "en")
        assert contact.question.reference in response.content.decode()

    def test_the_form_in_dutch(self, client):
        page = client.get(self.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        assert 'lang="nl"' in page and "Stel ons een vraag" in page and "Waar gaat uw vraag over?" in page

    def test_asking_for_a_call_needs_a_phone_number(self, client):
        response = client.post(
            self.url,
            {"name": "Sara", "topic": "family", "subject": "s", "body": "b", "answer_channel": "phone"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert "phone" in response.context["form"].errors and not Contact.objects.exists()

    def test_odd_details_are_kept_without_an_error(self, client):
        """The client's question arrives whatever they wrote as address or V-number."""
        response = client.post(
            self.url,
            {
                "name": "Sara",
                "email": "sara@",
                "v_number": "12",
                "topic": "family",
                "subject": "s",
                "body": "b",
                "answer_channel": "email",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 302
        contact = Contact.objects.get()
        assert contact.doubts == {
            "email": {"written": "sara@", "reason": "email_malformed"},
            "v_number": {"written": "12", "reason": "unreadable"},
        }

    def test_thanks_shows_only_a_well_formed_reference(self, client):
        assert "<script>" not in client.get("/contact/thanks/?ref=<script>").content.decode()


def test_timeline_shows_the_clients_cases(receive, org):
    from datetime import date

    from django.apps import apps

    from loket.contact.selectors import timeline_for

    a = receive(ref="a", **ALI, topic="status", channel="web", subject="Waar blijft mijn besluit?")
    Case = apps.get_model("cases", "Case")
    Case.objects.create(
        reference="ZK-2026-7",
        kind="application",
        track="regular",
        subject="Verblijf bij partner",
        client=a.contact.client,
        team=org["team"],
        opened_on=date(2026, 3, 2),
        received_on=date(2026, 3, 1),
    )
    entries = timeline_for(a.contact.client)
    assert [e.kind for e in entries] == ["contact", "case"]
    assert entries[1].title == "ZK-2026-7 Verblijf bij partner" and entries[1].url.endswith("/")


def test_the_answer_form_starts_on_the_clients_channel_and_language(client, receive, agent):
    """The question page proposes what the answer service would use (services.draft)."""
    from loket.contact.services import draft

    q = receive(ref="a", **ALI, language="ar", channel="web", topic="status", answer_channel="phone").contact.question
    client.force_login(agent)
    form = client.get(reverse("desk:contact:question", args=[q.pk])).context["answer_form"]
    plan = draft(q)
    assert (form["channel"].value(), form["language"].value()) == (plan.channel, plan.language) == ("phone", "ar")


def test_the_queue_names_topic_and_channel_in_the_page_language(client, receive, agent):
    receive(ref="q", **ALI, subject="Waar blijft mijn beslissing?", body="...", received_at="2026-06-01T10:00:00+02:00")
    Question.objects.update(topic="status")
    client.force_login(agent)
    dutch = client.get(reverse("desk:contact:queue"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(reverse("desk:contact:queue"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<td class="utrecht-table__cell">stand van zaken van een aanvraag</td>' in dutch
    assert '<td class="utrecht-table__cell">status of an application</td>' in english
    assert '<td class="utrecht-table__cell">e-mail</td>' in english
    assert '<td class="utrecht-table__cell">1</td>' in english  # the contacts that joined the question


def test_the_question_page_reads_the_question_and_its_contacts_once(client, receive, agent):
    """The page, its access check and the answer form's defaults share one read of the
    question and one of its contacts, however many contacts joined it."""
    first = receive(ref="q1", **ALI, subject="Mijn verhuizing", received_at="2026-06-01T10:00:00+02:00")
    question = first.contact.question_id
    client.force_login(agent)

    def reads():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("desk:contact:question", args=[question]))
        assert response.status_code == 200
        sql = [q["sql"] for q in ctx.captured_queries]
        return (
            len(sql),
            sum('FROM "contact_question"' in s for s in sql),
            sum('FROM "contact_contact"' in s for s in sql),
        )

    one = reads()
    for n in range(4):
        receive(ref=f"q{n + 2}", **ALI, subject="Mijn verhuizing", received_at=f"2026-06-01T1{n + 1}:00:00+02:00")
    assert Contact.objects.filter(question_id=question).count() == 5
    assert reads() == one
    assert one[1:] == (1, 1)


def test_a_question_that_does_not_exist_is_not_found(client, agent):
    client.force_login(agent)
    assert client.get(reverse("desk:contact:question", args=[987654])).status_code == 404
