"""What a signed-in client does on the client site (My Loket): write on one of their
questions, or hand in a document for a question or a case.

The client is known (DigiD, or a representative acting for them), so the contact is linked
to them without matching, and it joins the question they chose. The file gets the checks of
every upload from outside (:func:`loket.core.files.check_file`). The client site (portal)
tells the client by e-mail or SMS that the message arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.files import AttachmentError, check_file
from ..choices import Channel, MatchOutcome, QuestionStatus, Topic
from ..inputs import ContactInput
from ..models import Attachment, Contact, Question
from ..norms import NormTable
from .intake import build_contact, join, new_ref, open_question

MAX_TEXT = 10_000
MAX_FILE_BYTES = 10 * 1024 * 1024


def max_file_bytes() -> int:
    return getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", MAX_FILE_BYTES)


@dataclass
class ClientFile:
    name: str
    data: bytes


@dataclass
class _Link:  # what build_contact reads of a matching result: here the client is known
    client_id: int
    outcome: str = MatchOutcome.LINKED
    score: float | None = None
    reasons: list | None = None
    candidate_ids: list | None = None

    def __post_init__(self):
        self.reasons = ["signed in on the client site"]
        self.candidate_ids = []


def _checked(file: ClientFile | None):
    if file is None:
        return None
    try:
        return check_file(file.name, file.data, strip=True, limit=max_file_bytes())
    except AttachmentError as exc:
        raise ValidationError({"file": ValidationError(str(exc), code=exc.code)}) from None


def _store(*, client_id: int, question: Question | None, data: ContactInput, topic: str, checked, actor, language):
    """Join ``question`` if it is open, else open a new one (a follow-up of an answered one)."""
    if question is not None and question.status == QuestionStatus.OPEN:
        join(question, data, client_id)
    else:
        question = open_question(
            data, client_id=client_id, topic=topic, language=language, norms=NormTable.load(), follows=question
        )
    question.save()
    contact = build_contact(
        data, link=_Link(client_id), question=question, topic=topic, detected=False, language=language
    )
    contact.save()
    if checked is not None:
        Attachment.objects.create(
            contact=contact,
            name=checked.name,
            content_type=checked.content_type,
            size=len(checked.data),
            data=checked.data,
        )
    audit.record(
        actor=actor,
        action="contact.contact.received",
        obj=contact,
        data={
            "channel": contact.channel,
            "question": question.pk,
            "client": client_id,
            "via": "client site",
            "file": checked is not None,
        },
    )
    return contact


def write_on_question(
    *,
    client_ids,
    client_id: int,
    question_id: int,
    text: str,
    file: ClientFile | None = None,
    actor,
    language: str = "",
) -> Contact:
    """The client writes on one of their questions (with a file, or a file alone)."""
    text = (text or "").strip()
    errors = {}
    if not text and file is None:
        errors["text"] = [_("Write your message or add a file.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("Keep this under %(n)d characters.") % {"n": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    checked = _checked(file)
    with transaction.atomic():
        question = Question.objects.select_for_update().filter(pk=question_id).first()
        if question is None or question.client_id not in set(client_ids) or question.status == QuestionStatus.MERGED:
            raise PermissionDenied(_("This question is not yours."))
        data = ContactInput(
            channel=Channel.WEB,
            received_at=timezone.now(),
            ref=new_ref(Channel.WEB),
            subject=question.subject[:300],
            body=text,
            case_ref=question.case_ref,
            language=language,
        )
        return _store(
            client_id=client_id,
            question=question,
            data=data,
            topic=question.topic,
            checked=checked,
            actor=actor,
            language=language or question.language,
        )


def hand_in_document(*, client_id: int, case_ref: str, file: ClientFile, actor, language: str = "") -> Contact:
    """The client hands in a document for one of their cases: it joins their open document
    question about that case, or opens one. The caller has checked that the case is theirs
    (the contact app does not know cases)."""
    if file is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    checked = _checked(file)
    with transaction.atomic():
        question = (
            Question.objects.select_for_update()
            .filter(client_id=client_id, case_ref=case_ref, topic=Topic.DOCUMENT, status=QuestionStatus.OPEN)
            .order_by("-last_contact_at")
            .first()
        )
        data = ContactInput(
            channel=Channel.WEB,
            received_at=timezone.now(),
            ref=new_ref(Channel.WEB),
            subject=_("Document for %(reference)s") % {"reference": case_ref},
            case_ref=case_ref,
            topic=Topic.DOCUMENT,
            language=language,
        )
        return _store(
            client_id=client_id,
            question=question,
            data=data,
            topic=Topic.DOCUMENT,
            checked=checked,
            actor=actor,
            language=language,
        )
