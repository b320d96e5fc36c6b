"""The duty to hear the objector (hoorplicht) and who may hear.

HEAR-01 hoorplicht (Awb 7:2); HEAR-02 afzien van horen alleen op een grond van 7:3;
HEAR-03 horen door iemand die niet bij het bestreden besluit betrokken was (7:5(1)).
"""

from __future__ import annotations

from datetime import date

from ..facts import HEARING_EXCEPTIONS, CaseFacts
from .base import BLOCK, Rule, block, d, quoted, warn

AWB = date(1994, 1, 1)
OBJECTIONS = frozenset({"objection"})
WITH_OBJECTION_STAGE = frozenset({"regular", "naturalisation"})

_GROUND_LETTER = dict(zip(HEARING_EXCEPTIONS, "abcde"))
_GROUND_NL = {
    "manifestly_inadmissible": "kennelijk niet-ontvankelijk",
    "manifestly_unfounded": "kennelijk ongegrond",
    "waived": "afstand van horen",
    "no_reply": "geen reactie binnen de gestelde termijn",
    "granted_in_full": "volledig tegemoetgekomen",
}


def _held(case: CaseFacts, by: date):
    return case.first("hearing_held", on_or_before=by)


def check_hear01(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or decision.hearing_exception is not None or _held(case, decision.decided_on):
        return []
    return [
        block(
            "Beslissing op bezwaar zonder hoorzitting en zonder vastgelegde grond om van horen af te zien: "
            "de bezwaarde moet eerst in de gelegenheid zijn gesteld te worden gehoord.",
            "Decision on an objection without a hearing and without a recorded ground to skip it: the "
            "objector must first have had the opportunity to be heard.",
        )
    ]


def _ground_mismatch(case: CaseFacts, ground: str):
    """Why the recorded ground does not fit the facts (Dutch, English), or None."""
    decision = case.decision
    outcome = decision.outcome
    if ground == "manifestly_inadmissible" and outcome != "inadmissible":
        return (
            f"de grond 'kennelijk niet-ontvankelijk' past niet bij de uitkomst '{outcome}'",
            f"the ground 'manifestly inadmissible' does not fit the outcome '{outcome}'",
        )
    if ground == "manifestly_unfounded" and outcome not in ("unfounded", "rejected"):
        return (
            f"de grond 'kennelijk ongegrond' past niet bij de uitkomst '{outcome}'",
            f"the ground 'manifestly unfounded' does not fit the outcome '{outcome}'",
        )
    if ground == "granted_in_full" and outcome != "granted":
        return (
            f"'volledig tegemoetgekomen' kan alleen bij de uitkomst 'granted', niet '{outcome}'",
            f"'granted in full' is only possible with the outcome 'granted', not '{outcome}'",
        )
    if ground == "waived" and case.first("hearing_waived", on_or_before=decision.decided_on) is None:
        return ("er is geen afstand van horen vastgelegd", "no waiver of the hearing is recorded")
    if ground == "no_reply" and case.first("hearing_invited", on_or_before=decision.decided_on) is None:
        return (
            "er is geen uitnodiging met een termijn om te reageren vastgelegd",
            "no invitation with a period to reply is recorded",
        )
    return None


def check_hear02(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or decision.hearing_exception is None or _held(case, decision.decided_on):
        return []
    ground = decision.hearing_exception
    if ground not in _GROUND_LETTER:
        return [
            block(
                f"Onbekende grond om van horen af te zien: {quoted(ground)} (alleen Awb 7:3 a–e).",
                f"Unknown ground to skip the hearing: {quoted(ground)} (only Awb 7:3 (a)–(e)).",
            )
        ]
    letter = _GROUND_LETTER[ground]
    mismatch = _ground_mismatch(case, ground)
    if mismatch is not None:
        return [
            block(
                f"Afzien van horen op grond van Awb 7:3 onder {letter} is niet onderbouwd: {mismatch[0]}.",
                f"Skipping the hearing on Awb 7:3({letter}) is not supported: {mismatch[1]}.",
            )
        ]
    if letter in "ab":
        return [
            warn(
                f"Niet gehoord wegens '{_GROUND_NL[ground]}' (Awb 7:3 onder {letter}): alleen als dat "
                "zonder redelijke twijfel vaststaat; laat een tweede jurist dit toetsen.",
                f"Not heard because the objection is '{ground.replace('_', ' ')}' (Awb 7:3({letter})): only "
                "when that is beyond reasonable doubt; have a second lawyer review it.",
            )
        ]
    return []


def check_hear03(case: CaseFacts, on: date):
    contested = case.contested
    if contested is None:
        return []
    involved = {contested.author, contested.signatory}
    found = []
    for event in case.events_of("hearing_held"):
        if event.on > on:
            break
        if event.by is not None and event.by in involved:
            found.append(
                block(
                    f"De hoorzitting van {d(event.on)} is gehouden door {event.by}, die betrokken was bij het "
                    "bestreden besluit.",
                    f"The hearing of {d(event.on)} was held by {event.by}, who was involved in the contested decision.",
                )
            )
    return found


RULES = (
    Rule(
        id="HEAR-01",
        tests=(
            "test_hearing_and_people.py::test_hear01_decision_without_hearing_or_exception_is_blocked",
            "test_hearing_and_people.py::test_hear01_hearing_on_the_day_of_the_decision_counts_the_day_after_does_not",
            "test_hearing_and_people.py::test_hear01_an_invitation_alone_is_not_a_hearing",
            "test_engine.py::test_events_after_the_decision_do_not_rescue_it",
            "test_engine.py::test_a_rule_that_ended_no_longer_judges_later_decisions",
            "test_pages.py::test_api_judges_a_case_without_storing_it",
        ),
        title_nl="Hoorplicht",
        title_en="Duty to hear",
        description_nl=(
            "Op een bezwaar wordt niet beslist voordat iedere belanghebbende in de gelegenheid "
            "is gesteld te worden gehoord."
        ),
        description_en=("No decision on an objection before every interested party had the opportunity to be heard."),
        source="Awb 7:2",
        outcome=BLOCK,
        valid_from=AWB,
        kinds=OBJECTIONS,
        tracks=WITH_OBJECTION_STAGE,
        check=check_hear01,
    ),
    Rule(
        id="HEAR-02",
        tests=(
            "test_hearing_and_people.py::test_hear02_grounds_of_awb_7_3",
            "test_hearing_and_people.py::test_hear02_a_waiver_after_the_decision_does_not_count",
            "test_invalid_legal_values.py::test_any_hearing_exception_outside_awb_7_3_is_a_hear02_breach",
        ),
        title_nl="Afzien van horen alleen op een wettelijke grond",
        title_en="Skipping the hearing only on a statutory ground",
        description_nl=(
            "Van horen mag alleen worden afgezien op een vastgelegde grond van Awb 7:3: (a) kennelijk "
            "niet-ontvankelijk, (b) kennelijk ongegrond, (c) de bezwaarde heeft afstand gedaan, (d) geen "
            "reactie binnen de gestelde termijn, (e) volledig tegemoetgekomen en niemand anders benadeeld; "
            "de beslissing noemt de grond."
        ),
        description_en=(
            "The hearing may be skipped only on a recorded ground of Awb 7:3: (a) manifestly inadmissible, "
            "(b) manifestly unfounded, (c) the objector waived it, (d) no reply within the period set, "
            "(e) the objection is granted in full and no one else is harmed; the decision states the ground."
        ),
        source="Awb 7:3, 7:12",
        outcome=BLOCK,
        valid_from=AWB,
        kinds=OBJECTIONS,
        tracks=WITH_OBJECTION_STAGE,
        outcome_note_nl="blokkeert; waarschuwt bij (a)/(b) voor een tweede toets",
        outcome_note_en="block; warn on (a)/(b) for review",
        check=check_hear02,
    ),
    Rule(
        id="HEAR-03",
        tests=("test_hearing_and_people.py::test_hear03_hearer_not_involved_in_the_contested_decision",),
        title_nl="Onafhankelijke hoorder",
        title_en="Independent hearer",
        description_nl=(
            "De hoorzitting wordt gehouden door iemand die niet betrokken was bij de "
            "voorbereiding van het bestreden besluit."
        ),
        description_en=("The hearing is held by someone not involved in preparing the contested decision."),
        source="Awb 7:5(1)",
        outcome=BLOCK,
        valid_from=AWB,
        kinds=OBJECTIONS,
        tracks=WITH_OBJECTION_STAGE,
        check=check_hear03,
    ),
)
