"""Decisions as facts for the rule engine, and the reads of the decisions app.

:func:`case_facts` converts a case with its decision (issued, or the draft being judged)
into :class:`~loket.rules.facts.CaseFacts`; :func:`issued_case_facts` streams every issued
decision that way for ``loket rules audit`` (memory stays flat: chunks of rows, each chunk
with its events prefetched).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Prefetch

from loket.cases import facts as case_facts_module
from loket.cases.models import Case, CaseEvent
from loket.rules.facts import CaseFacts, Decision as DecisionFacts

from .models import Decision, DecisionContent, DecisionDraft

AUDIT_CHUNK = 2000


def _label(user) -> str:
    return user.get_username()


def decision_facts(content: DecisionContent, *, decided_on: date, second_reader=None) -> DecisionFacts:
    """A draft or an issued decision as the engine's ``Decision``."""
    return DecisionFacts(
        decided_on=decided_on,
        outcome=content.outcome,
        author=_label(content.author),
        signatory=_label(content.signatory),
        second_reader=_label(second_reader) if second_reader is not None else None,
        reasons=content.reasons,
        hearing_exception=content.hearing_exception or None,
        revocation_ground=content.revocation_ground or None,
        departs_from_advice=content.departs_from_advice,
        remedies_notice=content.remedies_notice or "",
    )


def draft_facts(draft: DecisionDraft, *, decided_on: date) -> CaseFacts:
    """The case as it would stand if ``draft`` were issued on ``decided_on``. The second
    reader counts only while the approval holds for the draft as it is now."""
    decision = decision_facts(
        draft, decided_on=decided_on, second_reader=draft.second_reader if draft.approved else None
    )
    return case_facts_module.case_facts(draft.case, decision=decision)


def case_facts(case: Case) -> CaseFacts:
    """The facts of ``case`` with its issued decision (or none while it is open)."""
    decision = case.decision if _has_decision(case) else None
    facts_decision = None
    if decision is not None:
        facts_decision = decision_facts(decision, decided_on=decision.decided_on, second_reader=decision.second_reader)
    return case_facts_module.case_facts(case, decision=facts_decision)


def _has_decision(case: Case) -> bool:
    try:
        return case.decision is not None
    except Decision.DoesNotExist:
        return False


def _events_prefetch(prefix: str = "") -> Prefetch:
    return Prefetch(f"{prefix}events", queryset=CaseEvent.objects.select_related("by").order_by("on", "id"))


def issued_queryset():
    return (
        Decision.objects.select_related(
            "author", "signatory", "second_reader", "case", "case__contested_author", "case__contested_signatory"
        )
        .prefetch_related(_events_prefetch("case__"))
        .order_by("pk")
    )


def issued_case_facts() -> Iterator[CaseFacts]:
    """Every issued decision as facts, oldest first (``loket rules audit`` without --input)."""
    for decision in issued_queryset().iterator(chunk_size=AUDIT_CHUNK):
        case = decision.case
        facts = decision_facts(decision, decided_on=decision.decided_on, second_reader=decision.second_reader)
        yield case_facts_module.case_facts(case, decision=facts)


# The people of a draft or decision are read by id after it is found, not joined: most case
# pages have neither, and five LEFT JOINs on the users cost PostgreSQL more to plan than the
# query costs to run (bench/RESULTS.md, 2026-12-06 14:19). No query when there is none.
def draft_of(case: Case) -> DecisionDraft | None:
    return (
        DecisionDraft.objects.filter(case=case)
        .prefetch_related("author", "signatory", "second_reader", "on_behalf_of")
        .first()
    )


def decision_of(case: Case) -> Decision | None:
    return (
        Decision.objects.filter(case=case)
        .prefetch_related("author", "signatory", "second_reader", "issued_by", "on_behalf_of")
        .first()
    )


def drawn_second_reader(case, user) -> bool:
    """Whether ``user`` may approve ``case``'s draft: the drawn second reader, or any second
    reader of the case when none was drawn (a case from before the draw)."""
    drawn = set(case.roles.filter(role="second_reader").exclude(user=None).values_list("user_id", flat=True))
    return not drawn or user.pk in drawn
