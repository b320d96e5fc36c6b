"""One contact as it comes in, checked: from an import line, the API, a form or a mail.

``clean_contact`` turns a mapping in the import format of issue 3 into a
:class:`ContactInput` or raises a ``ValidationError`` with a message per field, in the
user's language. Nothing is stored here; intake stores only what passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import clientlink
from .choices import AnswerChannel, Caller, CallOutcome, Channel, Topic

MAX_BODY = 100_000
CHANNELS, TOPICS = frozenset(Channel.values), frozenset(Topic.values)
CALLERS, OUTCOMES, ANSWER_CHANNELS = (
    frozenset(Caller.values),
    frozenset(CallOutcome.values),
    frozenset(AnswerChannel.values),
)
# No contact with the service is older than this; earlier moments are mistyped (0001-01-01...).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
TEXT_FIELDS = {
    "ref": 200,
    "name": 300,
    "case_ref": 40,
    "subject": 300,
    "body": MAX_BODY,
    "message_id": 300,
    "in_reply_to": 300,
    "language": 10,
}


@dataclass
class ContactInput:
    """A checked contact; identity fields are normalised (V-number digits, E.164 phone,
    lower-case e-mail) and ``received_at`` is aware."""

    channel: str
    received_at: datetime
    ref: str = ""
    name: str = ""
    birth_date: str = ""
    nationality: str = ""
    v_number: str = ""
    email: str = ""
    phone: str = ""
    case_ref: str = ""
    topic: str = ""
    subject: str = ""
    body: str = ""
    message_id: str = ""
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    language: str = ""
    caller: str = ""
    call_outcome: str = ""
    callback_by: Any = None  # a date, for a promised call-back
    answer_channel: str = ""  # how the client wants the answer, when they said


def parse_timestamp(value: Any) -> datetime:
    """An ISO 8601 date and time that carries its UTC offset; raise ValueError otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("Give the date and time as ISO 8601 with a UTC offset, e.g. 2026-03-01T09:30:00+01:00."))
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a valid date and time (ISO 8601, e.g. 2026-03-01T09:30:00+01:00).")
            % {"value": text[:40]}
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(_("“%(value)s” has no UTC offset: add one, e.g. +01:00 or Z.") % {"value": text[:40]})
    try:  # a moment at the edge of the calendar may have no UTC (or Amsterdam) time at all
        utc = moment.astimezone(UTC)
        timezone.localtime(moment, timezone.get_default_timezone())
    except OverflowError:
        raise ValueError(
            _("“%(value)s” lies at the edge of the calendar: no contact can have been received then.")
            % {"value": text[:40]}
        ) from None
    if utc < EARLIEST:
        raise ValueError(
            _("“%(value)s” is before 1900: no contact can have been received then.") % {"value": text[:40]}
        )
    return moment


def message_id(value: str) -> str:
    """A Message-ID in its angle brackets, however it was written."""
    value = (value or "").strip()
    if value and not value.startswith("<"):
        value = f"<{value}>"
    return value


def _text(raw: Mapping, name: str, errors: dict) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool) and name in {"ref", "case_ref"}:
        value = str(value)
    if not isinstance(value, str):
        errors[name] = [_("Must be text.")]
        return ""
    value = value.strip()
    limit = TEXT_FIELDS.get(name)
    if limit and len(value) > limit:
        errors[name] = [_("Keep this under %(n)d characters.") % {"n": limit}]
    return value


def _identity(raw: Mapping, texts: dict, errors: dict):
    """The identity fields, read by the clients app's parsers (one rule for every intake),
    and the parsed identity they came from (None when a field is bad)."""
    values = {}
    for name in ("birth_date", "nationality", "v_number", "email", "phone"):
        value = raw.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and name in ("birth_date", "v_number"):
            value = str(value)  # a year, or a V-number written as a JSON number
        if value is not None and not isinstance(value, str):
            errors[name] = [_("Must be text.")]
            value = ""
        values[name] = (value or "").strip()
    try:
        parsed = clientlink.parse_identity(
            name=texts["name"], case_ref=texts["case_ref"], language=texts["language"], **values
        )
    except ValueError as exc:
        for name, messages in getattr(exc, "message_dict", {"__all__": [str(exc)]}).items():
            errors.setdefault(name, messages)
        return {}, None
    return {
        "name": parsed.name,
        "birth_date": parsed.birth.iso(),
        "nationality": parsed.nationality,
        "v_number": parsed.v_number,
        "email": parsed.email,
        "phone": parsed.phone,
        "case_ref": parsed.case_ref,
        "language": parsed.language,
    }, parsed


def clean_contact(raw: Any, *, require_ref: bool = True, now: datetime | None = None) -> ContactInput:
    """Check one contact in the import format; raise ValidationError naming every bad field."""
    return clean_contact_with_identity(raw, require_ref=require_ref, now=now)[0]


def clean_contact_with_identity(raw: Any, *, require_ref: bool = True, now: datetime | None = None):
    """``clean_contact``, and the sender's identity as the clients app read it while
    checking (an import hands it on to matching instead of reading it twice)."""
    if not isinstance(raw, Mapping):
        raise ValidationError({"__all__": [_("A contact must be a JSON object.")]})
    errors: dict[str, list[str]] = {}
    texts = {name: _text(raw, name, errors) for name in TEXT_FIELDS}
    if require_ref and not texts["ref"] and "ref" not in errors:
        errors["ref"] = [_("Give the contact's reference (ref).")]
    channel = raw.get("channel")
    if channel not in CHANNELS:
        errors["channel"] = [
            _("Unknown channel “%(value)s”: use one of %(choices)s.")
            % {"value": str(channel)[:20], "choices": ", ".join(Channel.values)}
        ]
    received_at = None
    try:
        received_at = parse_timestamp(raw.get("received_at"))
        if received_at > (now or timezone.now()) + timedelta(days=1):
            errors["received_at"] = [_("The contact cannot have been received in the future.")]
    except ValueError as exc:
        errors["received_at"] = [str(exc)]
    topic = raw.get("topic") or ""
    if topic not in TOPICS and topic != "":
        errors["topic"] = [
            _("Unknown topic “%(value)s”: use one of %(choices)s.")
            % {"value": str(topic)[:20], "choices": ", ".join(Topic.values)}
        ]
    identity, parsed = _identity(raw, texts, errors)
    references = raw.get("references") or []
    if isinstance(references, str):
        references = references.split()
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        errors["references"] = [_("Must be a list of Message-IDs.")]
        references = []
    caller, outcome = raw.get("caller") or "", raw.get("call_outcome") or ""
    if caller not in CALLERS and caller:
        errors["caller"] = [_("Choose who called.")]
    if outcome not in OUTCOMES and outcome:
        errors["call_outcome"] = [_("Choose the outcome of the contact.")]
    answer_channel = raw.get("answer_channel") or ""
    if answer_channel not in ANSWER_CHANNELS and answer_channel:
        errors["answer_channel"] = [_("Choose how you want to be answered.")]
    if errors:
        raise ValidationError(errors)
    return ContactInput(
        channel=channel,
        received_at=received_at,
        ref=texts["ref"],
        topic=topic,
        subject=texts["subject"],
        body=texts["body"],
        message_id=message_id(texts["message_id"]),
        in_reply_to=message_id(texts["in_reply_to"]),
        references=[message_id(r) for r in references][:50],
        caller=caller,
        call_outcome=outcome,
        answer_channel=answer_channel,
        **identity,
    ), parsed


def describe(error: ValidationError) -> str:
    """One line for a console report: 'field: message; field: message'."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in error.message_dict.items()
        )
    return " ".join(error.messages)
