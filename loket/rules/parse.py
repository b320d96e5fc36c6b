"""Reading a case in the re-audit format (issue 4) into :class:`~loket.rules.facts.CaseFacts`.

Strict on purpose: a case whose facts are unknown or contradictory cannot be judged, so
it is reported as a bad line (with the field and the reason) instead of being judged on a
guess. But a re-audit exists to find decisions that broke a rule, so a field whose invalid
value *is* such a breach is kept as written and judged by its rule, which quotes it:

- ``decision.revocation_ground`` (REV-01: a ground of Vw 32(1) or 35(1)),
- ``decision.hearing_exception`` (HEAR-02: a ground of Awb 7:3),
- ``decision.remedies_notice`` (OBJ-03: the notice names the court and its period).

Every other field stays strict, because without it the case is not a decision that can be
judged: ``ref``, ``kind``, ``track`` and ``decision.outcome`` say which rules apply; dates
(and their order), people, ``events`` and the flags are the facts the rules measure;
``decision.reasons`` that is not text is not a statement of reasons (an empty one is judged
by REA-01). The parser is on the hot path of ``loket rules audit`` (millions of lines), so it
avoids anything that costs more than a dictionary look-up per field.
"""

from __future__ import annotations

import json
from datetime import date

from django.utils.translation import gettext as _

from .facts import (
    EVENT_TYPES,
    HEARING_EXCEPTIONS,
    KINDS,
    OUTCOMES,
    REMEDIES_NOTICES,
    REVOCATION_GROUNDS,
    TRACKS,
    CaseFacts,
    CaseFormatError,
    Contested,
    Decision,
    Event,
)

_fromiso = date.fromisoformat
_seen_dates: dict[str, date] = {}  # the same few thousand days recur millions of times


def _date(value, field: str, *, required: bool = True) -> date | None:
    known = _seen_dates.get(value) if type(value) is str else None
    if known is not None:
        return known
    if value is None:
        if required:
            raise CaseFormatError(field, _("a date is required (YYYY-MM-DD)"))
        return None
    # date.fromisoformat accepts other ISO forms too (20260101, 2026-W01-1): only YYYY-MM-DD here.
    if type(value) is not str or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise CaseFormatError(field, _("%(value)r is not a date in the form YYYY-MM-DD") % {"value": value})
    try:
        parsed = _fromiso(value)
    except ValueError:
        raise CaseFormatError(field, _("%(value)r is not a valid date") % {"value": value}) from None
    if len(_seen_dates) < 100_000:
        _seen_dates[value] = parsed
    return parsed


def _day(value, field: str, required: bool = True) -> date | None:
    """``_date`` with the common case first: a day already seen."""
    try:
        return _seen_dates[value]
    except (KeyError, TypeError):
        return _date(value, field, required=required)


def _text(value, field: str, *, required: bool = True) -> str | None:
    if value is None or value == "":
        if required:
            raise CaseFormatError(field, _("is required"))
        return None
    if type(value) is not str:
        raise CaseFormatError(field, _("must be text"))
    return value


def _choice(value, field: str, allowed) -> str:
    if value not in allowed:
        raise CaseFormatError(
            field,
            _("unknown value %(value)r (allowed: %(allowed)s)")
            % {"value": value, "allowed": ", ".join(sorted(a for a in allowed if a))},
        )
    return value


def _as_written(value) -> str | None:
    """A legal value that its rule judges, kept as written: text as it is, anything else as its
    JSON; absent or empty is "not recorded" (None)."""
    if value is None or value == "":
        return None
    return value if type(value) is str else json.dumps(value, ensure_ascii=False)


def _flag(value, field: str) -> bool:
    if value is None:
        return False
    if type(value) is not bool:
        raise CaseFormatError(field, _("must be true or false"))
    return value


def _contested(obj, received_on: date | None) -> Contested:
    if type(obj) is not dict:
        raise CaseFormatError("contested", _("an objection needs the contested decision (an object)"))
    get = obj.get
    contested = Contested(  # positional: this runs millions of times in an audit
        _day(get("decided_on"), "contested.decided_on"),
        _day(get("notified_on"), "contested.notified_on"),
        _text(get("author"), "contested.author"),
        _text(get("signatory"), "contested.signatory"),
    )
    if contested.notified_on < contested.decided_on:
        raise CaseFormatError("contested.notified_on", _("notified before the contested decision was taken"))
    if received_on is not None and received_on < contested.decided_on:
        raise CaseFormatError("received_on", _("the objection was received before the contested decision was taken"))
    return contested


def _events(items) -> tuple[Event, ...]:
    if items is None:
        return ()
    if type(items) is not list:
        raise CaseFormatError("events", _("must be a list"))
    events = []
    for i, item in enumerate(items):
        if type(item) is not dict:
            raise CaseFormatError(f"events[{i}]", _("must be an object"))
        type_, by = item.get("type"), item.get("by")
        if type_ not in EVENT_TYPES:
            _choice(type_, f"events[{i}].type", EVENT_TYPES)
        if by is not None and (type(by) is not str or not by):
            by = _text(by, f"events[{i}].by", required=False)
        events.append(Event(type_, _day(item.get("on"), f"events[{i}].on"), by))
    return tuple(events)


def _decision(obj) -> Decision | None:
    if obj is None:
        return None
    if type(obj) is not dict:
        raise CaseFormatError("decision", _("must be an object or null"))
    get = obj.get
    reasons = get("reasons")
    if reasons is None:
        reasons = ""
    elif type(reasons) is not str:
        raise CaseFormatError("decision.reasons", _("must be text"))
    # Judged by HEAR-02, REV-01 and OBJ-03, which quote a value outside the law (see above).
    exception, ground, notice = get("hearing_exception"), get("revocation_ground"), get("remedies_notice")
    if exception is not None and exception not in HEARING_EXCEPTIONS:
        exception = _as_written(exception)
    if ground is not None and ground not in REVOCATION_GROUNDS:
        ground = _as_written(ground)
    if notice not in REMEDIES_NOTICES:
        notice = _as_written(notice) or ""
    second = get("second_reader")
    return Decision(  # positional, in the order of the fields: this runs millions of times
        _day(get("decided_on"), "decision.decided_on"),
        _choice(get("outcome"), "decision.outcome", OUTCOMES),
        _text(get("author"), "decision.author"),
        _text(get("signatory"), "decision.signatory"),
        second if type(second) is str and second else _text(second, "decision.second_reader", required=False),
        reasons,
        exception,
        ground,
        _flag(get("departs_from_advice"), "decision.departs_from_advice"),
        notice,
    )


def parse_case(obj: dict) -> CaseFacts:
    """One case of the re-audit format; raises :class:`CaseFormatError` on bad input."""
    if type(obj) is not dict:
        raise CaseFormatError("case", _("a case must be a JSON object"))
    ref = obj.get("ref")
    if type(ref) is not str or not ref.strip():
        raise CaseFormatError("ref", _("is required"))
    kind = _choice(obj.get("kind"), "kind", KINDS)
    track = _choice(obj.get("track"), "track", TRACKS)
    received_on = _day(obj.get("received_on"), "received_on", required=kind != "revocation")
    contested = None
    if kind == "objection" or obj.get("contested") is not None:
        contested = _contested(obj.get("contested"), received_on if kind == "objection" else None)
    decision = _decision(obj.get("decision"))
    if decision is not None and received_on is not None and decision.decided_on < received_on:
        raise CaseFormatError("decision.decided_on", _("the decision is dated before the case was received"))
    return CaseFacts(
        ref,
        kind,
        track,
        received_on,
        contested,
        _events(obj.get("events")),
        decision,
        _flag(obj.get("accelerated"), "accelerated"),
        _day(obj.get("posted_on"), "posted_on", required=False),
    )
