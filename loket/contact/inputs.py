"""One contact as it comes in, checked: from an import line, the API, a form or a mail.

``clean_contact`` turns a mapping in the import format of issue 3 into a
:class:`ContactInput`. Only a line that cannot be a contact at all (not an object, no ref,
an unknown channel, an impossible moment of receipt) raises a ``ValidationError``, with a
message per field in the user's language; any other odd detail is kept as written and
marked in ``ContactInput.doubts`` (a contact happened: a doubtful detail does not undo it).
Nothing is stored here.
"""

from __future__ import annotations

import re
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
    "message_id": 298,  # and its angle brackets: the column holds 300
    "in_reply_to": 298,
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
    # Identity details kept as written but doubtful: field -> {"written", "reason"} (the
    # clients app's ``doubts.Doubt`` codes). None of them identifies the client exactly.
    doubts: dict = field(default_factory=dict)


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


#: What no database column takes: NUL (PostgreSQL refuses it in text and JSON) and a lone
#: surrogate (a JSON escape such as \ud800; no UTF-8 encodes it). Each becomes U+FFFD.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` with every character no database can store replaced by U+FFFD."""
    if "\x00" not in text and (text.isascii() or not _UNSTORABLE.search(text)):
        return text  # the fast path for nearly every field: isascii() costs nothing
    return _UNSTORABLE.sub("\ufffd", text)


def _storable_fields(raw: Mapping) -> tuple[Mapping, set[str]]:
    """``raw`` with its texts storable, and the names of the fields that were not: a
    contact is not refused for them, but such a detail is marked and identifies nobody."""
    changed = {}
    for name, value in raw.items():
        if isinstance(value, str):
            fixed = storable(value)
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            fixed = [storable(v) if isinstance(v, str) else v for v in value]
        else:
            continue
        if fixed != value:
            changed[name] = fixed
    if not changed:
        return raw, set()
    return {**raw, **changed}, set(changed)


def _ref(raw: Mapping, errors: dict) -> str:
    """The contact's reference: the one text field a contact cannot do without or shorten."""
    value = raw.get("ref")
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors["ref"] = [_("Must be text.")]
        return ""
    value = value.strip()
    if len(value) > TEXT_FIELDS["ref"]:
        errors["ref"] = [_("Keep this under %(n)d characters.") % {"n": TEXT_FIELDS["ref"]}]
    return value


def _text(raw: Mapping, name: str, doubts: dict) -> str:
    """A text field of the contact's own (subject, body, ...): kept whatever it is, cut at
    its limit, and marked when it was not text or was cut."""
    value = raw.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
        doubts[name] = {"written": value[:MAX_WRITTEN], "reason": clientlink.UNREADABLE}
    return within_limit(name, value.strip(), doubts)


def within_limit(name: str, value: str, doubts: dict) -> str:
    """A text field cut at its limit (``TEXT_FIELDS``) and marked ``too_long`` when it was cut."""
    limit = TEXT_FIELDS[name]
    if len(value) > limit:
        doubts[name] = {"written": value[:MAX_WRITTEN], "reason": clientlink.TOO_LONG}
        value = value[:limit]
    return value


def _choice(raw: Mapping, name: str, allowed: frozenset, doubts: dict) -> str:
    """A value from a fixed list; one not on it is left out and kept, marked, as written."""
    value = raw.get(name) or ""
    if not value or (isinstance(value, str) and value in allowed):
        return value if isinstance(value, str) else ""
    doubts[name] = {"written": str(value)[:MAX_WRITTEN], "reason": clientlink.UNREADABLE}
    return ""


#: The most of an unreadable detail a contact keeps as written.
MAX_WRITTEN = 300


IDENTITY_TEXTS = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref", "language")


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _identity(raw: Mapping, unstorable: set[str] = frozenset()):
    """The identity fields, read by the clients app's parsers (one rule for every intake),
    the parsed identity they came from, and the doubtful details. A detail that cannot be
    read does not refuse the contact: it is kept as written, marked, and left out of
    matching (a doubtful phone number or address still counts where written alike)."""
    identity, doubts = {}, {}

    def drop(name: str, reason: str = clientlink.UNREADABLE) -> None:
        doubts[name] = {"written": identity[name][:MAX_WRITTEN], "reason": reason}
        identity[name] = ""

    for name in IDENTITY_TEXTS:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            value = str(value)  # a year or V-number as a JSON number; a list, an object, true: doubtful
        identity[name] = (value or "").strip()
        if not identity[name]:
            continue
        # not text (its Python form is no one's detail), NUL or a broken character, or a name
        # of no letter or digit (emoji, marks, zero-width spaces: a client nothing finds again)
        if (
            not isinstance(raw.get(name), (str, int, float))
            or isinstance(raw.get(name), bool)
            or name in unstorable
            or (name == "name" and not _has_alnum(identity[name]))
        ):
            drop(name)
    for _attempt in range(2):
        try:
            parsed = clientlink.parse_identity(**identity)
            break
        except ValueError as exc:
            failed = [name for name in getattr(exc, "message_dict", {}) if name in identity]
            for name in failed or [n for n in IDENTITY_TEXTS if identity[n]]:  # none named: all are doubtful
                too_long = name == "name" and len(" ".join(identity[name].split())) > clientlink.MAX_NAME
                drop(name, clientlink.TOO_LONG if too_long else clientlink.UNREADABLE)
    else:  # pragma: no cover -- every field that failed is emptied, so the second reading passes
        raise AssertionError("identity unreadable after dropping its bad fields")
    doubts.update(parsed.doubts)
    return {
        "name": parsed.name,
        "birth_date": parsed.birth.iso(),
        "nationality": parsed.nationality,
        "v_number": parsed.v_number,
        "email": parsed.email or parsed.doubtful_email,
        "phone": parsed.phone or parsed.doubtful_phone,
        "case_ref": parsed.case_ref,
        "language": parsed.language,
        "doubts": doubts,
    }, parsed


def clean_contact(raw: Any, *, require_ref: bool = True, now: datetime | None = None) -> ContactInput:
    """Check one contact in the import format; raise ValidationError naming every bad field
    of a line that cannot be a contact at all: not an object, no ref, an unknown channel,
    an impossible moment of receipt. Any other odd detail is kept as written and marked
    (``ContactInput.doubts``)."""
    return clean_contact_with_identity(raw, require_ref=require_ref, now=now)[0]


def clean_contact_with_identity(raw: Any, *, require_ref: bool = True, now: datetime | None = None):
    """``clean_contact``, and the sender's identity as the clients app read it while
    checking (an import hands it on to matching instead of reading it twice)."""
    if not isinstance(raw, Mapping):
        raise ValidationError({"__all__": [_("A contact must be a JSON object.")]})
    raw, unstorable = _storable_fields(raw)
    errors: dict[str, list[str]] = {}
    ref = _ref(raw, errors)
    if require_ref and not ref and "ref" not in errors:
        errors["ref"] = [_("Give the contact's reference (ref).")]
    channel = raw.get("channel")
    if not isinstance(channel, str) or channel not in CHANNELS:
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
    if errors:  # only these make a line that cannot be a contact at all
        raise ValidationError(errors)
    # Everything else is kept: a detail that cannot be read is kept as written and marked.
    identity, parsed = _identity(raw, unstorable)
    doubts = identity.pop("doubts")
    texts = {name: _text(raw, name, doubts) for name in ("subject", "body", "message_id", "in_reply_to")}
    for name in unstorable & {"subject", "body", "message_id", "in_reply_to"}:
        doubts.setdefault(name, {"written": texts[name][:MAX_WRITTEN], "reason": clientlink.UNREADABLE})
    topic = _choice(raw, "topic", TOPICS, doubts)
    references = raw.get("references") or []
    if isinstance(references, str):
        references = references.split()
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        doubts["references"] = {"written": str(references)[:MAX_WRITTEN], "reason": clientlink.UNREADABLE}
        references = []
    return ContactInput(
        channel=channel,
        received_at=received_at,
        ref=ref,
        topic=topic,
        subject=texts["subject"],
        body=texts["body"],
        message_id=message_id(texts["message_id"]),
        in_reply_to=message_id(texts["in_reply_to"]),
        references=[message_id(r)[:300] for r in references][:50],
        caller=_choice(raw, "caller", CALLERS, doubts),
        call_outcome=_choice(raw, "call_outcome", OUTCOMES, doubts),
        answer_channel=_choice(raw, "answer_channel", ANSWER_CHANNELS, doubts),
        doubts=doubts,
        **identity,
    ), parsed


def describe(error: ValidationError) -> str:
    """One line for a console report: 'field: message; field: message'."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in error.message_dict.items()
        )
    return " ".join(error.messages)
