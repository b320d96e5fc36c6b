"""Answering a question: on the client's preferred channel, in their language, from the
template for that language; the answer closes the question and every contact in it.

E-mail goes out through Django's mail (in the thread of the client's last message); a
phone answer becomes a call-back task for the agent, a letter a print task.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.deadlines import add_working_days, next_working_day
from ...core.roles import Role, require_role
from ..choices import AnswerChannel, Channel, QuestionStatus, TaskKind
from ..models import Answer, AnswerTemplate, Contact, Question, Task

AGENT_ROLES = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD)
MAX_TEXT = 20_000
FALLBACK_LANGUAGES = ("en", "nl")
_FROM_CHANNEL = {
    Channel.EMAIL: AnswerChannel.EMAIL,
    Channel.WEB: AnswerChannel.EMAIL,
    Channel.PHONE: AnswerChannel.PHONE,
    Channel.LETTER: AnswerChannel.LETTER,
    Channel.COUNTER: AnswerChannel.PHONE,
}


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@dataclass
class Draft:
    channel: str
    language: str
    recipient: str
    subject: str
    body: str
    template: AnswerTemplate | None


def _newest_first(question: Question) -> list[Contact]:
    """The question's contacts, newest first: read once per question object (kept on it as a
    prefetch, as the question page reads them), so that a draft's address and channel share
    one read."""
    prefetch_related_objects([question], "contacts")  # nothing to do when they are there
    return sorted(question.contacts.all(), key=lambda contact: contact.received_at, reverse=True)


def contact_points(question: Question) -> dict[str, str]:
    """The newest e-mail address and phone number known for the question's client."""
    points = {"email": "", "phone": ""}
    for contact in _newest_first(question):
        points["email"] = points["email"] or contact.email
        points["phone"] = points["phone"] or contact.phone
    client = question.client.resolved() if question.client_id else None
    if client is not None:
        if not points["email"] and hasattr(client, "emails"):
            points["email"] = client.emails.values_list("address", flat=True).first() or ""
        if not points["phone"] and hasattr(client, "phones"):
            points["phone"] = client.phones.values_list("number", flat=True).first() or ""
    return points


def preferred_channel(question: Question, points: dict[str, str]) -> str:
    """What the client asked for on this question; else their preference on file; else
    the channel they asked the question on; and never a channel we have no address for."""
    newest = _newest_first(question)
    first = newest[-1] if newest else None
    stated = next((contact.answer_channel for contact in newest if contact.answer_channel), "")
    client = question.client.resolved() if question.client_id else None
    wanted = stated or getattr(client, "preferred_channel", "") or _FROM_CHANNEL.get(first.channel if first else "")
    order = [wanted, AnswerChannel.EMAIL, AnswerChannel.PHONE, AnswerChannel.LETTER]
    usable = {
        AnswerChannel.EMAIL: bool(points["email"]),
        AnswerChannel.PHONE: bool(points["phone"]),
        AnswerChannel.LETTER: True,
    }
    return next(c for c in order if usable.get(c))


def preferred_language(question: Question) -> str:
    client = question.client.resolved() if question.client_id else None
    return (getattr(client, "language", "") or question.language or settings.LANGUAGE_CODE)[:10]


def template_for(topic: str, language: str) -> AnswerTemplate | None:
    """The template for the topic in the language, else the general one, else English or Dutch."""
    for lang in (language, *FALLBACK_LANGUAGES):
        for top in (topic, ""):
            found = AnswerTemplate.objects.filter(topic=top, language=lang).first()
            if found:
                return found
    return None


def render(template: AnswerTemplate | None, question: Question, text: str) -> tuple[str, str]:
    client = question.client.resolved() if question.client_id else None
    name = (
        (str(client) if client else "")
        or Contact.objects.filter(question=question).exclude(name="").values_list("name", flat=True).first()
        or ""
    )
    values = _Blank(name=name, reference=question.reference, subject=question.subject, answer=text.strip())
    if template is None:
        return f"{question.reference} {question.subject}"[:300], text.strip()
    return template.subject.format_map(values)[:300], template.body.format_map(values)


def answer_defaults(question: Question) -> tuple[str, str]:
    """The channel and language a new answer starts with (those of :func:`draft`), without
    looking up and filling in the template: the question page shows only these two."""
    return preferred_channel(question, contact_points(question)), preferred_language(question)


def draft(question: Question, *, channel: str = "", language: str = "", text: str = "") -> Draft:
    points = contact_points(question)
    channel = channel or preferred_channel(question, points)
    language = language or preferred_language(question)
    template = template_for(question.topic, language)
    subject, body = render(template, question, text or "")
    recipient = points["email"] if channel == AnswerChannel.EMAIL else points["phone"] if channel == "phone" else ""
    return Draft(channel, language, recipient, subject, body, template)


def _close(question: Question, answer: Answer) -> None:
    question.status, question.answered_at = QuestionStatus.ANSWERED, answer.sent_at
    question.save(update_fields=["status", "answered_at"])
    Contact.objects.filter(question=question, closed_at__isnull=True).update(closed_at=answer.sent_at)


def _send_mail(question: Question, answer: Answer) -> None:
    last = Contact.objects.filter(question=question).exclude(message_id="").order_by("-received_at").first()
    headers = {"Message-ID": answer.message_id}
    if last is not None:
        refs = " ".join(r for r in [last.references, last.message_id] if r)
        headers.update({"In-Reply-To": last.message_id, "References": refs})
    EmailMessage(answer.subject, answer.body, settings.DEFAULT_FROM_EMAIL, [answer.recipient], headers=headers).send(
        fail_silently=False
    )


def answer_question(*, question: Question, actor, text: str, channel: str = "", language: str = "") -> Answer:
    """Send the one answer to a question and close it with all its contacts."""
    require_role(actor, *AGENT_ROLES)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = [_("Write the answer.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]
    if channel and channel not in (AnswerChannel.EMAIL, AnswerChannel.PHONE, AnswerChannel.LETTER):
        errors["channel"] = [_("Choose e-mail, phone or letter.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        question = Question.objects.select_for_update().get(pk=question.pk)
        if question.status != QuestionStatus.OPEN:
            raise ValidationError({"question": [_("This question is no longer open.")]})
        plan = draft(question, channel=channel, language=language, text=text)
        if plan.channel in (AnswerChannel.EMAIL, AnswerChannel.PHONE) and not plan.recipient:
            raise ValidationError({"channel": [_("No address is known for this channel: choose another.")]})
        now = timezone.now()
        answer = Answer.objects.create(
            question=question,
            channel=plan.channel,
            language=plan.language,
            template=plan.template,
            recipient=plan.recipient,
            subject=plan.subject,
            body=plan.body,
            sent_at=now,
            sent_by=actor,
            message_id=make_msgid(domain=settings.DEFAULT_FROM_EMAIL.split("@")[-1]) if plan.channel == "email" else "",
            within_norm=timezone.localdate(now) <= question.due_on,
        )
        if plan.channel == AnswerChannel.PHONE:
            pending = question.tasks.filter(kind=TaskKind.CALLBACK, done_at__isnull=True, answer__isnull=True)
            if not pending.update(answer=answer):
                Task.objects.create(
                    question=question,
                    kind=TaskKind.CALLBACK,
                    answer=answer,
                    assigned_to=actor,
                    due_on=next_working_day(timezone.localdate(now)),
                )
        elif plan.channel == AnswerChannel.LETTER:
            Task.objects.create(
                question=question,
                kind=TaskKind.PRINT,
                answer=answer,
                assigned_to=actor,
                due_on=add_working_days(timezone.localdate(now), 1),
            )
        _close(question, answer)
        audit.record(
            actor=actor,
            action="contact.question.answered",
            obj=question,
            data={
                "answer": answer.pk,
                "channel": answer.channel,
                "language": answer.language,
                "within_norm": answer.within_norm,
            },
        )
        if plan.channel == AnswerChannel.EMAIL:
            _send_mail(question, answer)  # last: a failure rolls the whole answer back
    return answer


def answer_on_the_spot(*, question: Question, contact: Contact, actor) -> Answer:
    """A call or visit in which the agent answered the question there and then."""
    now = timezone.now()
    answer = Answer.objects.create(
        question=question,
        channel=AnswerChannel.COUNTER if contact.channel == Channel.COUNTER else AnswerChannel.PHONE,
        language=contact.language or preferred_language(question),
        recipient=contact.phone,
        subject=question.subject or question.reference,
        body=contact.body,
        sent_at=now,
        sent_by=actor,
        within_norm=timezone.localdate(now) <= question.due_on,
    )
    _close(question, answer)
    audit.record(
        actor=actor,
        action="contact.question.answered",
        obj=question,
        data={"answer": answer.pk, "channel": answer.channel, "on_the_spot": True},
    )
    return answer


def complete_task(*, task: Task, actor, note: str = "") -> Task:
    """The agent made the call-back or posted the letter."""
    require_role(actor, *AGENT_ROLES)
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.done_at is not None:
            raise ValidationError({"task": [_("This task is already done.")]})
        task.done_at, task.done_by = timezone.now(), actor
        task.note = "\n".join(x for x in [task.note, (note or "").strip()] if x)[:5000]
        task.save(update_fields=["done_at", "done_by", "note"])
        audit.record(actor=actor, action="contact.task.done", obj=task, data={"kind": task.kind})
    return task
