"""Intake: a contact arrives on any channel, is linked to a client by the matching
service, joins a question (klantvraag) or opens one with its due date, and is logged.

``receive_contact`` is the one path for every channel; the functions below it are what
an agent does on the staff site (record a call, a counter visit, a scanned letter).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit, fastsql
from ...core.filenames import safe_filename
from ...core.roles import Role, require_role
from .. import clientlink
from ..choices import CallOutcome, Channel
from ..inputs import ContactInput
from ..language import guess_language
from ..models import Attachment, Contact, Question, Task
from ..norms import NormTable
from ..topics import detect_topic
from . import grouping

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
RECORDING_ROLES = {
    Channel.PHONE: (Role.CONTACT_AGENT, Role.TEAM_LEAD),
    Channel.COUNTER: (Role.COUNTER_AGENT, Role.TEAM_LEAD),
    Channel.LETTER: (Role.CONTACT_AGENT, Role.TEAM_LEAD),
    Channel.EMAIL: (Role.CONTACT_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR),
    Channel.WEB: (Role.CONTACT_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR),
}


@dataclass
class Upload:
    name: str
    content_type: str
    data: bytes


@dataclass
class Received:
    contact: Contact
    created: bool
    rule: str = ""  # how it joined its question: thread | case | topic | "" (opened one)
    warnings: list[str] = field(default_factory=list)


def new_ref(channel: str) -> str:
    return f"{channel}-{timezone.now():%Y%m%d}-{secrets.token_hex(5)}"


def mail_ref(message_id: str) -> str:
    ref = f"mail:{message_id}"
    return ref if len(ref) <= 200 else f"mail:sha256:{hashlib.sha256(message_id.encode()).hexdigest()}"


def topic_for(data: ContactInput) -> tuple[str, bool]:
    """The topic as chosen, or read from the text (e-mails and letters have none)."""
    if data.topic:
        return data.topic, False
    return detect_topic(data.subject, data.body), True


#: Channels whose text the client wrote; a call's or a visit's note is the agent's words.
CLIENT_WRITTEN = frozenset({Channel.EMAIL, Channel.LETTER, Channel.WEB})


def text_language(data: ContactInput) -> str:
    """The client language the client wrote this contact in, '' when unknown or not theirs."""
    if data.channel not in CLIENT_WRITTEN:
        return ""
    return guess_language(f"{data.subject}\n{data.body}")


def language_for(data: ContactInput, *, fallback: str = "", detected: str | None = None) -> tuple[str, bool]:
    """The language a contact is written in, and whether it was read from its text: the
    language the client or the import line gave wins; else the one the client's text is
    written in (``detected``, when a reader already found it); else ``fallback`` (the
    client's preferred language)."""
    if data.language:
        return data.language, False
    if detected is None:
        detected = text_language(data)
    if detected:
        return detected, True
    return fallback, False


def open_question(
    data: ContactInput, *, client_id, topic, language, norms: NormTable, follows=None, language_detected=False
) -> Question:
    """A new question for this contact, due by the norm of its channel and topic (unsaved)."""
    days, due = norms.due(data.channel, topic, data.received_at)
    question = fastsql.build(
        Question,
        client_id=client_id,
        topic=topic,
        case_ref=data.case_ref,
        subject=(data.subject or data.body[:120])[:300],
        channel=data.channel,
        language=language,
        language_detected=language_detected,
        opened_at=data.received_at,
        last_contact_at=data.received_at,
        norm_days=days,
        due_on=due,
        follows=follows,
    )
    question.client_key = client_id
    return question


def join(question: Question, data: ContactInput, client_id) -> None:
    """A contact joins an open question: it makes no work of its own (unsaved)."""
    question.last_contact_at = max(question.last_contact_at, data.received_at)
    question.opened_at = min(question.opened_at, data.received_at)
    if question.client_id is None and client_id is not None:
        question.client_id = client_id
        question.client_key = client_id
    if not question.case_ref and data.case_ref:
        question.case_ref = data.case_ref


def promise_call_back(question: Question, data: ContactInput, topic: str, norms: NormTable):
    """A call-back promised on the phone is a promise: the question is due by then (unsaved).
    The day it is due, or None when no call-back was promised."""
    if data.call_outcome != CallOutcome.CALLBACK:
        return None
    due = data.callback_by or norms.due(Channel.PHONE, topic, data.received_at)[1]
    question.due_on = min(question.due_on, due)
    return due


def contact_values(
    data: ContactInput,
    *,
    link: clientlink.Link,
    topic: str,
    detected: bool,
    language: str,
    agent=None,
    language_detected: bool = False,
) -> dict:
    """The fields of a contact's row, but its question (``build_contact``; an import makes
    the rows without model objects, ``fastsql.Rows``)."""
    return dict(
        ref=data.ref,
        channel=data.channel,
        received_at=data.received_at,
        client_id=link.client_id,
        topic=topic,
        topic_detected=detected,
        subject=data.subject[:300],
        body=data.body,
        language=language,
        language_detected=language_detected,
        name=data.name,
        email=data.email,
        phone=data.phone,
        v_number=data.v_number,
        birth_date=data.birth_date,
        nationality=data.nationality,
        case_ref=data.case_ref,
        doubts=data.doubts,
        match_outcome=link.outcome,
        match_score=link.score,
        match_reasons=link.reasons,
        match_candidates=link.candidate_ids,
        message_id=data.message_id,
        in_reply_to=data.in_reply_to,
        references=" ".join(data.references),
        agent=agent,
        caller=data.caller,
        call_outcome=data.call_outcome,
        callback_by=data.callback_by,
        answer_channel=data.answer_channel,
    )


def build_contact(
    data: ContactInput,
    *,
    link: clientlink.Link,
    question: Question,
    topic: str,
    detected: bool,
    language: str,
    agent=None,
    language_detected: bool = False,
) -> Contact:
    return fastsql.build(
        Contact,
        question=question,
        **contact_values(
            data,
            link=link,
            topic=topic,
            detected=detected,
            language=language,
            agent=agent,
            language_detected=language_detected,
        ),
    )


def _check_uploads(uploads) -> None:
    for upload in uploads:
        if not upload.data:
            raise ValidationError({"attachments": [_("The file %(name)s is empty.") % {"name": upload.name}]})
        if len(upload.data) > MAX_ATTACHMENT_BYTES:
            raise ValidationError(
                {
                    "attachments": [
                        _("The file %(name)s is larger than %(mb)d MB.")
                        % {"name": upload.name, "mb": MAX_ATTACHMENT_BYTES // 2**20}
                    ]
                }
            )


def receive_contact(*, data: ContactInput, actor, uploads=(), agent=None, norms: NormTable | None = None) -> Received:
    """Store one checked contact on its client and question; the same ref twice adds nothing.

    ``actor`` is a staff user (whose role is checked for the channel) or a label for a
    trusted path such as ``"mail"``, ``"web form"`` or ``"import"``.
    """
    if getattr(actor, "is_authenticated", False):
        require_role(actor, *RECORDING_ROLES[data.channel])
    _check_uploads(uploads)
    data = replace(data, ref=data.ref or new_ref(data.channel))
    try:
        return _receive(data, actor=actor, uploads=uploads, agent=agent, norms=norms)
    except IntegrityError:
        # The same ref stored at the same moment by another process (a message delivered
        # twice to the listener, say): that one counts, this one adds nothing.
        existing = Contact.objects.filter(ref=data.ref).first()
        if existing is None:
            raise
        return Received(existing, created=False)


def _receive(data: ContactInput, *, actor, uploads, agent, norms) -> Received:
    with transaction.atomic():
        existing = Contact.objects.filter(ref=data.ref).first()
        if existing is not None:
            return Received(existing, created=False)
        link = clientlink.link(data, actor=actor)
        topic, detected = topic_for(data)
        language, language_detected = language_for(data, fallback=link.language)
        choice = grouping.choose(data, client_id=link.client_id, topic=topic, index=grouping.DatabaseIndex())
        question, norms = choice.question, norms or NormTable.load()
        if question is None:
            question = open_question(
                data,
                client_id=link.client_id,
                topic=topic,
                language=language,
                norms=norms,
                follows=choice.follows,
                language_detected=language_detected,
            )
        else:
            join(question, data, link.client_id)
        callback_due = promise_call_back(question, data, topic, norms)
        question.save()
        contact = build_contact(
            data,
            link=link,
            question=question,
            topic=topic,
            detected=detected,
            language=language,
            agent=agent,
            language_detected=language_detected,
        )
        contact.save()
        Attachment.objects.bulk_create(
            [
                Attachment(
                    contact=contact,
                    name=safe_filename(u.name),
                    content_type=u.content_type[:100],
                    size=len(u.data),
                    data=u.data,
                )
                for u in uploads
            ]
        )
        if data.call_outcome == CallOutcome.CALLBACK:
            Task.objects.create(
                question=question, kind="callback", due_on=callback_due, assigned_to=agent, note=data.body[:500]
            )
        audit.record(
            actor=actor,
            action="contact.contact.received",
            obj=contact,
            data={
                "channel": contact.channel,
                "question": question.pk,
                "client": contact.client_id,
                "match": link.outcome,
                "reasons": link.reasons,
                "joined_by": choice.rule or "new question",
            },
        )
        if data.call_outcome == CallOutcome.ANSWERED and agent is not None:
            from .answers import answer_on_the_spot

            answer_on_the_spot(question=question, contact=contact, actor=agent)
    return Received(contact, created=True, rule=choice.rule)


def record_call(*, actor, data: ContactInput) -> Received:
    """An agent records a phone call: who called, about what, the outcome, a promised call-back."""
    require_role(actor, Role.CONTACT_AGENT, Role.TEAM_LEAD)
    if data.call_outcome == CallOutcome.CALLBACK and data.callback_by and data.callback_by < timezone.localdate():
        raise ValidationError({"callback_by": [_("A call-back cannot be promised for a day that has passed.")]})
    return receive_contact(data=replace(data, channel=Channel.PHONE), actor=actor, agent=actor)


def record_visit(*, actor, data: ContactInput) -> Received:
    """A counter agent records a visit at the counter (balie)."""
    require_role(actor, Role.COUNTER_AGENT, Role.TEAM_LEAD)
    return receive_contact(data=replace(data, channel=Channel.COUNTER), actor=actor, agent=actor)


def register_letter(*, actor, data: ContactInput, scan: Upload) -> Received:
    """An agent registers a scanned letter by hand; the scan is kept with the contact."""
    require_role(actor, Role.CONTACT_AGENT, Role.TEAM_LEAD)
    if scan is None or not scan.data:
        raise ValidationError({"scan": [_("Add the scan of the letter.")]})
    return receive_contact(data=replace(data, channel=Channel.LETTER), actor=actor, agent=actor, uploads=[scan])
