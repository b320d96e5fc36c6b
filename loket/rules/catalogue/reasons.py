"""Every decision states its reasons (motiveringsbeginsel).

REA-01 (Awb 3:46, 3:47, 7:12): a decision with no reasons is blocked. A decision that
departs from advice must say why (3:50, 7:13(7)); whether the reasons do is for a lawyer to
judge, so that only warns when the reasons do not mention the advice at all.
"""

from __future__ import annotations

from datetime import date

from ..facts import CaseFacts
from .base import BLOCK, Rule, block, warn

_ADVICE_WORDS = ("advi",)  # advies, adviseur, advice, advisory


def check_rea01(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None:
        return []
    if not decision.reasons.strip():
        return [block("De beslissing vermeldt geen motivering.", "The decision states no reasons.")]
    if decision.departs_from_advice and not any(w in decision.reasons.lower() for w in _ADVICE_WORDS):
        return [
            warn(
                "De beslissing wijkt af van het advies, maar de motivering noemt het advies niet: "
                "zeg waarom wordt afgeweken.",
                "The decision departs from the advice but its reasons do not mention the advice: say why it departs.",
            )
        ]
    return []


RULES = (
    Rule(
        id="REA-01",
        tests=(
            "test_hearing_and_people.py::test_rea01_empty_reasons_block_in_every_kind",
            "test_hearing_and_people.py::test_rea01_departing_from_advice_without_saying_why_warns",
        ),
        title_nl="Motivering",
        title_en="Reasons",
        description_nl=(
            "Elke beslissing vermeldt haar motivering en, zo mogelijk, de wettelijke grondslag; een "
            "beslissing die van een advies afwijkt, zegt waarom."
        ),
        description_en=(
            "Every decision states its reasons and, where possible, its legal basis; a decision that "
            "departs from advice says why."
        ),
        source="Awb 3:46, 3:47, 3:50, 7:12",
        outcome=BLOCK,
        valid_from=date(1994, 1, 1),
        outcome_note_nl="blokkeert zonder motivering; waarschuwt als een afwijking van advies niet wordt uitgelegd",
        outcome_note_en="block when empty; warn when a departure from advice is not explained",
        check=check_rea01,
    ),
)
