"""Parsing what people write about a client into one normal form.

The same vreemdelingennummer, phone number or birth date reaches the service written in many
ways (on a form, in an e-mail, read out on the phone). Matching only works when every one of
them is brought to one form first; anything that cannot be read raises ``ValueError`` with a
message that says what is wrong, so an import can report the line and store nothing of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import getaddresses, parseaddr
from functools import lru_cache

import email_validator
import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

_V_PREFIX = re.compile(r"^\s*v(?:[\s.-]*(?:nummer|nr\.?|number|no\.?))?\s*[:.]?\s*", re.IGNORECASE)
_V_SEPARATORS = re.compile(r"[\s.\-/]")


def parse_v_number(text) -> str:
    """A vreemdelingennummer (V-nummer) as its 10 digits.

    Accepts the ways it is written: ``1234567890``, ``12-3456-7890``, ``1234 567 890``,
    ``V1234567890``, ``V-nummer: 1234.567.890``.
    """
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(_("The V-number is empty."))
    body = _V_SEPARATORS.sub("", _V_PREFIX.sub("", raw, count=1))
    if not body.isascii() or not body.isdigit():
        raise ValueError(_("A V-number has only digits; “%(value)s” has other characters.") % {"value": raw})
    if len(body) != 10:
        raise ValueError(_("A V-number has 10 digits; “%(value)s” has %(n)d.") % {"value": raw, "n": len(body)})
    return body


#: Why a phone number or e-mail address is doubtful (``Detail.doubt``); labels in ``doubts.py``.
PHONE_INVALID = "phone_invalid"  # it parses, but is no valid number in its country's plan
PHONE_UNREADABLE = "phone_unreadable"  # it cannot be read as a phone number at all
EMAIL_INTERNATIONAL = "email_international"  # valid only under RFC 6531 (non-ASCII local part)
EMAIL_MALFORMED = "email_malformed"  # not an e-mail address under any RFC
#: A doubtful detail is kept as written, up to the width of the columns that hold it.
MAX_PHONE_WRITTEN, MAX_EMAIL_WRITTEN = 30, 254


#: The longest text the readers below remember (``lru_cache``): a longer one is read afresh
#: each time, so the caches stay small whatever a file holds (each of 100,000 entries could
#: otherwise keep a text of any length: a file of 1 MB phone numbers, all of them).
MAX_CACHED = 300


def read_cached(cached, raw: str, *args):
    """``cached(raw, *args)``, without remembering a text longer than ``MAX_CACHED``."""
    return cached(raw, *args) if len(raw) <= MAX_CACHED else cached.__wrapped__(raw, *args)


@dataclass(frozen=True)
class Detail:
    """A phone number or e-mail address as read: in normal form when it is sound (``doubt``
    empty), else as written, with the reason it is doubtful. A doubtful detail is kept and
    shown, but never taken as an exact identifier of a client."""

    value: str
    doubt: str = ""


def parse_phone(text, default_region: str = "NL") -> str:
    """A phone number in E.164 (``+31612345678``); numbers without a country code are
    read as numbers of ``default_region``. Raises ValueError for a doubtful number."""
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(_("The phone number is empty."))
    detail = read_cached(_phone, raw, default_region)
    if detail.doubt == PHONE_UNREADABLE:
        raise ValueError(_("“%(value)s” cannot be read as a phone number.") % {"value": raw})
    if detail.doubt:
        raise ValueError(_("“%(value)s” is not a valid phone number.") % {"value": raw})
    return detail.value


def read_phone(text, default_region: str = "NL") -> Detail:
    """A phone number as a contact gives it: E.164 when valid, else kept as written and
    marked (no contact is refused for an odd number). Empty text gives an empty Detail."""
    raw = " ".join(str(text or "").split())
    return read_cached(_phone, raw, default_region) if raw else Detail("")


@lru_cache(maxsize=100_000)  # an import meets a family's number again and again
def _phone(raw: str, default_region: str) -> Detail:
    cleaned = raw.replace("(0)", "")  # "+31 (0)6 ..." as written in Dutch signatures
    try:
        number = phonenumbers.parse(cleaned, default_region)
    except phonenumbers.NumberParseException:
        return Detail(raw[:MAX_PHONE_WRITTEN], PHONE_UNREADABLE)
    if not phonenumbers.is_valid_number(number):
        return Detail(raw[:MAX_PHONE_WRITTEN], PHONE_INVALID)
    return Detail(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalise_email(text) -> str:
    """An e-mail address in lower case, without a display name or ``mailto:``. Raises
    ValueError for a doubtful address."""
    raw = str(text or "").strip()
    if not raw:
        raise ValueError(_("The e-mail address is empty."))
    detail = read_cached(_address, raw)
    if detail.doubt:
        raise ValueError(_("“%(value)s” is not a valid e-mail address.") % {"value": raw})
    return detail.value


def read_email(text) -> Detail:
    """An e-mail address as a contact gives it: normalised when valid under RFC 5321/5322,
    else kept as written and marked: ``EMAIL_INTERNATIONAL`` when it is valid under RFC 6531
    only (``aïsha12@gmail.com``: not every mail server takes it), ``EMAIL_MALFORMED``
    otherwise."""
    raw = str(text or "").strip()
    return read_cached(_address, raw) if raw else Detail("")


#: The address in angle brackets at the end of a "Display Name <address>" form.
_BRACKETED = re.compile(r"<([^<>\s]+)>\s*$")


def display_and_address(text: str) -> tuple[str, str]:
    """The display name and the address of "Display Name <address>". People write the
    family name first with an unquoted comma ("Konovalov, Denis <d@example.nl>"), which
    ``parseaddr`` reads as two addresses: the part in angle brackets at the end wins."""
    if bracketed := _BRACKETED.search(text):
        return text[: bracketed.start()].strip().strip('"').strip(), bracketed.group(1)
    return parseaddr(text)


@lru_cache(maxsize=100_000)
def _address(raw: str) -> Detail:
    candidate = raw[7:] if raw.lower().startswith("mailto:") else raw
    _name, address = display_and_address(candidate)
    if _BRACKETED.search(candidate):
        if "@" in _name or "\r" in candidate or "\n" in candidate:  # "a@x.org, B <b@y.org>": which one?
            return Detail(raw[:MAX_EMAIL_WRITTEN], EMAIL_MALFORMED)
    elif len(getaddresses([candidate])) > 1:  # "a@x.org, b@y.org", "a@x.org\r\nBcc: ...": which one?
        return Detail(raw[:MAX_EMAIL_WRITTEN], EMAIL_MALFORMED)
    elif address and address != candidate.strip():
        return Detail(raw[:MAX_EMAIL_WRITTEN], EMAIL_MALFORMED)  # "a@x.org junk" read as a@x.orgjunk
    address = (address or candidate).strip()
    if len(address) <= MAX_EMAIL_WRITTEN:  # Django takes up to 320; RFC 5321 and the columns 254
        try:
            validate_email(address.lower())
            return Detail(address.lower())
        except ValidationError:
            pass
    try:  # the library that knows RFC 6531 (SMTPUTF8): is it an address at all?
        checked = email_validator.validate_email(address, check_deliverability=False)
    except (email_validator.EmailNotValidError, ValueError):
        return Detail(raw[:MAX_EMAIL_WRITTEN], EMAIL_MALFORMED)
    return Detail(checked.normalized[:MAX_EMAIL_WRITTEN], EMAIL_INTERNATIONAL if checked.smtputf8 else EMAIL_MALFORMED)


@dataclass(frozen=True)
class PartialDate:
    """A birth date as far as it is known.

    Asylum seekers often know only their year of birth; their papers then carry a placeholder
    day and month (``00-00`` or ``01-01``). ``placeholder`` says the day and month may not be
    real, so matching compares the year alone.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    placeholder: bool = False

    @property
    def known(self) -> bool:
        return self.year is not None

    @property
    def is_full(self) -> bool:
        """A real, complete date: day and month known and not placeholders."""
        return self.day is not None and self.month is not None and not self.placeholder

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.is_full else None

    def compatible(self, other: PartialDate) -> str:
        """How two birth dates relate: ``exact``, ``year`` (same year, one side partial),
        ``unknown`` (one side unknown) or ``conflict``."""
        if self.year is None or other.year is None:
            return "unknown"
        if self.year != other.year:
            return "conflict"
        if (
            self.day is not None
            and other.day is not None
            and self.month is not None
            and other.month is not None
            and not self.placeholder
            and not other.placeholder
        ):  # both is_full, written out: a hot path
            return "exact" if (self.month, self.day) == (other.month, other.day) else "conflict"
        mine = None if self.placeholder else self.month
        theirs = None if other.placeholder else other.month
        if mine is not None and theirs is not None and mine != theirs:
            return "conflict"
        return "year"

    def iso(self) -> str:
        """``1990-05-01``, ``1990-05``, ``1990``, or ``""``; placeholders show as written."""
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}" + ("-00-00" if self.placeholder else "")
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self):
        return self.iso()


UNKNOWN_DATE = PartialDate()
_PLACEHOLDER_PARTS = {"00", "0", "xx", "x", "??"}
_ISO = re.compile(r"^(\d{4})(?:[-/.](\w{1,2}|\?\?)(?:[-/.](\w{1,2}|\?\?))?)?$")
_DMY = re.compile(r"^(\w{1,2}|\?\?)[-/.](\w{1,2}|\?\?)[-/.](\d{4})$")
MIN_YEAR = 1900


def parse_birth_date(text) -> PartialDate:
    """A birth date: a full date (``1990-05-01``, ``01-05-1990``), a year and month, a year
    alone (``1990``), or a year with placeholder day and month (``1990-00-00``,
    ``00-00-1990``, ``XX-XX-1990``, ``1990-01-01`` as given to many asylum seekers)."""
    raw = str(text or "").strip()
    if not raw:
        return UNKNOWN_DATE
    return read_cached(_birth_date, raw, timezone.localdate())


@lru_cache(maxsize=100_000)  # by the day: a date that lies in the future tomorrow may not today
def _birth_date(raw: str, today: date) -> PartialDate:
    iso, dmy = _ISO.match(raw), _DMY.match(raw)
    if iso:
        year_s, month_s, day_s = iso.group(1), iso.group(2), iso.group(3)
    elif dmy:
        day_s, month_s, year_s = dmy.group(1), dmy.group(2), dmy.group(3)
    else:
        raise ValueError(_("“%(value)s” is not a date: write it as 1990-05-01, 01-05-1990 or 1990.") % {"value": raw})
    year = int(year_s)
    if year < MIN_YEAR or year > today.year:
        raise ValueError(
            _("“%(value)s” has a birth year outside %(min)d–%(max)d.")
            % {"value": raw, "min": MIN_YEAR, "max": today.year}
        )
    month = _part(month_s, raw)
    day = _part(day_s, raw) if month is not None else None
    placeholder = month_s is not None and month is None  # "1990-00-00": only the year is real
    if month is not None and not 1 <= month <= 12:
        raise ValueError(_("“%(value)s” has no month %(month)d.") % {"value": raw, "month": month})
    if day is not None:
        try:
            full = date(year, month, day)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a date that exists.") % {"value": raw}) from None
        if full > today:
            raise ValueError(_("“%(value)s” lies in the future.") % {"value": raw})
        if (month, day) == (1, 1):
            placeholder = True  # 1 January stands in for "unknown" on many asylum papers
    return PartialDate(year, month, day, placeholder)


def _part(value: str | None, raw: str) -> int | None:
    if value is None or value.lower() in _PLACEHOLDER_PARTS:
        return None
    if not value.isdigit():
        raise ValueError(_("“%(value)s” is not a date: write it as 1990-05-01, 01-05-1990 or 1990.") % {"value": raw})
    return int(value)


def partial_date(year=None, month=None, day=None, placeholder=False) -> PartialDate:
    """A PartialDate from stored columns."""
    return PartialDate(year, month, day, bool(placeholder))
