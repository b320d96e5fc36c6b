"""Item 1: the system's draw. A new case goes to a qualified officer of its team by a weighted
random draw (weights from workload), never to the one who opened it, an absent officer or
one with a declared relation; the draw is stored and replays to the same officer; a manual
reassignment needs a reason and another team lead's approval."""

from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from hypothesis import given, strategies as st

from loket.cases import services as case_services
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.integrity import services
from loket.integrity.models import Absence, AssignmentDraw, Reassignment
from loket.integrity.services.assignment import SCALE, pick


def _open(staff, actor, **kw):
    return case_services.open_case(
        actor=actor, kind="application", track="regular", team=staff["team"], received_on=date(2026, 5, 4), **kw
    )


def test_a_new_case_is_drawn_for_never_by_its_opener(staff, today):
    case = _open(staff, staff["decision"])  # daan opens: only "first" qualifies
    case.refresh_from_db()
    assert case.assigned_to == staff["first"]
    draw = AssignmentDraw.objects.get(case=case)
    assert [c["username"] for c in draw.candidates] == ["first"]
    assert {"username": "daan", "why": "opened the case", "user": staff["decision"].pk} in draw.excluded
    assert services.replay(draw) == {"drawn": staff["first"].pk, "replayed": staff["first"].pk, "same": True}
    entry = AuditEntry.objects.filter(action="cases.case.assigned", object_id=str(case.pk)).get()
    assert (entry.actor, entry.data["officer"], entry.data["via"]) == ("system", "first", "draw")


def test_absent_officers_and_other_kinds_of_officer_are_left_out(staff, today):
    Absence.objects.create(officer=staff["first"], starts_on=today - timedelta(days=2), ends_on=today)
    case = _open(staff, staff["lead"])
    case.refresh_from_db()
    draw = AssignmentDraw.objects.get(case=case)
    assert case.assigned_to == staff["decision"]
    assert {e["username"]: e["why"] for e in draw.excluded} == {"first": "absent"}
    # objection officers do not decide applications: they are no candidates at all
    assert {c["username"] for c in draw.candidates} == {"daan"}


def test_nobody_qualified_leaves_the_case_unassigned_for_the_team_lead(staff, today):
    Absence.objects.create(officer=staff["first"], starts_on=today, ends_on=today)
    case = _open(staff, staff["decision"])
    case.refresh_from_db()
    assert case.assigned_to is None and AssignmentDraw.objects.get(case=case).chosen is None


def test_the_weights_come_from_the_open_workload(staff, today):
    for _ in range(3):
        case_services.assign(case=_open(staff, staff["lead"]), officer=staff["first"], via="test")
    case = _open(staff, staff["lead"])
    weights = {c["username"]: (c["open_cases"], c["weight"]) for c in AssignmentDraw.objects.get(case=case).candidates}
    first_open = weights["first"][0]
    assert weights["first"] == (first_open, SCALE // (first_open + 1)) and first_open >= 3
    assert weights["daan"][1] > weights["first"][1]


def test_the_draw_favours_the_lighter_workload_in_proportion():
    candidates = [{"user": 1, "weight": 3}, {"user": 2, "weight": 1}]
    counts = Counter(pick(f"{n:032x}", candidates) for n in range(4000))
    assert 0.70 < counts[1] / 4000 < 0.80  # 3 : 1


@given(
    seed=st.binary(min_size=16, max_size=16),
    weights=st.lists(st.integers(min_value=0, max_value=SCALE), min_size=1, max_size=30),
)
def test_a_draw_replays_to_the_same_candidate_with_weight(seed, weights):
    candidates = [{"user": n + 1, "weight": w} for n, w in enumerate(weights)]
    chosen = pick(seed.hex(), candidates)
    assert chosen == pick(seed.hex(), [dict(c) for c in candidates])
    if sum(weights) == 0:
        assert chosen is None
    else:
        assert candidates[chosen - 1]["weight"] > 0


def test_a_draw_changed_afterwards_does_not_replay(staff, today):
    case = _open(staff, staff["lead"])
    draw = AssignmentDraw.objects.get(case=case)
    other = next(c for c in (staff["first"], staff["decision"]) if c.pk != draw.chosen_id)
    draw.chosen_id = other.pk  # in memory: what a forged record would say
    assert services.replay(draw)["same"] is False


def test_the_replay_command_and_page(staff, today, client, integrity_officer):
    case = _open(staff, staff["lead"])
    out = StringIO()
    call_command("draws", "replay", case.reference, stdout=out)
    assert "the same officer" in out.getvalue() and case.reference in out.getvalue()
    with pytest.raises(CommandError, match="No case has the reference"):
        call_command("draws", "replay", "X-0000-000000", stdout=StringIO())
    client.force_login(integrity_officer)
    html = client.get(f"/desk/integrity/access/cases/{case.pk}/draws/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "the same officer" in html
    client.force_login(staff["objection2"])
    assert client.get(f"/desk/integrity/access/cases/{case.pk}/draws/").status_code == 403


@pytest.fixture
def second_lead(make_user, staff):
    return make_user(Role.TEAM_LEAD, username="tara", unit=staff["team"])


def test_a_reassignment_needs_a_reason_and_another_team_leads_approval(staff, today, second_lead):
    case = _open(staff, staff["lead"])
    case_services.assign(case=case, officer=staff["decision"], via="test")
    with pytest.raises(ValidationError):
        services.request_reassignment(case=case, actor=staff["decision"], reason="busy", to_officer=staff["first"])
    row = services.request_reassignment(
        case=case, actor=staff["decision"], reason="I am on a course for two weeks.", to_officer=staff["first"]
    )
    case.refresh_from_db()
    assert case.assigned_to == staff["decision"]  # nothing changes before approval
    with pytest.raises(PermissionDenied):  # an officer approves nothing
        services.decide_reassignment(reassignment=row, actor=staff["decision"], approve=True)
    services.decide_reassignment(reassignment=row, actor=staff["lead"], approve=True)
    case.refresh_from_db()
    assert case.assigned_to == staff["first"]
    entry = AuditEntry.objects.filter(action="cases.case.assigned", object_id=str(case.pk)).last()
    assert (entry.actor, entry.data["via"], entry.reason) == ("tom", "reassignment", "I am on a course for two weeks.")
    with pytest.raises(ValidationError):  # decided once
        services.decide_reassignment(reassignment=row, actor=second_lead, approve=False)


def test_nobody_reassigns_a_case_to_themselves(staff, today, second_lead, make_user):
    case = _open(staff, staff["lead"])
    case_services.assign(case=case, officer=staff["decision"], via="test")
    with pytest.raises(PermissionDenied):  # reassign to self
        services.request_reassignment(
            case=case, actor=staff["lead"], reason="I will do it myself, quicker.", to_officer=staff["lead"]
        )
    # a team lead who is also a decision officer asks for the case for a colleague, then...
    row = services.request_reassignment(case=case, actor=staff["lead"], reason="Daan has too many cases now.")
    with pytest.raises(PermissionDenied):  # ... approves their own request
        services.decide_reassignment(reassignment=row, actor=staff["lead"], approve=True)
    services.decide_reassignment(reassignment=row, actor=second_lead, approve=True)
    row.refresh_from_db()
    case.refresh_from_db()
    assert row.draw is not None and case.assigned_to == staff["first"]  # a new draw without daan
    with pytest.raises(PermissionDenied):  # the services' low-level assign refuses it too
        case_services.assign(case=case, officer=staff["first"], actor=staff["first"], via="manual")


def test_a_reassignment_to_an_unqualified_officer_or_another_teams_lead_is_refused(staff, today, make_user, org):
    case = _open(staff, staff["lead"])
    case_services.assign(case=case, officer=staff["decision"], via="test")
    with pytest.raises(ValidationError) as caught:
        services.request_reassignment(
            case=case,
            actor=staff["decision"],
            reason="Give it to the objections colleague.",
            to_officer=staff["objection"],
        )
    assert "to_officer" in caught.value.message_dict
    row = services.request_reassignment(case=case, actor=staff["decision"], reason="Please draw somebody else.")
    other_lead = make_user(Role.TEAM_LEAD, username="olaf", unit=org["other"])
    with pytest.raises(PermissionDenied):
        services.decide_reassignment(reassignment=row, actor=other_lead, approve=True)
    assert Reassignment.objects.get().status == "pending"
