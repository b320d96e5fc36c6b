"""The integrity officer's signal pages and use cases: stored signals, dismiss with a reason,
open an investigation, the dashboard with its charts and tables, and the rule that the
officer a signal is about never sees it, not even as an integrity officer."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from loket.core import audit
from loket.core.audit_models import AuditEntry
from loket.core.roles import Role
from loket.integrity.signal_models import IntegritySignal, Investigation
from loket.integrity.signals import services
from tests.integrity.signal_support import Activity, at

DASHBOARD = reverse("desk:signals:dashboard")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def snooping_activity() -> list[dict]:
    act = Activity()
    for i, cid in enumerate(act.cases["T2"][:35]):
        act.event(at(10 + i % 5, 14), "a3", "read", cid)
    for k in range(7):
        act.case(f"C-{k}", "T2", f"b{k % 6 + 1}", client=f"c{k}", contact={"phone": "+31699990000"})
    return act.lines


@pytest.fixture
def people(make_user):
    return {
        "io": make_user(Role.INTEGRITY_OFFICER, username="ines"),
        # a3 is the officer the ACC-01 signal is about; here they also hold the integrity role
        "a3": make_user(Role.DECISION_OFFICER, Role.INTEGRITY_OFFICER, username="a3"),
        "plain": make_user(Role.DECISION_OFFICER, username="a4"),
    }


@pytest.fixture
def stored(people):
    run = services.run_signals(actor="system", records=snooping_activity())
    return run, IntegritySignal.objects.get(code="ACC-01")


def client_for(client, user):
    client.force_login(user)
    return client


def test_a_run_stores_each_signal_once_with_its_figures_and_evidence(stored, people):
    run, acc = stored
    assert run.count == run.new == 2
    assert acc.officer == people["a3"] and acc.officer_ref == "a3" and acc.team == "T1"
    assert acc.figures["cases"] == 35 and len(acc.evidence) == 35
    again = services.run_signals(actor="system", records=snooping_activity())
    assert (again.count, again.new) == (2, 0)
    assert IntegritySignal.objects.count() == 2
    assert AuditEntry.objects.filter(action="integrity.signals.run").count() == 2


def test_the_integrity_officer_dismisses_a_signal_with_a_reason(client, stored, people):
    _run, acc = stored
    page = client_for(client, people["io"])
    url = reverse("desk:signals:detail", args=[acc.pk])
    response = page.get(url)
    assert "Read 35 cases that are neither assigned to them nor of their team" in response.content.decode()
    response = page.post(url, {"reason": "short", "action": "dismiss"})
    assert "at least 10 characters" in response.content.decode()
    assert IntegritySignal.objects.get(pk=acc.pk).status == "open"
    response = page.post(
        url, {"reason": "Transferred to team T2 for a month in March.", "action": "dismiss"}, follow=True
    )
    acc.refresh_from_db()
    assert acc.status == "dismissed" and acc.decided_by == people["io"]
    assert "The signal has been dismissed." in response.content.decode()
    assert AuditEntry.objects.filter(action="integrity.signal.dismissed", reason__startswith="Transferred").exists()


def test_the_integrity_officer_opens_an_investigation(client, stored, people):
    _run, acc = stored
    page = client_for(client, people["io"])
    page.post(
        reverse("desk:signals:detail", args=[acc.pk]),
        {"reason": "Reads of clients of lawyer X; ask for the access log.", "action": "investigate"},
    )
    acc.refresh_from_db()
    assert acc.status == "investigating"
    assert Investigation.objects.get(signal=acc).opened_by == people["io"]


def test_the_officer_concerned_never_sees_the_signal_or_what_was_done(client, stored, people):
    _run, acc = stored
    services.open_investigation(user=people["io"], signal_id=acc.pk, reason="Reads of clients of one lawyer.")
    page = client_for(client, people["a3"])  # a3 holds the integrity role too
    dashboard = page.get(DASHBOARD).content.decode()
    assert "CON-01" in dashboard and reverse("desk:signals:detail", args=[acc.pk]) not in dashboard
    assert re.search(r"Under investigation</dt><dd[^>]*>0<", dashboard)
    assert page.get(reverse("desk:signals:detail", args=[acc.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.dismiss(user=people["a3"], signal_id=acc.pk, reason="This was me, it was fine, honestly.")


def test_an_officer_without_the_role_is_refused(client, stored, people):
    page = client_for(client, people["plain"])
    assert page.get(DASHBOARD).status_code == 403
    _run, acc = stored
    assert page.get(reverse("desk:signals:detail", args=[acc.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.dismiss(user=people["plain"], signal_id=acc.pk, reason="Nothing to see here at all.")


def test_a_handled_signal_cannot_be_handled_again(stored, people):
    _run, acc = stored
    services.dismiss(user=people["io"], signal_id=acc.pk, reason="Explained by a transfer in March.")
    with pytest.raises(ValidationError):
        services.open_investigation(user=people["io"], signal_id=acc.pk, reason="Changed my mind about this one.")


def test_the_dashboard_counts_by_kind_and_team_with_chart_data_and_break_glass(client, stored, people):
    audit.record(
        actor=people["plain"],
        action="integrity.access.break_glass",
        object_type="cases.case",
        object_id="42",
        reason="Client at the counter asks about a colleague's case",
    )
    page = client_for(client, people["io"])
    html = page.get(DASHBOARD).content.decode()
    data = json.loads(
        re.search(r'<script id="signals-chart-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert dict(zip(data["codes"], data["by_code"])) == {
        "ACC-01": 1,
        "ASG-01": 0,
        "OUT-01": 0,
        "FOUR-02": 0,
        "HRS-01": 0,
        "SIG-01": 0,
        "CON-01": 1,
    }
    assert data["teams"] == ["T1"] and data["by_team"] == [1]
    assert sum(sum(series) for series in data["trend"]) == 2
    assert "Open signals by kind" in html and "Client at the counter asks about a colleague" in html


def test_compute_now_runs_the_task(client, people):
    page = client_for(client, people["io"])
    response = page.post(reverse("desk:signals:run"), follow=True)
    assert "The signals are being computed" in response.content.decode()
    assert AuditEntry.objects.filter(action="integrity.signals.run").count() == 1
