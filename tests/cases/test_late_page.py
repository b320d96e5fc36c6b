"""The late cases page (issue 12, "never unbounded memory"): it loaded every late case into
memory, about 750,000 rows at a million cases, to show one page of 50. Now the page comes
from the database and the totals per team from aggregate queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loket.cases import selectors, services, views
from loket.cases.models import Case

LATE_SINCE = date(2026, 1, 5)  # decide by 7 April 2026: 55 days late on TODAY (1 June 2026)


@pytest.fixture
def late_page(client, staff, monkeypatch, today):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    client.force_login(staff["lead"])

    def get(**params):
        built = []

        def count(sender, instance, **kwargs):
            built.append(instance)

        post_init.connect(count, sender=Case)
        try:
            response = client.get(reverse("desk:cases:late"), params)
        finally:
            post_init.disconnect(count, sender=Case)
        assert response.status_code == 200
        return response, len(built)

    return get


def _rows(response) -> list[str]:
    table = response.content.decode().split("utrecht-table__caption", 2)[2]
    return re.findall(r'href="/desk/cases/(\d+)/"', table)


def _team_row(response, team) -> list[str]:
    html = response.content.decode()
    row = html[html.index(f'scope="row">{team}</th>') :].split("</tr>", 1)[0]
    return re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', row)


def test_a_page_of_late_cases_reads_one_page_and_its_queries_do_not_grow(
    late_page, staff, application, django_assert_max_num_queries
):
    noticed = application(received_on=LATE_SINCE)
    services.record_event(case=noticed, actor=staff["decision"], type="notice_of_default", on=date(2026, 4, 20))
    for _ in range(4):
        application(received_on=LATE_SINCE)
    application(received_on=date(2026, 5, 20))  # not late
    response, built = late_page()
    few = len(_rows(response))
    with CaptureQueriesContext(connection) as ctx:
        late_page()
    queries = len(ctx.captured_queries)

    for _ in range(20):
        application(received_on=LATE_SINCE)
    with django_assert_max_num_queries(queries):
        response, built = late_page()
    assert few == len(_rows(response)) == 3  # the page size, of 25 late cases
    assert built <= 3 + 1  # the page's cases and the one with a notice: not all 25
    # 25 late, 25 x 55 days, 1 notice, 812 owed (28 days: 14 x 23 + 14 x 35), as before
    assert _team_row(response, staff["team"]) == ["25", str(25 * 55), "1", "812"]
    second = late_page(page=9)[0]
    assert len(_rows(second)) == 1  # 25 = 8 pages of 3 and one


def test_late_cases_come_most_days_late_first_across_pages(late_page, application):
    cases = [application(received_on=date(2026, 1, day)) for day in (20, 5, 12, 26)]
    first, second = late_page()[0], late_page(page=2)[0]
    order = [int(pk) for pk in _rows(first) + _rows(second)]
    assert order == [c.pk for c in sorted(cases, key=lambda c: (c.due_on, c.pk))]


def test_a_case_suspended_before_its_deadline_lapsed_is_not_late_while_suspended(late_page, staff, application):
    suspended = application(received_on=date(2026, 2, 2))  # decide by 4 May 2026
    services.record_event(case=suspended, actor=staff["decision"], type="suspended", on=date(2026, 4, 1))
    after = application(received_on=date(2026, 2, 2))  # suspended after the lapse: does not count
    services.record_event(case=after, actor=staff["decision"], type="suspended", on=date(2026, 5, 20))
    resumed = application(received_on=date(2026, 2, 2))
    services.record_event(case=resumed, actor=staff["decision"], type="suspended", on=date(2026, 4, 1))
    services.record_event(case=resumed, actor=staff["decision"], type="resumed", on=date(2026, 4, 11))
    response = late_page()[0]
    shown = {int(pk) for pk in _rows(response)}
    assert shown == {after.pk, resumed.pk}
    # the days late are the rules' own (28 for the one suspended after the lapse)
    exact = selectors.annotate_standing(Case.objects.filter(pk__in=shown), date(2026, 6, 1))
    assert sorted(c.standing.days_late for c in exact)[-1] == 28
    assert _team_row(response, staff["team"])[:2] == ["2", str(sum(c.standing.days_late for c in exact))]


def test_a_late_list_longer_than_the_count_cap_says_more_than(late_page, application, monkeypatch):
    monkeypatch.setattr(views, "QUEUE_COUNT_CAP", 3)
    for _ in range(5):
        application(received_on=LATE_SINCE)
    html = late_page()[0].content.decode()
    assert "Meer dan 3 te late zaken" in html or "More than 3 late cases" in html
