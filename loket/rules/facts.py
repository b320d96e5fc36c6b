"""The facts of a case as the rule engine sees them: plain frozen dataclasses, no ORM.

The rules judge *facts* (feiten van de zaak), never database rows, so that one engine
serves both the issuing of a decision (the cases/decisions apps convert their models into
these facts) and the re-audit of decisions exported from another system (one JSON object
per line, parsed by :func:`parse_case`).

Dates are ``datetime.date``; people are opaque identifiers (user names, staff numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

KINDS = frozenset({"objection", "application", "revocation"})
TRACKS = frozenset({"regular", "asylum", "naturalisation"})

#: Event types. ``intention_sent.on`` is the day the intention (voornemen) was *delivered*.
#: ``defect_repair_requested`` / ``suspended`` open a suspension (opschorting, Awb 4:15,
#: 7:10(2)); ``resumed`` closes it. ``postponed`` is a written postponement (verdaging,
#: Awb 7:10(3)); ``postponement_consented`` records the objector's consent to a further one
#: (7:10(4)(a)). ``extended`` is a notified extension of an application's period (Vw 25(2),
#: 42(4)/(5); for objections under Vw 76 the 13 weeks for third-party advice).
#: ``notice_of_default`` is the day the written notice (ingebrekestelling) was *received*;
#: ``penalty_fixed`` the day the penalty was fixed by decision (Awb 4:18).
EVENT_TYPES = frozenset(
    {
        "received",
        "hearing_invited",
        "hearing_held",
        "hearing_waived",
        "excusability_assessed",
        "intention_sent",
        "view_received",
        "hearing_offered",
        "suspended",
        "resumed",
        "postponed",
        "postponement_consented",
        "notice_of_default",
        "advisory_committee",
        "penalty_fixed",
        "extended",
        "defect_repair_requested",
    }
)

NEGATIVE_OUTCOMES = frozenset({"rejected", "unfounded", "inadmissible", "revoked"})
OUTCOMES = NEGATIVE_OUTCOMES | {"granted", "partly_granted", "not_revoked"}

#: The grounds of Awb 7:3 on which the hearing may be skipped, (a) to (e).
HEARING_EXCEPTIONS = ("manifestly_inadmissible", "manifestly_unfounded", "waived", "no_reply", "granted_in_full")

#: Grounds for revoking an asylum permit: Vw 32(1)(a)-(e) (fixed term), 35(1)(a)-(d) (permanent).
REVOCATION_GROUNDS = tuple(f"vw32-1-{c}" for c in "abcde") + tuple(f"vw35-1-{c}" for c in "abcd")

#: What the notice of remedies (rechtsmiddelenclausule) says. "" = not recorded (not judged).
REMEDIES_NOTICES = ("", "objection", "appeal_4_weeks", "appeal_1_week")


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in the procedure, on a day, done or received by someone."""

    type: str
    on: date
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Contested:
    """The decision an objection is against (het bestreden besluit)."""

    decided_on: date
    notified_on: date
    author: str
    signatory: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision being issued or audited (de beslissing op aanvraag/bezwaar, het intrekkingsbesluit)."""

    decided_on: date
    outcome: str
    author: str
    signatory: str
    second_reader: str | None = None
    reasons: str = ""
    hearing_exception: str | None = None
    revocation_ground: str | None = None
    departs_from_advice: bool = False
    remedies_notice: str = ""

    @property
    def negative(self) -> bool:
        return self.outcome in NEGATIVE_OUTCOMES


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One case: an application (aanvraag), an objection (bezwaar) or a revocation (intrekking).

    ``posted_on`` is the day an objection was posted, when known (Awb 6:9); without it the
    objection is judged by ``received_on``. ``accelerated`` marks the accelerated asylum
    procedure (its appeal period is one week).
    """

    ref: str
    kind: str
    track: str
    received_on: date | None
    contested: Contested | None
    events: tuple[Event, ...]
    decision: Decision | None
    accelerated: bool = False
    posted_on: date | None = None
    _by_type: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Oldest first, per type: the rules ask "the first hearing before the decision" often.
        by_type: dict[str, list[Event]] = {}
        for event in sorted(self.events, key=_event_day):
            by_type.setdefault(event.type, []).append(event)
        object.__setattr__(self, "_by_type", by_type)

    def has(self, *types: str) -> bool:
        """Whether any event of these types happened (on any day)."""
        return any(t in self._by_type for t in types)

    def events_of(self, *types: str) -> list[Event]:
        """Events of these types, oldest first."""
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))
        return sorted((e for t in types for e in self._by_type.get(t, ())), key=_event_day)

    def first(self, type_: str, *, on_or_before: date | None = None) -> Event | None:
        for event in self.events_of(type_):
            if on_or_before is None or event.on <= on_or_before:
                return event
            break
        return None


def _event_day(event: Event) -> date:
    return event.on


class CaseFormatError(ValueError):
    """A case that cannot be judged: ``field`` names the place, ``message`` says what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


from .parse import parse_case  # noqa: E402,F401  (re-exported: the interface lives here)
