"""Statutory periods of a case (beslistermijnen) and the penalty for a late decision (dwangsom).

Every due date here comes from :func:`loket.core.deadlines.add_period` (Awb 6:8 and the
Algemene termijnenwet, art. 4 included: 19 weeks or 6 months are *not* moved off a
weekend). :func:`period_end` only remembers its answers, because the re-audit asks the
same few thousand questions millions of times; the memory is dropped whenever the core
calendar reloads its equated days.

The cases app reuses :func:`statutory_due` and :func:`penalty_owed` for its work queues.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from loket.core import deadlines as calendar

from .facts import CaseFacts

_memo: dict[tuple, date] = {}
_memo_calendar: object = None
_MEMO_MAX = 500_000


def period_end(start: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """``add_period`` with a memory (same arguments, same answer)."""
    global _memo_calendar
    equated = calendar._equated_days()  # cached by the core; a new object after it reloads
    if equated is not _memo_calendar:
        _memo.clear()
        _memo_calendar = equated
    key = (start, days, weeks, months)
    end = _memo.get(key)
    if end is None:
        if len(_memo) >= _MEMO_MAX:
            _memo.clear()
        end = _memo[key] = calendar.add_period(start, days=days, weeks=weeks, months=months)
    return end


# --- OBJ-01: the objection period (bezwaartermijn) ---------------------------------------


def objection_weeks(case: CaseFacts) -> int:
    """4 weeks for decisions under the Aliens Act (Vw 69(1)), 6 otherwise (Awb 6:7)."""
    return 6 if case.track == "naturalisation" else 4


def objection_period_end(case: CaseFacts) -> date | None:
    """The last day of the objection period, which begins the day after notification (6:8)."""
    if case.contested is None:
        return None
    return period_end(case.contested.notified_on, weeks=objection_weeks(case))


def objection_in_time(case: CaseFacts) -> bool | None:
    """In time if received within the period, or posted within it and received at most a
    week after it (Awb 6:9(2)). Without a posting date the receipt alone decides."""
    end = objection_period_end(case)
    if end is None or case.received_on is None:
        return None
    if case.received_on <= end:
        return True
    if case.posted_on is not None and case.posted_on <= end:
        return case.received_on <= period_end(end, weeks=1)
    return False


# --- suspensions, postponements, extensions ------------------------------------------------

_SUSPENSION_START = frozenset({"suspended", "defect_repair_requested"})


def _suspensions(case: CaseFacts, until: date) -> list[tuple[date, int]]:
    """(start, days) of each suspension (opschorting) up to ``until``; one left open runs to ``until``."""
    spans, opened = [], None
    if not case.has(*_SUSPENSION_START):
        return spans
    for event in case.events_of("suspended", "defect_repair_requested", "resumed"):
        if event.on > until:
            break
        if event.type in _SUSPENSION_START:
            opened = event.on if opened is None else opened
        elif opened is not None:
            spans.append((opened, (event.on - opened).days))
            opened = None
    if opened is not None:
        spans.append((opened, (until - opened).days))
    return spans


def _due_with_suspensions(case: CaseFacts, base: date, until: date, **period) -> date:
    """The end of ``period`` after ``base``, moved by the days of every suspension while the
    period ran: days before it began do not count, nor does a suspension that began after
    it lapsed."""
    shift = 0
    due = period_end(base, **period)
    for start, days in _suspensions(case, until):
        end = start + timedelta(days=days)
        counted = (end - max(start, base)).days
        if start <= due and counted > 0:
            shift += counted
            due = _shifted_end(base, shift, period)
    return due


def _shifted_end(base: date, shift: int, period: dict) -> date:
    """The end of a period suspended for ``shift`` days: the bare end moves by that many
    days, then the Atw applies where it does (for a period in weeks or days, moving the
    start is the same; a period of more than 3 months the Atw leaves alone, art. 4)."""
    if period.get("months", 0) > calendar.ATW_MAX_MONTHS:
        return period_end(base, **period) + timedelta(days=shift)
    return period_end(base + timedelta(days=shift), **period)


@dataclass(frozen=True)
class Due:
    """A decision period's last day, and the events that tried to move it but do not count:
    ``(event, why)`` with why "late" (sent after the period lapsed), "excess" (more than the
    law allows) or "unconsented" (a further postponement without consent, Awb 7:10(4))."""

    on: date
    uncounted: tuple = ()


def objection_due(case: CaseFacts, until: date) -> Due | None:
    """When the decision on an objection is due (DEC-01 Awb 7:10, DEC-02 Vw 76)."""
    end = objection_period_end(case)
    if end is None or case.track == "asylum":
        return None
    base = max(end, case.received_on) if case.received_on else end  # a late objection: from receipt
    uncounted: list = []
    if case.track == "regular":  # DEC-02, Vw 76: 19 weeks, once +13 for third-party advice
        due = _due_with_suspensions(case, base, until, weeks=19)
        extended = False
        for event in case.events_of("extended"):
            if event.on > until:
                break
            if extended or event.on > due:
                uncounted.append((event, "excess" if extended else "late"))
            else:
                extended, due = True, period_end(due, weeks=13)
        return Due(due, tuple(uncounted))
    weeks = 6  # DEC-01, Awb 7:10(1); 7:13: 12 weeks when an advisory committee hears the objector
    committee = case.first("advisory_committee")
    if committee is not None and committee.on <= period_end(base, weeks=6):
        weeks = 12
    due = _due_with_suspensions(case, base, until, weeks=weeks)
    consents = [e.on for e in case.events_of("postponement_consented")]
    counted = 0
    for event in case.events_of("postponed"):
        if event.on > until:
            break
        if event.on > due:
            uncounted.append((event, "late"))
        elif counted and not any(c <= event.on for c in consents):
            uncounted.append((event, "unconsented"))  # 7:10(4): once only, further with consent
        else:
            counted += 1
            due = period_end(due, weeks=6)
    return Due(due, tuple(uncounted))


# --- applications: APP-01, VW-25, VW-42 --------------------------------------------------

#: Each track's statutory period, then the whole period after each notified extension.
APPLICATION_PERIODS = {
    "regular": ({"days": 90}, ({"months": 6},)),  # Vw 25: 90 days, up to 6 months
    "asylum": ({"months": 6}, ({"months": 15}, {"months": 18})),  # Vw 42: 6 months, +9, then +3
    "naturalisation": ({"months": 12}, ({"months": 18},)),  # RWN: one year, once +6 months (check)
}


def application_due(case: CaseFacts, until: date) -> Due | None:
    """When the decision on an application is due (APP-01, VW-25, VW-42)."""
    if case.received_on is None or case.kind != "application":
        return None
    period, extensions = APPLICATION_PERIODS[case.track]
    due = _due_with_suspensions(case, case.received_on, until, **period)
    uncounted, used = [], 0
    for event in case.events_of("extended"):
        if event.on > until:
            break
        if used >= len(extensions):
            uncounted.append((event, "excess"))
        elif event.on > due:
            uncounted.append((event, "late"))
        else:
            due = _due_with_suspensions(case, case.received_on, until, **extensions[used])
            used += 1
    return Due(due, tuple(uncounted))


def statutory_due(case: CaseFacts, on: date | None = None) -> date | None:
    """The day by which the case must be decided, or None when no statutory period applies
    (revocations, asylum objections). ``on`` is the day the facts are judged on (default:
    the decision date, else today): a suspension still open runs until then."""
    until = on or (case.decision.decided_on if case.decision else date.today())  # noqa: DTZ011  (plain Python, no Django; Loket passes `on`)
    if case.kind == "objection":
        found = objection_due(case, until)
    elif case.kind == "application":
        found = application_due(case, until)
    else:
        return None
    return found.on if found else None


# --- DW-01 / DW-02: the penalty for a late decision (Awb 4:17) ---------------------------

PENALTY_SCALE = ((14, Decimal(23)), (14, Decimal(35)), (14, Decimal(45)))  # max 1,442
PENALTY_SCALE_BEFORE_2019 = ((14, Decimal(20)), (14, Decimal(30)), (14, Decimal(40)))  # max 1,260
NEW_SCALE_FROM = date(2019, 1, 1)
ASYLUM_PENALTIES_SUSPENDED_FROM = date(2020, 7, 10)  # Tijdelijke wet opschorting dwangsommen IND
PENALTY_MAX_DAYS = 42


def penalty_notice(case: CaseFacts, on: date):
    """The notice of default (ingebrekestelling) that starts the penalty, if any: the first
    one received after the period lapsed (an earlier one is premature) and by ``on``."""
    if not case.has("notice_of_default"):
        return None, None
    due = statutory_due(case, on)
    if due is None:
        return None, None
    for event in case.events_of("notice_of_default"):
        if due < event.on <= on:
            return event, due
    return None, due


def penalty_days(case: CaseFacts, on: date) -> tuple[int, date | None, object]:
    """(days owed, first day owed, notice) on ``on``: from two weeks after the notice was
    received, to the decision (or ``on``), at most 42 days (Awb 4:17(1),(3))."""
    notice, _due = penalty_notice(case, on)
    if notice is None:
        return 0, None, None
    if case.kind == "application" and case.track == "asylum" and notice.on >= ASYLUM_PENALTIES_SUSPENDED_FROM:
        return 0, None, notice  # DW-02: no automatic penalty
    first = period_end(notice.on, weeks=2) + timedelta(days=1)
    end = min(on, case.decision.decided_on) if case.decision else on
    days = max(0, min(PENALTY_MAX_DAYS, (end - first).days + 1))
    return days, first, notice


def penalty_amount(days: int, notice_on: date) -> Decimal:
    scale = PENALTY_SCALE if notice_on >= NEW_SCALE_FROM else PENALTY_SCALE_BEFORE_2019
    total, left = Decimal(0), days
    for span, rate in scale:
        n = min(left, span)
        total += n * rate
        left -= n
    return total


def penalty_owed(case: CaseFacts, on: date) -> Decimal:
    """The penalty owed on ``on`` (DW-01; nothing for asylum notices since 10 July 2020, DW-02)."""
    days, _first, notice = penalty_days(case, on)
    return penalty_amount(days, notice.on) if days else Decimal(0)
