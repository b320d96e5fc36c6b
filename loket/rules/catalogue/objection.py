"""The objection stage (bezwaar): its period, late objections, and where there is none.

OBJ-01 bezwaartermijn (Awb 6:7–6:9, Vw 69(1)); OBJ-02 verschoonbaarheid van een te laat
bezwaar (Awb 6:11); OBJ-03 geen bezwaar in asielzaken (Vw 69, 79, 80).
"""

from __future__ import annotations

from datetime import date

from ..deadlines import objection_in_time, objection_period_end, objection_weeks, period_end
from ..facts import CaseFacts
from .base import BLOCK, WARN, Rule, block, d, quoted, warn

AWB = date(1994, 1, 1)  # Algemene wet bestuursrecht in force
VW2000 = date(2001, 4, 1)  # Vreemdelingenwet 2000 in force


def check_obj01(case: CaseFacts, on: date):
    if case.received_on is None or objection_in_time(case) is not False:
        return []
    end, weeks = objection_period_end(case), objection_weeks(case)
    posted = ""
    posted_en = ""
    if case.posted_on is not None:
        posted = f", ter post bezorgd op {d(case.posted_on)}"
        posted_en = f", posted on {d(case.posted_on)}"
        if case.posted_on <= end:
            grace = period_end(end, weeks=1)
            posted += f" maar pas na {d(grace)} ontvangen"
            posted_en += f" but received after {d(grace)}"
    return [
        warn(
            f"Bezwaarschrift te laat: ontvangen op {d(case.received_on)}{posted}; de bezwaartermijn van "
            f"{weeks} weken eindigde op {d(end)}. Markeer het bezwaar als te laat.",
            f"Objection late: received on {d(case.received_on)}{posted_en}; the objection period of "
            f"{weeks} weeks ended on {d(end)}. Mark the objection as late.",
        )
    ]


def check_obj02(case: CaseFacts, on: date):
    decision = case.decision
    if decision is None or decision.outcome != "inadmissible" or objection_in_time(case) is not False:
        return []
    if case.first("excusability_assessed", on_or_before=decision.decided_on) is not None:
        return []
    return [
        block(
            "Het te late bezwaar is niet-ontvankelijk verklaard zonder vastgelegde beoordeling of de "
            "termijnoverschrijding verschoonbaar is.",
            "The late objection was declared inadmissible without a recorded assessment of whether "
            "the lateness is excusable.",
        )
    ]


def check_obj03(case: CaseFacts, on: date):
    if case.kind == "objection":
        return [
            block(
                "Tegen een besluit over een asielvergunning (of de intrekking ervan) staat geen bezwaar open: "
                "het rechtsmiddel is beroep bij de rechtbank (4 weken, 1 week in de versnelde procedure). "
                "Behandel het bezwaarschrift als beroepschrift en zend het door (Awb 6:15).",
                "A decision on an asylum permit (or its revocation) has no objection stage: the remedy is "
                "an appeal to the court (4 weeks, 1 week in the accelerated procedure). Treat the objection "
                "as an appeal and forward it (Awb 6:15).",
            )
        ]
    decision = case.decision
    if decision is None or not decision.remedies_notice:
        return []
    expected = "appeal_1_week" if case.accelerated else "appeal_4_weeks"
    if decision.remedies_notice == expected:
        return []
    period_nl, period_en = ("1 week", "1 week") if case.accelerated else ("4 weken", "4 weeks")
    return [
        block(
            f"De rechtsmiddelenclausule moet beroep bij de rechtbank binnen {period_nl} noemen, niet "
            f"{quoted(decision.remedies_notice)}.",
            f"The notice of remedies must name an appeal to the court within {period_en}, not "
            f"{quoted(decision.remedies_notice)}.",
        )
    ]


RULES = (
    Rule(
        id="OBJ-01",
        tests=(
            "test_objection.py::test_obj01_aliens_act_period_of_four_weeks_runs_past_weekends_and_holidays",
            "test_objection.py::test_obj01_naturalisation_has_six_weeks",
            "test_objection.py::test_obj01_posted_in_time_and_received_within_a_week_after_is_in_time",
            "test_objection.py::test_obj01_without_posting_date_judges_by_receipt",
            "test_properties.py::test_obj01_in_time_iff_received_on_or_before_the_end_of_the_period",
            "test_properties.py::test_obj01_period_ends_on_a_working_day_within_a_week_of_the_bare_count",
            "test_properties.py::test_objection_period_end_is_monotonic",
        ),
        title_nl="Bezwaartermijn",
        title_en="Objection period",
        description_nl=(
            "De bezwaartermijn is 4 weken bij besluiten op grond van de Vreemdelingenwet (Vw 69(1)) en "
            "anders 6 weken, bijvoorbeeld bij naturalisatie (Awb 6:7). Hij begint op de dag na de "
            "bekendmaking (6:8). Een bezwaarschrift dat voor het einde van de termijn op de post is gedaan "
            "en uiterlijk een week daarna is ontvangen, is op tijd (6:9). Zonder postdatum telt de ontvangst."
        ),
        description_en=(
            "The objection period is 4 weeks for decisions under the Aliens Act (Vw 69(1)), otherwise "
            "6 weeks, e.g. naturalisation (Awb 6:7). It begins on the day after notification (6:8). An "
            "objection posted before the period ended and received within a week after it is in time "
            "(6:9). Without a posting date the day of receipt decides."
        ),
        source="Awb 6:7–6:9; Vw 69(1) (check)",
        outcome=WARN,
        valid_from=VW2000,
        kinds=frozenset({"objection"}),
        tracks=frozenset({"regular", "naturalisation"}),
        check=check_obj01,
    ),
    Rule(
        id="OBJ-02",
        tests=(
            "test_objection.py::test_obj02_late_objection_inadmissible_without_excusability_assessment_is_blocked",
            "test_objection.py::test_obj02_does_not_apply_to_an_objection_in_time_or_decided_on_the_merits",
        ),
        title_nl="Te laat bezwaar: verschoonbaarheid beoordelen",
        title_en="Late objection: assess excusability",
        description_nl=(
            "Een te laat ingediend bezwaar mag pas niet-ontvankelijk worden verklaard na een vastgelegde "
            "beoordeling of de termijnoverschrijding verschoonbaar is."
        ),
        description_en=(
            "A late objection may be declared inadmissible only after a recorded assessment of whether "
            "the lateness is excusable."
        ),
        source="Awb 6:11",
        outcome=BLOCK,
        valid_from=AWB,
        kinds=frozenset({"objection"}),
        tracks=frozenset({"regular", "naturalisation"}),
        check=check_obj02,
    ),
    Rule(
        id="OBJ-03",
        tests=(
            "test_objection.py::test_obj03_no_objection_stage_in_asylum_cases",
            "test_objection.py::test_obj03_notice_of_remedies_on_asylum_decisions_names_the_court",
            "test_invalid_legal_values.py::test_any_remedies_notice_outside_the_known_ones_is_an_obj03_breach",
            "test_objection.py::test_obj03_applies_to_revocation_of_asylum_permits_too",
            "test_periods.py::test_revocations_and_asylum_objections_have_no_statutory_period",
        ),
        title_nl="Geen bezwaar in asielzaken",
        title_en="No objection stage in asylum cases",
        description_nl=(
            "Tegen besluiten over asielvergunningen (ook de intrekking) staat geen bezwaar open; het "
            "rechtsmiddel is beroep bij de rechtbank (4 weken, 1 week in de versnelde procedure) en de "
            "rechtsmiddelenclausule moet dat zeggen."
        ),
        description_en=(
            "Decisions on asylum permits (including their revocation) have no objection stage; the remedy "
            "is an appeal to the court (4 weeks, 1 week in the accelerated procedure) and the notice of "
            "remedies must say so."
        ),
        source="Vw 69(2), 79, 80 (check)",
        outcome=BLOCK,
        valid_from=VW2000,
        tracks=frozenset({"asylum"}),
        check=check_obj03,
    ),
)
