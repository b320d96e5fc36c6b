"""A case as the rule engine sees it (feiten van de zaak): models in, plain facts out.

The deadline and the penalty of a case are never computed here or anywhere else in this
app: they come from the rules' helpers (:mod:`loket.rules.deadlines`), given these facts.
The caller prefetches ``events`` (with ``by``) and selects the contested people, so that a
page of cases costs a fixed number of queries.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from loket.rules import deadlines as rule_deadlines
from loket.rules.facts import CaseFacts, Contested, Decision, Event

from .models import Case


def _contested(decided_on, notified_on, author: str | None, signatory: str | None) -> Contested | None:
    if decided_on is None or notified_on is None:
        return None
    return Contested(decided_on=decided_on, notified_on=notified_on, author=author or "", signatory=signatory or "")


def contested_facts(case: Case) -> Contested | None:
    return _contested(
        case.contested_decided_on,
        case.contested_notified_on,
        case.contested_author_label,
        case.contested_signatory_label,
    )


def _facts(fields, contested: Contested | None, events: tuple[Event, ...], decision: Decision | None) -> CaseFacts:
    """The facts from whatever holds the case's fields (a model or a row, through ``fields``)."""
    return CaseFacts(
        ref=fields("reference"),
        kind=fields("kind"),
        track=fields("track"),
        received_on=fields("received_on"),
        contested=contested,
        events=events,
        decision=decision,
        accelerated=fields("accelerated"),
        posted_on=fields("posted_on"),
    )


def case_facts(case: Case, *, decision: Decision | None = None, events=None) -> CaseFacts:
    """The facts of ``case``; ``decision`` is the decision being judged, if any; ``events``
    the case's events in their order when the caller read them itself (else its prefetched
    ``events``)."""
    events = tuple(Event(e.type, e.on, e.person) for e in (case.events.all() if events is None else events))
    return _facts(lambda name: getattr(case, name), contested_facts(case), events, decision)


def row_facts(row: dict, events: tuple[Event, ...]) -> CaseFacts:
    """The facts of a case read as plain values (``client_case_rows``): the same facts as
    ``case_facts`` gives for the model, without building one (the contested people by the
    rules' names: a user name, else the other system's id, as ``person_label``)."""
    contested = _contested(
        row["contested_decided_on"],
        row["contested_notified_on"],
        row["contested_author__username"] or row["contested_author_ref"],
        row["contested_signatory__username"] or row["contested_signatory_ref"],
    )
    return _facts(row.__getitem__, contested, events, None)


def due_on(facts: CaseFacts, today: date) -> date | None:
    """The statutory deadline, as the rules compute it (a suspension still open runs to today)."""
    return rule_deadlines.statutory_due(facts, today)


def penalty(facts: CaseFacts, today: date) -> tuple[int, Decimal, date | None]:
    """(days owed, amount owed, day the notice of default was received) on ``today`` (DW-01/DW-02)."""
    days, _first, notice = rule_deadlines.penalty_days(facts, today)
    amount = rule_deadlines.penalty_amount(days, notice.on) if days else Decimal(0)
    return days, amount, notice.on if notice is not None else None
