"""Penalties for late decisions (DW-01/DW-02): owed per case and team, fixed by decision, and
a late decision without the fixing decision is blocked."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.cases import selectors, services as case_services
from loket.decisions import services
from loket.decisions.models import Decision
from loket.decisions.services import DecisionStopped

REASONS = "All conditions of Vb 3.4 are met."


def _late_application(application, staff, track="regular"):
    # Received 5 January 2026: 90 days end on Sunday 5 April, Easter Monday follows, so the
    # period runs to Tuesday 7 April (Atw art. 1). The notice of default arrives 20 April;
    # the penalty runs from two weeks later, 5 May; on 1 June that is 28 days.
    case = application(received_on=date(2026, 1, 5), track=track)
    case_services.record_event(
        case=case, actor=staff["decision"], type="notice_of_default", on=date(2026, 4, 20), by_ref="mr. A. Advocaat"
    )
    case.refresh_from_db()
    return case


def test_the_penalty_owed_follows_the_scale_of_awb_4_17(application, staff):
    case = _late_application(application, staff)
    assert case.due_on == date(2026, 4, 7)
    [row] = selectors.annotate_standing(selectors.late_cases(staff["lead"], today=date(2026, 6, 1)), date(2026, 6, 1))
    assert row.standing.days_late == 55 and row.standing.notice_on == date(2026, 4, 20)
    assert row.standing.penalty_days == 28
    assert row.standing.penalty_owed == Decimal(14 * 23 + 14 * 35)
    [team] = selectors.late_totals_per_team(None, today=date(2026, 6, 1))
    assert (team["team"], team["late"], team["notices"], team["owed"]) == (staff["team"], 1, 1, Decimal(812))


def test_a_late_decision_without_the_fixing_decision_is_blocked_until_the_penalty_is_fixed(application, staff):
    case = _late_application(application, staff)
    draft = services.save_draft(case=case, actor=staff["decision"], outcome="granted", reasons=REASONS)
    with pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    assert [v.rule for v in caught.value.blocking] == ["DW-01"]
    event = services.fix_penalty(case=case, actor=staff["decision"])
    assert (event.type, event.amount, event.on) == ("penalty_fixed", Decimal(812), date(2026, 6, 1))
    with pytest.raises(DecisionStopped) as caught:  # the warnings still need a reason
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    assert not caught.value.blocking
    warned = sorted({v.rule for v in caught.value.unacknowledged})
    assert warned == ["DW-01", "VW-25"]
    decision = services.issue_decision(
        draft=draft,
        actor=staff["decision"],
        acknowledgements={"DW-01": "Penalty fixed today.", "VW-25": "Backlog after the staff shortage in spring."},
    )
    assert (decision.due_on, decision.days_late) == (date(2026, 4, 7), 55)


@pytest.mark.parametrize(
    "amount, message",
    [
        ("-5", "more than zero"),
        ("0", "more than zero"),
        ("2000", "at most"),
        ("900", "higher amount"),
        ("lots", "euros"),
    ],
)
def test_bad_penalty_amounts_are_refused(application, staff, amount, message):
    case = _late_application(application, staff)
    with pytest.raises(ValidationError) as caught:
        services.fix_penalty(case=case, actor=staff["decision"], amount=amount)
    assert message in caught.value.message_dict["amount"][0]
    assert not case.events.filter(type="penalty_fixed").exists()


def test_a_lower_amount_may_be_fixed(application, staff):
    case = _late_application(application, staff)
    assert services.fix_penalty(case=case, actor=staff["decision"], amount="500").amount == Decimal(500)


def test_no_penalty_to_fix_when_none_is_owed(application, staff):
    case = application(received_on=date(2026, 5, 4))
    with pytest.raises(ValidationError) as caught:
        services.fix_penalty(case=case, actor=staff["decision"])
    assert "No penalty is owed" in caught.value.messages[0]


def test_asylum_applications_owe_no_automatic_penalty(application, staff):
    case = application(received_on=date(2025, 10, 1), track="asylum")
    case_services.record_event(case=case, actor=staff["decision"], type="notice_of_default", on=date(2026, 4, 20))
    [row] = selectors.annotate_standing(selectors.late_cases(staff["lead"], today=date(2026, 6, 1)), date(2026, 6, 1))
    assert row.standing.late and row.standing.penalty_owed == 0 and row.standing.notice_on == date(2026, 4, 20)
    with pytest.raises(ValidationError):
        services.fix_penalty(case=case, actor=staff["decision"])
    draft = services.save_draft(case=case, actor=staff["decision"], outcome="granted", reasons=REASONS)
    with pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["decision"], acknowledgements={})
    assert not caught.value.blocking
    assert {v.rule for v in caught.value.unacknowledged} == {"DW-02", "VW-42"}


def test_only_officers_and_team_leads_fix_penalties(application, staff):
    case = _late_application(application, staff)
    with pytest.raises(PermissionDenied):
        services.fix_penalty(case=case, actor=staff["reader"])
    assert not Decision.objects.exists() and not case.events.filter(type="penalty_fixed").exists()
