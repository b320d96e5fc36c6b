"""Four eyes on negative decisions (vier-ogenprincipe, tweede lezer).

FOUR-01: a rejection, inadmissibility, revocation or unfounded objection needs a second
reader other than its author. The service's own instruction, not a statute; kept because an
official who decides alone, for payment or under pressure, is the failure it prevents.
"""

from __future__ import annotations

from datetime import date

from ..facts import CaseFacts
from .base import BLOCK, Rule, block

_OUTCOME_NL = {
    "rejected": "afwijzing",
    "unfounded": "ongegrondverklaring",
    "inadmissible": "niet-ontvankelijkverklaring",
    "revoked": "intrekking",
}


def check_four01(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or not decision.negative:
        return []
    if decision.second_reader is None:
        return [
            block(
                f"Een {_OUTCOME_NL[decision.outcome]} heeft een tweede lezer nodig; er is er geen.",
                f"A negative decision ({decision.outcome}) needs a second reader; there is none.",
            )
        ]
    if decision.second_reader == decision.author:
        return [
            block(
                f"De tweede lezer van deze {_OUTCOME_NL[decision.outcome]} is de opsteller zelf ({decision.author}).",
                f"The second reader of this negative decision ({decision.outcome}) is its author ({decision.author}).",
            )
        ]
    return []


RULES = (
    Rule(
        id="FOUR-01",
        tests=(
            "test_hearing_and_people.py::test_four01_negative_decision_needs_a_second_reader_other_than_the_author",
            "test_hearing_and_people.py::test_four01_positive_decisions_need_no_second_reader",
        ),
        title_nl="Vier ogen bij negatieve beslissingen",
        title_en="Four eyes on negative decisions",
        description_nl=(
            "Een negatieve beslissing (afwijzing, niet-ontvankelijkverklaring, intrekking, ongegrond "
            "bezwaar) heeft een tweede lezer nodig die niet de opsteller is."
        ),
        description_en=(
            "A negative decision (rejection, inadmissibility, revocation, unfounded objection) needs a "
            "second reader other than its author."
        ),
        source="Werkinstructie van de dienst (vier-ogenprincipe)",
        outcome=BLOCK,
        valid_from=date(2001, 4, 1),
        check=check_four01,
    ),
)
