"""Who may decide on an objection (mandaat): not the person who took the contested decision.

MAND-01: wie het bestreden besluit nam (als opsteller of ondertekenaar) beslist niet op het
bezwaar (Awb 10:3(3)). Author and signatory are recorded separately, so a decision signed
"in the name of" a superior is caught for both.
"""

from __future__ import annotations

from datetime import date

from ..facts import CaseFacts
from .base import BLOCK, Rule, block

AWB = date(1994, 1, 1)
_ROLE_NL = {"author": "opsteller", "signatory": "ondertekenaar"}


def check_mand01(case: CaseFacts, on: date):
    decision, contested = case.decision, case.contested
    if decision is None or contested is None:
        return []
    involved = {contested.author: "author", contested.signatory: "signatory"}
    if contested.author == contested.signatory:
        involved[contested.author] = "author"
    found = []
    for role, person in (("author", decision.author), ("signatory", decision.signatory)):
        if person in involved:
            then = involved[person]
            found.append(
                block(
                    f"{person} is {_ROLE_NL[role]} van de beslissing op bezwaar, maar was {_ROLE_NL[then]} van "
                    "het bestreden besluit.",
                    f"{person} is the {role} of the decision on the objection but was the {then} of the "
                    "contested decision.",
                )
            )
    return found


RULES = (
    Rule(
        id="MAND-01",
        tests=(
            "test_hearing_and_people.py::test_mand01_no_decision_on_the_objection_by_whoever_took_the_contested_decision",
            "test_hearing_and_people.py::test_mand01_applies_to_objections_only",
        ),
        title_nl="Geen beslissing op bezwaar door wie het besluit nam",
        title_en="No decision on the objection by whoever took the decision",
        description_nl=(
            "Wie het bestreden besluit nam (als opsteller of ondertekenaar), stelt de beslissing op het "
            "bezwaar niet op en ondertekent haar niet; opsteller en ondertekenaar worden apart vastgelegd."
        ),
        description_en=(
            "The person who took the contested decision (as author or signatory) may not author or sign "
            "the decision on the objection; author and signatory are recorded separately."
        ),
        source="Awb 10:3(3)",
        outcome=BLOCK,
        valid_from=AWB,
        kinds=frozenset({"objection"}),
        check=check_mand01,
    ),
)
