"""The penalty for a late decision (dwangsom bij niet tijdig beslissen).

DW-01 Awb 4:17–4:19 (objections through 7:14); DW-02 the Tijdelijke wet opschorting
dwangsommen IND for asylum applications. The amounts come from
:func:`loket.rules.deadlines.penalty_days` / ``penalty_amount``, which the cases app
reuses for its penalty exposure.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..deadlines import (
    ASYLUM_PENALTIES_SUSPENDED_FROM,
    PENALTY_MAX_DAYS,
    penalty_amount,
    penalty_days,
    penalty_notice,
    period_end,
)
from ..facts import CaseFacts
from .base import BLOCK, WARN, Rule, block, d, warn


def _euro(amount) -> str:
    return f"€ {amount:,.0f}".replace(",", ".")


def check_dw01(case: CaseFacts, on: date):
    days, first, notice = penalty_days(case, on)
    if not days:
        return []
    amount = _euro(penalty_amount(days, notice.on))
    found = [
        warn(
            f"Dwangsom verschuldigd: {days} dagen vanaf {d(first)} (ingebrekestelling ontvangen {d(notice.on)}), "
            f"{amount}.",
            f"Penalty owed: {days} days from {d(first)} (notice of default received {d(notice.on)}), {amount}.",
        )
    ]
    last = first + timedelta(days=days - 1)
    fix_by = period_end(last, weeks=2)  # Awb 4:18: fixed within two weeks after the last day owed
    if case.decision is None and (days < PENALTY_MAX_DAYS or on <= fix_by):
        return found
    fixed = list(case.events_of("penalty_fixed"))
    if fixed and all(e.on > fix_by for e in fixed):
        # Fixed, but later than Awb 4:18 asks: the penalty is settled, so the decision may go
        # out; the lateness stays visible for review.
        found.append(
            warn(
                f"De dwangsom is te laat vastgesteld: op {d(fixed[0].on)}, uiterlijk was {d(fix_by)} (Awb 4:18).",
                f"The penalty was fixed late: on {d(fixed[0].on)}, due by {d(fix_by)} (Awb 4:18).",
            )
        )
    if not fixed:
        found.append(
            block(
                f"Er is een dwangsom verschuldigd maar geen beschikking die haar vaststelt (uiterlijk {d(fix_by)}, "
                "Awb 4:18): stel de dwangsom vast voordat de beslissing uitgaat.",
                f"A penalty is owed but no decision fixes it (due by {d(fix_by)}, Awb 4:18): fix the penalty "
                "before the decision goes out.",
            )
        )
    return found


def check_dw02(case: CaseFacts, on: date):
    notice, due = penalty_notice(case, on)
    if notice is None or notice.on < ASYLUM_PENALTIES_SUSPENDED_FROM:
        return []
    end = case.decision.decided_on if case.decision else on
    if end <= due:
        return []
    return [
        warn(
            f"Te laat beslist op een asielaanvraag na een ingebrekestelling van {d(notice.on)}: geen automatische "
            "dwangsom sinds 10 juli 2020, maar de rechter kan er een opleggen. Volg of dat is gebeurd.",
            f"Asylum application decided late after a notice of default of {d(notice.on)}: no automatic penalty "
            "since 10 July 2020, but a court may order one. Track whether it did.",
        )
    ]


RULES = (
    Rule(
        id="DW-01",
        tests=(
            "test_penalties.py::test_dw01_scale_from_2019",
            "test_penalties.py::test_dw01_a_notice_before_the_period_lapsed_is_premature",
            "test_penalties.py::test_dw01_scale_before_2019_for_older_notices",
            "test_penalties.py::test_dw01_accrual_warns_and_a_late_decision_without_fixing_the_penalty_is_blocked",
            "test_penalties.py::test_dw01_penalty_may_be_fixed_up_to_two_weeks_after_the_last_day",
            "test_penalties.py::test_dw01_undecided_case_accrues_and_blocks_once_the_maximum_was_not_fixed_in_time",
            "test_penalties.py::test_dw01_applies_to_objection_decisions_through_7_14",
            "test_properties.py::test_penalty_grows_by_one_day_rate_at_a_time_up_to_the_maximum",
        ),
        title_nl="Dwangsom bij niet tijdig beslissen",
        title_en="Penalty for a late decision",
        description_nl=(
            "Dwangsom vanaf twee weken nadat de termijn is verstreken én een schriftelijke ingebrekestelling is "
            "ontvangen: € 23 per dag voor dag 1–14, € 35 voor 15–28, € 45 voor 29–42, ten hoogste € 1.442 "
            "(€ 20/30/40, ten hoogste € 1.260, bij ingebrekestellingen van voor 2019); binnen twee weken na de "
            "laatste dag bij beschikking vastgesteld; via 7:14 ook voor beslissingen op bezwaar."
        ),
        description_en=(
            "Penalty for a late decision: from 2 weeks after the period passed and a written notice of default "
            "was received; €23 a day for days 1–14, €35 for 15–28, €45 for 29–42, at most €1,442 (€20/30/40, "
            "max €1,260, for notices received before 2019); fixed by decision within 2 weeks after the last "
            "day; applies to objection decisions through 7:14."
        ),
        source="Awb 4:17–4:19, 7:14",
        outcome=BLOCK,
        valid_from=date(2009, 10, 1),
        kinds=frozenset({"application", "objection"}),
        outcome_note_nl="waarschuwt bij oplopen; blokkeert een te late beslissing zonder vaststellingsbeschikking",
        outcome_note_en="warn (accrual); block a late decision issued without the 4:18 fixing decision",
        check=check_dw01,
    ),
    Rule(
        id="DW-02",
        tests=(
            "test_penalties.py::test_dw02_no_automatic_penalty_for_asylum_notices_since_10_july_2020",
            "test_engine.py::test_rules_in_force_follow_their_validity",
        ),
        title_nl="Geen automatische dwangsom bij asielaanvragen",
        title_en="No automatic penalty for asylum applications",
        description_nl=(
            "Asielaanvragen: sinds 10 juli 2020 geen automatische dwangsom als er niet eerder een "
            "ingebrekestelling was; de rechter kan er nog wel een opleggen, die wordt gevolgd."
        ),
        description_en=(
            "Asylum applications: no automatic penalty since 10 July 2020 for cases without an earlier "
            "notice of default; a court may still order one, which is tracked."
        ),
        source="Tijdelijke wet opschorting dwangsommen IND; ABRvS 30-11-2022",
        outcome=WARN,
        valid_from=ASYLUM_PENALTIES_SUSPENDED_FROM,
        kinds=frozenset({"application"}),
        tracks=frozenset({"asylum"}),
        check=check_dw02,
    ),
)
