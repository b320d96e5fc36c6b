"""Deep queue pages are read ids first, then their rows (pages.IdsFirstPaginator): the same
cases on the same page in the same order as one OFFSET query, for a team and a department."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.cases import selectors, views
from loket.cases.models import Case
from loket.cases.pages import CappedPaginator, IdsFirstPaginator
from loket.core.roles import Role


@pytest.fixture
def queue(application, staff, org):
    """Cases of the team, of the department and of another department, with equal deadlines,
    equal receipt days and no deadline at all, so that the order's tie-breakers matter."""
    dues = [date(2026, 7, 1), date(2026, 7, 1), None, date(2026, 6, 20), None, date(2026, 7, 1)]
    units = [staff["team"], org["dept"], org["other"]]
    for n in range(19):
        case = application(team=units[n % 3], received_on=date(2026, 5, 4) - timedelta(days=n % 4))
        Case.objects.filter(pk=case.pk).update(due_on=dues[n % len(dues)])
    return staff


def pages_of(paginator):
    return [[case.pk for case in paginator.page(n)] for n in paginator.page_range]


@pytest.mark.parametrize("who", ["lead", "head", "admin"])
@pytest.mark.parametrize("per_page", [1, 2, 5, 7, 50])
def test_every_page_holds_the_cases_of_one_offset_query(queue, make_user, org, who, per_page):
    users = {
        "lead": queue["lead"],
        "head": make_user(Role.TEAM_LEAD, username="hank", unit=org["dept"]),
        "admin": make_user(Role.ADMINISTRATOR, username="ada", unit=org["top"]),
    }
    cases = selectors.open_cases(users[who])
    before = pages_of(Paginator(cases, per_page))
    assert pages_of(IdsFirstPaginator(cases, per_page)) == before
    assert pages_of(CappedPaginator(cases, per_page, cap=100)) == before
    every = [pk for page in before for pk in page]
    assert every == list(cases.values_list("pk", flat=True))  # every case once, in order
    # need to know: an administrator reads no case at all (issue 15 item 3)
    assert len(every) == {"lead": 7, "head": 13, "admin": 0}[who]


def test_a_deep_queue_page_skips_rows_by_their_ids_only(client, queue, monkeypatch):
    """The OFFSET query reads ids and the order's columns, not the status, client or events of
    every skipped case (at a million cases that cost 150 ms for page 100)."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(queue["lead"])
    expected = [c.reference for c in selectors.open_cases(queue["lead"])][4:6]
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("desk:cases:queue"), {"page": 3}).content.decode()
    assert all(reference in html for reference in expected)
    skipping = [q["sql"] for q in ctx.captured_queries if "OFFSET" in q["sql"].upper()]
    assert skipping
    for sql in skipping:
        assert "cases_casestatus" not in sql and "clients_client" not in sql and "JOIN" not in sql.upper()
