"""Item 4 of the brief: the answer goes out on the client's preferred channel, in their
language, from the template for that language, and closes the question and every
contact joined to it."""

from datetime import date

import pytest
import time_machine
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.contact.models import Answer, AnswerTemplate, Contact, Question, Task
from loket.contact.services import answer_question, complete_task, draft
from tests.contact.conftest import at

pytestmark = pytest.mark.django_db
ALI = {"name": "Mohammed Ali", "email": "m.ali@example.org", "phone": "0612345678"}


@pytest.fixture(autouse=True)
def _now(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(at(2026, 6, 4, 12), tick=False):
        yield


def test_an_email_question_is_answered_by_email_in_the_thread_and_everything_closes(receive, agent):
    first = receive(ref="a", **ALI, message_id="<q1@client>", subject="Verhuisd", body="Mijn nieuwe adres")
    receive(ref="b", **ALI, channel="phone", topic="address", received_at="2026-06-02T10:00:00+02:00")
    question = first.contact.question
    answer = answer_question(question=question, actor=agent, text="Wij hebben uw adres aangepast.")
    assert answer.channel == "email" and answer.language == "nl" and answer.within_norm
    [sent] = outbox.outbox
    assert sent.to == ["m.ali@example.org"]
    assert "Wij hebben uw adres aangepast." in sent.body and sent.body.startswith("Geachte Mohammed Ali")
    assert sent.extra_headers["In-Reply-To"] == "<q1@client>"
    assert sent.extra_headers["Message-ID"] == answer.message_id
    question.refresh_from_db()
    assert question.status == "answered"
    assert Contact.objects.filter(question=question, closed_at__isnull=True).count() == 0
    assert Contact.objects.filter(question=question).count() == 2


def test_the_answer_is_in_the_clients_language(receive, agent):
    q = receive(ref="a", **ALI, language="ar", channel="web", topic="status", body="متى القرار؟").contact.question
    answer = answer_question(question=q, actor=agent, text="سيصلك القرار خلال أربعة أسابيع.")
    assert answer.language == "ar"
    assert outbox.outbox[0].body.startswith("حضرة Mohammed Ali")
    assert answer.template == AnswerTemplate.objects.get(language="ar", topic="")


def test_a_language_without_a_template_falls_back_to_english(receive, agent):
    # Every client language has a template (issue 13); Amharic is not one of them.
    q = receive(ref="a", **ALI, language="am", channel="web", topic="status").contact.question
    answer = answer_question(question=q, actor=agent, text="Soon.")
    assert answer.template.language == "en" and answer.body.startswith("Dear")


def test_a_template_per_topic_wins(receive, agent):
    AnswerTemplate.objects.create(
        topic="fees", language="nl", subject="Leges {reference}", body="Beste {name}, {answer}"
    )
    q = receive(ref="a", **ALI, channel="web", topic="fees").contact.question
    answer = answer_question(question=q, actor=agent, text="U krijgt het geld terug.")
    assert answer.subject == f"Leges {q.reference}"
    assert answer.body == "Beste Mohammed Ali, U krijgt het geld terug."


def test_the_client_asked_for_a_call(receive, agent):
    q = receive(ref="a", **ALI, channel="web", topic="status", answer_channel="phone").contact.question
    answer = answer_question(question=q, actor=agent, text="Bel: beslissing volgt.")
    assert answer.channel == "phone" and outbox.outbox == []
    task = Task.objects.get(answer=answer)
    assert (task.kind, task.due_on, answer.recipient) == ("callback", date(2026, 6, 4), "+31612345678")  # today
    complete_task(task=task, actor=agent, note="Gebeld, uitgelegd.")
    task.refresh_from_db()
    assert task.done_at is not None and "Gebeld" in task.note


def test_a_letter_becomes_a_print_task_and_a_printable_page(receive, agent, client):
    q = receive(ref="a", channel="letter", name="Mohammed Ali", body="Ik ben verhuisd").contact.question
    answer = answer_question(question=q, actor=agent, text="Uw adres is aangepast.")
    assert answer.channel == "letter"
    assert Task.objects.get(answer=answer).kind == "print"
    client.force_login(agent)
    page = client.get(f"/desk/contact/answers/{answer.pk}/letter/").content.decode()
    assert "Uw adres is aangepast." in page and 'lang="nl"' in page


def test_a_late_answer_is_marked_outside_the_norm(receive, agent):
    q = receive(ref="a", **ALI, channel="web", topic="status", received_at="2026-05-20T10:00:00+02:00").contact.question
    assert answer_question(question=q, actor=agent, text="Sorry.").within_norm is False


@pytest.mark.parametrize("kwargs,field", [({"text": ""}, "text"), ({"text": "x", "channel": "fax"}, "channel")])
def test_bad_answers_change_nothing(receive, agent, kwargs, field):
    q = receive(ref="a", **ALI, channel="web", topic="status").contact.question
    with pytest.raises(ValidationError) as caught:
        answer_question(question=q, actor=agent, **kwargs)
    assert field in caught.value.message_dict
    q.refresh_from_db()
    assert q.status == "open" and not Answer.objects.exists()


def test_no_address_for_the_channel(receive, agent):
    q = receive(ref="a", channel="letter", name="Mohammed Ali", body="x").contact.question
    with pytest.raises(ValidationError):
        answer_question(question=q, actor=agent, text="x", channel="email")


def test_a_question_is_answered_once(receive, agent):
    q = receive(ref="a", **ALI, channel="web", topic="status").contact.question
    answer_question(question=q, actor=agent, text="Eén antwoord.")
    with pytest.raises(ValidationError):
        answer_question(question=q, actor=agent, text="Nog een antwoord.")
    assert len(outbox.outbox) == 1


def test_a_failing_mail_server_rolls_the_answer_back(receive, agent, settings, monkeypatch):
    q = receive(ref="a", **ALI, channel="web", topic="status").contact.question

    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        answer_question(question=q, actor=agent, text="Hallo")
    q.refresh_from_db()
    assert q.status == "open" and not Answer.objects.exists()


def test_only_agents_answer(receive, make_user):
    q = receive(ref="a", **ALI, channel="web", topic="status").contact.question
    with pytest.raises(PermissionDenied):
        answer_question(question=q, actor=make_user(), text="x")


def test_answered_on_the_phone_closes_the_question_there_and_then(receive, agent):
    from loket.contact.inputs import clean_contact
    from loket.contact.services import record_call
    from tests.contact.conftest import line

    mail_ = receive(ref="a", **ALI, topic="status", subject="Status")
    call = record_call(
        actor=agent,
        data=clean_contact(
            line(
                channel="phone",
                received_at="2026-06-04T11:00:00+02:00",
                topic="status",
                call_outcome="answered",
                **ALI,
                body="Uitgelegd dat het nog 4 weken duurt.",
            ),
            require_ref=False,
        ),
    )
    assert call.contact.question_id == mail_.contact.question_id
    q = call.contact.question
    q.refresh_from_db()
    assert q.status == "answered" and q.answer.channel == "phone"


def test_a_draft_reads_the_questions_contacts_once(receive):
    """The address and the channel a draft starts with come from one read of the contacts."""
    first = receive(ref="a", **ALI, channel="web", topic="status", answer_channel="phone")
    second = receive(ref="b", **ALI, channel="web", topic="status", received_at="2026-06-02T10:00:00+02:00")
    assert second.contact.question_id == first.contact.question_id
    question = Question.objects.get(pk=first.contact.question_id)
    with CaptureQueriesContext(connection) as ctx:
        plan = draft(question)
    assert plan.channel == "phone" and plan.recipient == "+31612345678"
    assert sum('FROM "contact_contact"' in q["sql"] for q in ctx.captured_queries) == 1
