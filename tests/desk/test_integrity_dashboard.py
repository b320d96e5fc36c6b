"""The integrity officer's dashboard: stages, deadlines, breaches, flagged measures and
mean times, with charts and their tables; for the integrity officer only, nothing
decrypted, and reports the officer is kept away from left out."""

import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.whistle import crypto, services
from loket.whistle.keyring import Keyring
from loket.whistle.models import NamedPerson, RetaliationForm
from loket.whistle.services.retaliation import propose_measure
from loket.whistle.stats import dashboard
from tests.conftest import PASSWORD
from tests.desk.integrity_support import (  # noqa: F401
    GROUNDS,
    _cheap_handler_keys,
    at,
    clock,
    english,
    login,
    protected,
    signed_in,
    staff,
    submit,
)

URL = reverse("desk:integrity:dashboard")


def chart_data(response) -> dict:
    match = re.search(
        r'<script id="integrity-chart-data" type="application/json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "the chart data is not on the page"
    return json.loads(match.group(1))


@pytest.fixture
def history(staff, clock):
    """Reports over two months, seen on 10 June: one acknowledged after 2 days with
    feedback after 30, one acknowledged after 4 days, one whose acknowledgement deadline
    was breached, and one no handler holds a key for."""
    ring = Keyring.from_password(staff.handler, PASSWORD)
    clock.move_to(at(2026, 5, 4))
    fed_back = submit()
    clock.move_to(at(2026, 5, 6))
    services.acknowledge(report=fed_back, user=staff.handler, keyring=ring)  # 2 days
    clock.move_to(at(2026, 6, 3))
    services.send_feedback(report=fed_back, user=staff.handler, keyring=ring, body="We looked into it.")  # 30 days
    clock.move_to(at(2026, 6, 1))
    late = submit()
    clock.move_to(at(2026, 6, 2))
    quick = submit()
    clock.move_to(at(2026, 6, 6))
    services.acknowledge(report=quick, user=staff.handler, keyring=ring)  # 4 days
    keyless = submit()
    keyless.keys.all().delete()
    clock.move_to(at(2026, 6, 10))
    services.check_deadlines()  # late: acknowledgement breached
    staff.reports = {"fed_back": fed_back, "late": late, "quick": quick, "keyless": keyless}
    return staff


def test_only_the_integrity_officer_sees_it(staff, login, client):
    assert login(staff.lead).get(URL).status_code == 403
    assert login(staff.handler).get(URL).status_code == 403
    response = client.get(URL)
    assert response.status_code == 302 and "/account/sign-in/" in response["Location"]
    assert login(staff.officer).get(URL).status_code == 200


def test_the_figures(history):
    d = dashboard(history.officer, today=date(2026, 6, 10))
    assert {code: n for code, _label, n in d.by_stage} == {
        "received": 2,
        "acknowledged": 1,
        "investigating": 0,
        "feedback_sent": 1,
        "closed": 0,
    }
    assert d.total == 4
    assert [(r.reference, r.step, r.days_left) for r in d.open_rows] == [
        (history.reports["late"].reference, "acknowledgement", -2),
        (history.reports["keyless"].reference, "acknowledgement", 5),
        (history.reports["quick"].reference, "feedback", 89),  # 6 Sept is a Sunday: Mon 7 Sept
    ]
    assert (d.open_count, d.overdue_count, d.due_soon_count) == (3, 1, 1)
    assert {code: n for code, _label, n in d.breach_counts} == {"acknowledge": 1, "feedback": 0}
    assert [b.report.reference for b in d.recent_breaches] == [history.reports["late"].reference]
    assert d.mean_days_to_acknowledge == 3.0  # 2 and 4 days
    assert d.mean_days_to_feedback == 30.0
    assert d.keyless == [history.reports["keyless"].reference]
    months = {m["month"]: (m["received"], m["breaches"]) for m in d.months}
    assert len(d.months) == 12 and d.months[-1]["month"] == "2026-06-01"
    assert months["2026-05-01"] == (1, 0) and months["2026-06-01"] == (3, 1)


def test_the_page_shows_tables_beside_the_charts(history, login):
    client = login(history.officer)
    response = client.get(URL)
    page = response.content.decode()
    assert page.count("<h1") == 1
    data = chart_data(response)
    assert sum(data["stages"]["counts"]) == 4
    assert data["months"]["received"][-2:] == [1, 3] and data["months"]["breaches"][-1] == 1
    assert 'src="/static/vendor/chart.js/chart.umd.js"' in page
    for canvas in ("chart-stages", "chart-months"):
        assert re.search(rf'<canvas id="{canvas}" role="img" aria-label="[^"]+">', page)
    assert "overdue by 2 days" in page
    assert "1 report has no handler key: nobody can read it." in page
    assert reverse("desk:reports:detail", args=[history.reports["late"].reference]) in page
    assert "3.0 days" in page and "30.0 days" in page


def test_flagged_measures_awaiting_review_are_counted(protected, login, clock):
    propose_measure(
        user=protected.lead,
        employee=protected.witness,
        kind=RetaliationForm.TRANSFER,
        description="Move.",
        justification=GROUNDS,
        effective_on=date(2026, 7, 1),
    )
    propose_measure(
        user=protected.lead,
        employee=protected.unrelated,
        kind=RetaliationForm.TRANSFER,
        description="Move.",
        justification=GROUNDS,
        effective_on=date(2026, 7, 1),
    )
    clock.move_to(at(2026, 6, 4))
    d = dashboard(protected.officer)
    assert (d.measures_awaiting, d.oldest_measure_days) == (1, 3)
    page = login(protected.officer).get(URL).content.decode()
    assert "the oldest waits 3 days" in page


def test_reports_the_officer_is_kept_away_from_do_not_count(staff):
    visible = submit()
    hidden = submit(involved_employees=[staff.staffer.number])  # someone in the unit officer manages
    services.check_deadlines(today=date(2026, 6, 30))
    mine, theirs = dashboard(staff.officer), dashboard(staff.officer2)
    assert (mine.total, theirs.total) == (1, 2)
    assert [r.reference for r in mine.open_rows] == [visible.reference]
    assert hidden.reference in [r.reference for r in theirs.open_rows]
    assert sum(n for _c, _l, n in mine.breach_counts) == 1
    assert sum(n for _c, _l, n in theirs.breach_counts) == 2
    services.name_person(
        report=visible,
        user=staff.handler,
        keyring=Keyring.from_password(staff.handler, PASSWORD),
        employee=staff.staffer,
        role=NamedPerson.Role.WITNESS,
    )
    assert dashboard(staff.officer).total == 0


def test_nothing_is_decrypted(history, login, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the dashboard decrypted something")

    client = login(history.officer)
    monkeypatch.setattr(crypto, "decrypt", refuse)
    monkeypatch.setattr(crypto, "unseal", refuse)
    assert client.get(URL).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_reports(staff, login):
    client = login(staff.officer)
    submit()
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _i in range(15):
        submit()
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
