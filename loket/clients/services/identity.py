"""What an incoming contact says about its sender, checked and brought to normal form.

``ContactIdentity`` is the shape the contact app (and any other intake) hands over; every
field is optional and written as the sender wrote it. ``parse_identity`` reads it all
before anything is stored and raises one ``InvalidIdentity`` naming every bad field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import blocking
from ..names import NameForms, adopt, forms
from ..parsing import (
    UNKNOWN_DATE,
    PartialDate,
    display_and_address,
    parse_birth_date,
    parse_v_number,
    read_cached,
    read_email,
    read_phone,
)
from ..scoring import Profile

MAX_NAME = 300
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
_CASE_REF = re.compile(r"^[A-Z0-9][A-Z0-9./_-]{1,39}$")


class InvalidIdentity(ValidationError, ValueError):
    """Bad input about a client: both a Django ``ValidationError`` (one message per field,
    for forms and the API) and a ``ValueError`` (for importers)."""


@dataclass
class ContactIdentity:
    """What an incoming contact says about who sent it; every field optional."""

    name: str = ""
    birth_date: str = ""  # ISO date "1990-05-01" or a year alone "1990"
    nationality: str = ""  # ISO 3166 alpha-2
    v_number: str = ""  # as written, e.g. "12-3456-7890" or "V1234567890"
    email: str = ""  # as written
    phone: str = ""  # as written
    case_ref: str = ""
    language: str = ""

    def as_dict(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}  # plain strings: no deep copy needed


@dataclass(frozen=True)
class ParsedIdentity:
    name: str = ""
    birth: PartialDate = UNKNOWN_DATE
    nationality: str = ""
    v_number: str = ""
    email: str = ""
    phone: str = ""
    case_ref: str = ""
    language: str = ""
    email_name: str = ""  # the display name of "Nataliya <n@example.org>": a hint, not a name
    # A doubtful phone number or e-mail address (``parsing.Detail``), kept as written: it is
    # never looked up as an exact identifier, and adds to a score only where a client holds
    # it written the same way.
    doubtful_phone: str = ""
    phone_doubt: str = ""
    doubtful_email: str = ""
    email_doubt: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.name, self.birth.known, self.v_number, self.email, self.phone, self.case_ref))

    # The blocking keys are worked out once per identity and kept on it (a cached property
    # lives in the instance's __dict__, which pickling carries): an import's reading process
    # works them out (``with_keys``) and matching in the storing process only reads them.

    @cached_property
    def name_forms(self) -> list[NameForms]:
        """The sender's name in comparable form (none without a name). Made in an import's
        reading process and carried over with the keys: the storing process adopts them
        (``names.adopt``) instead of making them again."""
        return [forms(self.name)] if self.name and self.name.strip() else []

    def profile(self) -> Profile:
        """The sender as scoring compares it."""
        names = [adopt(self.name, made) for made in self.name_forms]
        phone, email = self.phone or self.doubtful_phone, self.email or self.doubtful_email
        return Profile(
            names,
            self.birth,
            (self.nationality or "").upper(),
            frozenset([phone]) if phone else frozenset(),
            frozenset([email]) if email else frozenset(),
        )

    @property
    def doubts(self) -> dict[str, dict[str, str]]:
        """The doubtful details, as a contact keeps them: field -> written, reason."""
        out = {}
        if self.phone_doubt:
            out["phone"] = {"written": self.doubtful_phone, "reason": self.phone_doubt}
        if self.email_doubt:
            out["email"] = {"written": self.doubtful_email, "reason": self.email_doubt}
        return out

    @cached_property
    def match_keys(self) -> frozenset[int]:
        """The blocking keys matching finds this sender's candidates by."""
        return frozenset(blocking.match_keys(self.name_forms, self.birth.year))

    @cached_property
    def count_keys(self) -> frozenset[int]:
        """The keys that tell how common the sender's name is; only asked when the birth
        date is known (with none, no link rests on how rare the name is)."""
        names = self.name_forms
        return frozenset(blocking.count_keys(names)) if names and self.birth.known else frozenset()

    def with_keys(self) -> ParsedIdentity:
        """This identity with its name forms and blocking keys worked out (before it goes
        to another process)."""
        self.name_forms, self.match_keys, self.count_keys  # noqa: B018 -- computed and kept
        return self


def parse_nationality(text) -> str:
    """An ISO 3166 alpha-2 country code in upper case."""
    code = str(text or "").strip().upper()
    if not code:
        return ""
    if len(code) != 2 or code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(
            _("“%(value)s” is not a two-letter country code (ISO 3166), such as SY or ER.") % {"value": text}
        )
    return code


def parse_case_ref(text) -> str:
    """A case reference in upper case without spaces."""
    ref = re.sub(r"\s+", "", str(text or "")).upper()
    if ref and not _CASE_REF.match(ref):
        raise ValueError(
            _("“%(value)s” is not a case reference (letters, digits, - . / _; at most 40).") % {"value": text}
        )
    return ref


def parse_language(text) -> str:
    code = str(text or "").strip()
    if code and (not _LANGUAGE.match(code) or len(code) > 10):  # the columns hold 10 ("abc-abcdefgh" is 12)
        raise ValueError(_("“%(value)s” is not a language code such as ar, nl or ti.") % {"value": text})
    return code.lower()


def parse_name(text) -> str:
    name = " ".join(str(text or "").split())
    if len(name) > MAX_NAME:
        raise ValueError(_("A name has at most %(n)d characters.") % {"n": MAX_NAME})
    return name


_PARSERS = {
    "name": parse_name,
    "birth_date": parse_birth_date,
    "nationality": parse_nationality,
    "v_number": parse_v_number,
    "case_ref": parse_case_ref,
    "language": parse_language,
}


@lru_cache(maxsize=100_000)
def _display_name(written: str) -> str:
    """The display name of "Nataliya <n@example.org>": a hint, cut at a name's length (a
    longer one made every intake fail: the error named no field to mark)."""
    return " ".join(display_and_address(written)[0].split())[:MAX_NAME]


def parse_identity(identity: ContactIdentity) -> ParsedIdentity:
    """Every field read and checked; raise InvalidIdentity with one message per bad field.
    A doubtful phone number or e-mail address is no error: it is kept as written and marked
    (``doubtful_phone``, ``phone_doubt``, ...), as a contact is never refused for one."""
    values, errors = {}, {}
    for field_name, reader in (("phone", read_phone), ("email", read_email)):
        detail = reader(getattr(identity, field_name, "") or "")
        if detail.doubt:
            values[f"doubtful_{field_name}"], values[f"{field_name}_doubt"] = detail.value, detail.doubt
        elif detail.value:
            values[field_name] = detail.value
    for field_name, parser in _PARSERS.items():
        raw = getattr(identity, field_name, "") or ""
        if not str(raw).strip():
            continue
        try:
            values[field_name] = parser(raw)
        except ValueError as exc:
            errors[field_name] = [str(exc)]
    if errors:
        raise InvalidIdentity(errors)
    if "birth_date" in values:
        values["birth"] = values.pop("birth_date")
    if values.get("email"):
        values["email_name"] = read_cached(_display_name, str(identity.email))
    return ParsedIdentity(**values)
