"""Four eyes (FOUR-01) and the mandate (MAND-01): author, signatory and second reader are
separate, the second reader is not the author, and no one who took the contested decision
authors, signs or reads the decision on the objection."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from loket.cases import services as case_services
from loket.cases.choices import Status
from loket.core.roles import Role
from loket.decisions import services
from loket.decisions.models import Decision
from loket.decisions.services import DecisionStopped
from loket.integrity import services as integrity

REASONS = "The objection does not show that the contested decision was wrong (Vw 16)."


def _heard_objection(objection, staff, officer=None):
    officer = officer or staff["objection"]
    case = objection(handler=officer)
    case_services.record_event(
        case=case, actor=officer, type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    return case


def test_a_negative_decision_without_a_second_reader_is_blocked(objection, staff):
    case = _heard_objection(objection, staff)
    draft = services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
    assert case.statuses.last().status == Status.AWAITING_SECOND_READER
    with pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=draft, actor=staff["objection"], acknowledgements={})
    assert [v.rule for v in caught.value.blocking] == ["FOUR-01"]


def test_after_the_second_reader_approves_it_goes_out_with_all_three_recorded(objection, staff):
    case = _heard_objection(objection, staff)
    draft = services.save_draft(
        case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS, signatory=staff["lead"]
    )
    services.approve_as_second_reader(draft=draft, actor=staff["reader"])
    assert case.statuses.last().status == Status.APPROVED
    decision = services.issue_decision(draft=draft, actor=staff["lead"], acknowledgements={})
    assert (decision.author, decision.signatory, decision.second_reader) == (
        staff["objection"],
        staff["lead"],
        staff["reader"],
    )


def test_the_second_reader_cannot_be_the_author(objection, staff, make_user):
    both = make_user(Role.OBJECTION_OFFICER, Role.SECOND_READER, username="both", unit=staff["team"])
    case = _heard_objection(objection, staff, officer=both)
    draft = services.save_draft(case=case, actor=both, outcome="unfounded", reasons=REASONS)
    with pytest.raises(ValidationError) as caught:
        services.approve_as_second_reader(draft=draft, actor=both)
    assert "FOUR-01" in caught.value.message_dict["second_reader"][0]
    draft.refresh_from_db()
    assert draft.second_reader is None and not draft.approved


def test_only_second_readers_approve(objection, staff):
    case = _heard_objection(objection, staff)
    draft = services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
    with pytest.raises(PermissionDenied):
        services.approve_as_second_reader(draft=draft, actor=staff["objection2"])


def test_changing_the_draft_after_approval_withdraws_it(objection, staff):
    case = _heard_objection(objection, staff)
    draft = services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
    services.approve_as_second_reader(draft=draft, actor=staff["reader"])
    unchanged = services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
    assert unchanged.approved  # saving the same content keeps the approval
    changed = services.save_draft(case=case, actor=staff["objection"], outcome="inadmissible", reasons=REASONS)
    assert not changed.approved and changed.second_reader is None
    assert case.statuses.last().status == Status.AWAITING_SECOND_READER
    with pytest.raises(DecisionStopped) as caught:
        services.issue_decision(draft=changed, actor=staff["objection"], acknowledgements={})
    assert "FOUR-01" in [v.rule for v in caught.value.blocking]


def test_only_the_author_changes_the_draft(objection, staff):
    case = _heard_objection(objection, staff)
    services.save_draft(case=case, actor=staff["objection"], outcome="granted", reasons=REASONS)
    with pytest.raises(PermissionDenied):
        services.save_draft(case=case, actor=staff["objection2"], outcome="unfounded", reasons=REASONS)


@pytest.mark.parametrize("who", ["author", "signatory", "second_reader"])
def test_whoever_took_the_contested_decision_takes_no_part_in_the_decision_on_the_objection(
    objection, staff, make_user, who
):
    first = staff["first"]  # the author of the contested decision, now also in the objection team's roles
    first.groups.add(
        *(Group.objects.get_or_create(name=str(r))[0] for r in (Role.OBJECTION_OFFICER, Role.SECOND_READER))
    )
    first._loket_roles = None
    case = _heard_objection(objection, staff, officer=first if who == "author" else None)
    with pytest.raises(ValidationError) as caught:
        if who == "author":
            services.save_draft(case=case, actor=first, outcome="granted", reasons=REASONS)
        elif who == "signatory":
            services.save_draft(
                case=case, actor=staff["objection"], outcome="granted", reasons=REASONS, signatory=first
            )
        else:
            draft = services.save_draft(case=case, actor=staff["objection"], outcome="unfounded", reasons=REASONS)
            # The draw never gives it to them; an insider who breaks the glass still meets MAND-01.
            assert not case.roles.filter(role="second_reader", user=first).exists()
            integrity.break_glass(actor=first, case=case, reason="I want to approve this objection myself")
            services.approve_as_second_reader(draft=draft, actor=first)
    assert "MAND-01" in caught.value.message_dict[who][0]
    assert not Decision.objects.exists()


def test_the_signatory_must_hold_a_deciding_role(objection, staff):
    case = _heard_objection(objection, staff)
    with pytest.raises(ValidationError) as caught:
        services.save_draft(
            case=case, actor=staff["objection"], outcome="granted", reasons=REASONS, signatory=staff["reader"]
        )
    assert "signatory" in caught.value.message_dict


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"outcome": "revoked"}, "outcome"),  # not an objection's outcome
        ({"outcome": "maybe"}, "outcome"),
        ({"outcome": "unfounded", "hearing_exception": "too_busy"}, "hearing_exception"),
        ({"outcome": "unfounded", "revocation_ground": "vw32-1-a"}, "revocation_ground"),
        ({"outcome": "unfounded", "remedies_notice": "a letter"}, "remedies_notice"),
    ],
)
def test_bad_draft_input_is_refused(objection, staff, kwargs, field):
    case = _heard_objection(objection, staff)
    with pytest.raises(ValidationError) as caught:
        services.save_draft(case=case, actor=staff["objection"], reasons=REASONS, **kwargs)
    assert field in caught.value.message_dict
    assert not hasattr(case, "draft") or case.draft is None
