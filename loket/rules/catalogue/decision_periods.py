"""Decision periods (beslistermijnen) for objections and applications.

DEC-01 Awb 7:10/7:13; DEC-02 Vw 76; APP-01 Awb 4:13–4:15; VW-25 Vw 25; VW-42 Vw 42/43.
The dates themselves come from :mod:`loket.rules.deadlines` (and so from the one calendar);
this module only says what a late decision, or a postponement that does not count, means.
"""

from __future__ import annotations

from datetime import date

from ..deadlines import application_due, objection_due
from ..facts import CaseFacts
from .base import WARN, Rule, d, warn


def _late(case: CaseFacts, on: date, due: date):
    decision = case.decision
    if decision is not None:
        if decision.decided_on <= due:
            return []
        days = (decision.decided_on - due).days
        return [
            warn(
                f"Te laat beslist: de beslistermijn eindigde op {d(due)}, beslist op "
                f"{d(decision.decided_on)} ({days} dagen te laat).",
                f"Decided late: the decision period ended on {d(due)}, decided on "
                f"{d(decision.decided_on)} ({days} days late).",
            )
        ]
    if on > due:
        days = (on - due).days
        return [
            warn(
                f"De beslistermijn is verstreken op {d(due)} ({days} dagen geleden).",
                f"The decision period lapsed on {d(due)} ({days} days ago).",
            )
        ]
    return []


_WHY = {
    "late": (
        "telt niet: verzonden nadat de termijn was verstreken",
        "does not count: sent after the period had lapsed",
    ),
    "excess": ("telt niet: de wet staat niet meer verlengingen toe", "does not count: the law allows no further one"),
    "unconsented": (
        "telt niet: een verdere verdaging kan alleen met instemming van de bezwaarde",
        "does not count: a further postponement needs the objector's consent",
    ),
}


def _uncounted(case: CaseFacts, uncounted):
    what_nl, what_en = (
        ("verdaging", "postponement")
        if case.kind == "objection" and case.track != "regular"
        else ("verlenging", "extension")
    )
    return [
        warn(f"De {what_nl} van {d(e.on)} {_WHY[why][0]}.", f"The {what_en} of {d(e.on)} {_WHY[why][1]}.")
        for e, why in uncounted
    ]


def check_objection_period(case: CaseFacts, on: date):
    due = objection_due(case, on)
    return [] if due is None else [*_uncounted(case, due.uncounted), *_late(case, on, due.on)]


def check_application_period(case: CaseFacts, on: date):
    due = application_due(case, on)
    return [] if due is None else [*_uncounted(case, due.uncounted), *_late(case, on, due.on)]


_OBJ, _APP = frozenset({"objection"}), frozenset({"application"})

OBJECTION_RULES = (
    Rule(
        id="DEC-01",
        tests=(
            "test_periods.py::test_dec01_six_weeks_after_the_objection_period_moved_past_christmas",
            "test_periods.py::test_dec01_advisory_committee_makes_it_twelve_weeks",
            "test_periods.py::test_dec01_suspended_while_a_defect_is_repaired",
            "test_periods.py::test_dec01_a_repair_before_the_decision_period_began_moves_nothing",
            "test_periods.py::test_dec01_postponed_once_by_six_weeks_further_only_with_consent",
            "test_periods.py::test_dec01_postponement_sent_after_the_period_lapsed_does_not_count",
        ),
        title_nl="Beslistermijn bezwaar",
        title_en="Decision period for objections",
        description_nl=(
            "Op het bezwaar wordt beslist binnen 6 weken na afloop van de bezwaartermijn (12 weken bij een "
            "adviescommissie waarvan de bezwaarde op de hoogte is gesteld). De termijn is opgeschort zolang "
            "een verzuim wordt hersteld, kan eenmaal met 6 weken worden verdaagd en verder alleen met "
            "instemming; elke opschorting of verdaging wordt schriftelijk meegedeeld."
        ),
        description_en=(
            "The decision on an objection is due 6 weeks after the objection period ended (12 with an "
            "advisory committee of which the objector was told), suspended while a defect is being "
            "repaired, postponable once by 6 weeks, further only with consent; each suspension or "
            "postponement notified in writing."
        ),
        source="Awb 7:10, 7:13",
        outcome=WARN,
        valid_from=date(2009, 10, 1),
        kinds=_OBJ,
        tracks=frozenset({"naturalisation"}),
        check=check_objection_period,
    ),
    Rule(
        id="DEC-02",
        tests=(
            "test_periods.py::test_dec02_nineteen_weeks_are_not_moved_off_a_holiday",
            "test_periods.py::test_dec02_thirteen_more_weeks_for_third_party_advice",
            "test_periods.py::test_dec02_a_late_objection_is_counted_from_its_receipt",
            "test_properties.py::test_dec02_nineteen_weeks_are_never_moved",
            "test_periods.py::test_dec_undecided_case_is_judged_on_today",
        ),
        title_nl="Beslistermijn bezwaar Vreemdelingenwet",
        title_en="Decision period for Aliens Act objections",
        description_nl=(
            "Bezwaren tegen een besluit over een machtiging tot voorlopig verblijf (mvv), een reguliere "
            "verblijfsvergunning of een ongewenstverklaring: 19 weken, plus ten hoogste 13 weken als advies "
            "van derden nodig is. 19 weken is langer dan 12 weken, dus de Algemene termijnenwet verlengt "
            "niet."
        ),
        description_en=(
            "Objections against a provisional residence visa (mvv), a regular residence permit or a "
            "declaration of undesirability: 19 weeks, plus up to 13 weeks when third-party advice is "
            "needed. 19 weeks is more than 12, so the Algemene termijnenwet does not extend it."
        ),
        source="Vw 76 (check)",
        outcome=WARN,
        valid_from=date(2001, 4, 1),
        kinds=_OBJ,
        tracks=frozenset({"regular"}),
        check=check_objection_period,
    ),
)

APPLICATION_RULES = (
    Rule(
        id="APP-01",
        tests=(
            "test_periods.py::test_app01_naturalisation_one_year",
            "test_periods.py::test_app01_suspension_under_4_15_moves_the_due_date",
            "test_periods.py::test_a_suspension_still_open_runs_until_the_day_of_judgement",
            "test_properties.py::test_a_suspension_never_makes_the_due_date_earlier",
            "test_properties.py::test_decided_on_the_due_date_is_in_time_the_day_after_is_late",
        ),
        title_nl="Beslistermijn aanvraag",
        title_en="Decision period for applications",
        description_nl=(
            "Op een aanvraag wordt beslist binnen de wettelijke termijn, of een redelijke termijn (zonder "
            "mededeling ten hoogste 8 weken); lukt dat niet, dan krijgt de aanvrager bericht met een nieuwe "
            "termijn; opschorting volgens 4:15. Voor naturalisatie is de wettelijke termijn een jaar, "
            "eenmaal te verlengen met 6 maanden."
        ),
        description_en=(
            "Applications are decided within the statutory period, or a reasonable one (at most 8 weeks "
            "without notice); when that fails the applicant is told, with a new period; suspensions under "
            "4:15. For naturalisation the statutory period is one year, extendable once by 6 months."
        ),
        source="Awb 4:13–4:15; Rijkswet op het Nederlanderschap (check)",
        outcome=WARN,
        valid_from=date(2009, 10, 1),
        kinds=_APP,
        tracks=frozenset({"naturalisation"}),
        check=check_application_period,
    ),
    Rule(
        id="VW-25",
        tests=(
            "test_periods.py::test_vw25_ninety_days_moved_past_5_may",
            "test_periods.py::test_vw25_extended_to_six_months_with_notice_in_time",
            "test_properties.py::test_vw25_ninety_days_end_on_a_working_day",
            "test_engine.py::test_a_decision_is_judged_by_the_rules_in_force_on_its_date",
            "test_properties.py::test_decided_on_the_due_date_is_in_time_the_day_after_is_late",
        ),
        title_nl="Beslistermijn reguliere aanvraag",
        title_en="Decision period for regular residence applications",
        description_nl=(
            "Reguliere verblijfsaanvragen: 90 dagen, met mededeling te verlengen tot 6 maanden als advies of "
            "onderzoek door anderen nodig is."
        ),
        description_en=(
            "Regular residence applications: 90 days, extendable to 6 months with notice when advice or "
            "investigation by others is needed."
        ),
        source="Vw 25 (check)",
        outcome=WARN,
        valid_from=date(2013, 6, 1),
        kinds=_APP,
        tracks=frozenset({"regular"}),
        check=check_application_period,
    ),
    Rule(
        id="VW-42",
        tests=(
            "test_periods.py::test_vw42_six_months_not_moved_off_a_saturday_then_nine_and_three_more",
            "test_properties.py::test_vw42_six_months_are_never_moved",
            "test_properties.py::test_a_suspension_never_makes_the_due_date_earlier",
        ),
        title_nl="Beslistermijn asielaanvraag",
        title_en="Decision period for asylum applications",
        description_nl=(
            "Asielaanvragen: 6 maanden, op de genoemde gronden met mededeling te verlengen met 9 en daarna "
            "3 maanden; een ministerieel besluit kan dat voor een categorie doen (Vw 43)."
        ),
        description_en=(
            "Asylum applications: 6 months, extendable (+9, then +3) on listed grounds with notice; a "
            "ministerial decision may extend for a category (Vw 43)."
        ),
        source="Vw 42, 43 (check)",
        outcome=WARN,
        valid_from=date(2016, 7, 20),
        kinds=_APP,
        tracks=frozenset({"asylum"}),
        check=check_application_period,
    ),
)
