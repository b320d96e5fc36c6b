"""Loket's own data as activity records: officers with their team, cases with their assignee and
contact details, reads, changes and break-glass accesses from the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from loket.cases import services as case_services
from loket.cases.access import open_case_for
from loket.clients.models import Client, ClientPhone
from loket.core.roles import Role
from loket.integrity.services import break_glass
from loket.integrity.signal_models import IntegritySignal
from loket.integrity.signals import adapter, services


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db, make_user, org):
    owner = make_user(Role.DECISION_OFFICER, username="olga", unit=org["team"])
    outsider = make_user(Role.DECISION_OFFICER, username="otto", unit=org["other"])
    cases = []
    for n in range(3):
        client = Client.objects.create(display_name=f"Client {n}")
        ClientPhone.objects.create(client=client, number="+31612345678")
        case = case_services.open_case(
            actor=owner,
            kind="application",
            track="regular",
            team=org["team"],
            client=client,
            received_on=timezone.localdate(),
        )
        case_services.assign(case=case, officer=owner, via="test")
        cases.append(case)
    return owner, outsider, cases


def test_the_adapter_turns_staff_cases_and_the_audit_log_into_records(world):
    _owner, outsider, cases = world
    break_glass(actor=outsider, case=cases[1], reason="Client at the desk asks about the file.")
    open_case_for(outsider, cases[1])
    with pytest.raises(PermissionDenied):  # refused: logged, but not a read
        open_case_for(outsider, cases[0])
    recs = list(adapter.records())
    officers = {r["id"]: r for r in recs if r["type"] == "officer"}
    assert officers["olga"]["team"] == "TEAM" and officers["otto"]["team"] == "OTHER"
    case = next(r for r in recs if r["type"] == "case" and r["id"] == str(cases[0].pk))
    assert case["assigned_to"] == "olga" and case["contact"] == {"phone": "+31612345678"} and case["team"] == "TEAM"
    assert case["assigned_by"] == adapter.UNRECORDED  # given by hand, not by the draw nor an approved request
    events = [(r["actor"], r["action"], r["case"]) for r in recs if r["type"] == "event"]
    assert ("otto", "break_glass", str(cases[1].pk)) in events
    assert ("otto", "read", str(cases[1].pk)) in events
    assert ("otto", "read", str(cases[0].pk)) not in events
    assert ("olga", "change", str(cases[0].pk)) in events  # opening the case


def test_a_daily_run_over_loket_itself_stores_signals(world, settings):
    settings.INTEGRITY_SIGNALS = {"CON-01": {"min_clients": 3}, "ACC-01": {"min_cases": 2, "robust_z": 0.1}}
    _owner, _outsider, cases = world
    run = services.run_signals(actor="system")
    assert run.count >= 1
    con = IntegritySignal.objects.get(code="CON-01")
    assert con.subject == "+31612345678" and sorted(con.evidence) == sorted(str(c.pk) for c in cases)
