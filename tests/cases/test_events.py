"""Recording what happened in a case: bad input, the deadline moving, statuses and roles."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from loket.cases import services
from loket.cases.choices import RoleInCase, Status
from loket.cases.models import CaseEvent
from loket.core.deadlines import add_period

from .conftest import TODAY


def _statuses(case):
    return [s.status for s in case.statuses.all()]


def test_a_hearing_held_names_the_hearer_and_moves_the_case_into_progress(objection, staff):
    case = objection()
    services.record_event(
        case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["objection2"]
    )
    assert _statuses(case) == [Status.RECEIVED, Status.IN_PROGRESS]
    role = case.roles.get()
    assert (role.role, role.user) == (RoleInCase.HEARER, staff["objection2"])


def test_whoever_took_the_contested_decision_may_not_hold_the_hearing(objection, staff):
    case = objection()
    with pytest.raises(ValidationError) as caught:
        services.record_event(
            case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by=staff["first"]
        )
    assert "HEAR-03" in caught.value.message_dict["by"][0]
    with pytest.raises(ValidationError):  # nor the signatory known by an outside id
        services.record_event(
            case=case, actor=staff["objection"], type="hearing_held", on=date(2026, 5, 20), by_ref="E0001"
        )
    assert case.events.count() == 1  # only "received"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"type": "hearing_held", "on": date(2026, 5, 20)}, "by"),  # no hearer
        ({"type": "appeal_lodged", "on": date(2026, 5, 20)}, "type"),  # unknown event
        ({"type": "received", "on": date(2026, 5, 20)}, "type"),  # comes with the case
        ({"type": "penalty_fixed", "on": date(2026, 5, 20)}, "type"),  # only through fix_penalty
        ({"type": "hearing_invited", "on": TODAY + timedelta(days=1)}, "on"),  # future
        ({"type": "hearing_invited", "on": date(2026, 5, 1)}, "on"),  # before the case was received
        ({"type": "hearing_invited", "on": "2026-05-20"}, "on"),  # not a date
        ({"type": "resumed", "on": date(2026, 5, 20)}, "type"),  # nothing to resume
        ({"type": "excusability_assessed", "on": date(2026, 5, 20)}, "note"),  # assessment not written down
    ],
)
def test_bad_events_are_refused_and_change_nothing(objection, staff, kwargs, field):
    case = objection()
    with pytest.raises(ValidationError) as caught:
        services.record_event(case=case, actor=staff["objection"], **kwargs)
    assert field in caught.value.message_dict
    assert case.events.count() == 1 and _statuses(case) == [Status.RECEIVED]


def test_a_suspension_moves_the_deadline_and_the_status(application, staff):
    case = application(received_on=date(2026, 3, 2))
    before = case.due_on
    services.record_event(case=case, actor=staff["decision"], type="suspended", on=date(2026, 4, 1))
    with pytest.raises(ValidationError):  # suspended twice
        services.record_event(case=case, actor=staff["decision"], type="suspended", on=date(2026, 4, 2))
    services.record_event(case=case, actor=staff["decision"], type="resumed", on=date(2026, 4, 15))
    case.refresh_from_db()
    assert case.due_on > before
    assert _statuses(case) == [Status.RECEIVED, Status.SUSPENDED, Status.IN_PROGRESS]


def test_an_extension_gives_the_longer_period(application, staff):
    case = application(received_on=date(2026, 3, 2))
    services.record_event(case=case, actor=staff["decision"], type="extended", on=date(2026, 5, 1))
    case.refresh_from_db()
    assert case.due_on == add_period(date(2026, 3, 2), months=6)  # Vw 25: up to 6 months


def test_only_case_workers_of_the_team_record_events(objection, staff):
    case = objection()
    with pytest.raises(PermissionDenied):
        services.record_event(case=case, actor=staff["reader"], type="hearing_invited", on=date(2026, 5, 20))
    with pytest.raises(PermissionDenied):
        services.record_event(case=case, actor=staff["outsider"], type="hearing_invited", on=date(2026, 5, 20))
    assert not CaseEvent.objects.filter(type="hearing_invited").exists()
