"""``|day`` and ``|moment`` (loket/core/templatetags/local_dates.py) write exactly what
``|date:"DATE_FORMAT"`` and ``|date:"DATETIME_FORMAT"`` write, in every client language and
time zone, however often the same value comes back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.template import engines
from django.utils import timezone, translation
from hypothesis import given, settings, strategies as st

from loket.core.languages import CLIENT_LANGUAGES
from loket.core.templatetags import local_dates

TEMPLATE = engines["django"].from_string(
    '{% load local_dates %}{{ d|day }}|{{ d|date:"DATE_FORMAT" }}|{{ m|day }}|{{ m|date:"DATE_FORMAT" }}|'
    '{{ m|moment }}|{{ m|date:"DATETIME_FORMAT" }}'
)
ZONES = ["Europe/Amsterdam", "UTC", "Asia/Tehran", "America/Curacao"]
# hypothesis takes naive bounds and adds the zone itself
moments = st.datetimes(
    min_value=datetime(1990, 1, 1),  # noqa: DTZ001
    max_value=datetime(2060, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)),
    moment=moments,
    language=st.sampled_from(list(CLIENT_LANGUAGES)),
    zone=st.sampled_from(ZONES),
)
def test_the_same_text_as_django_date(day, moment, language, zone):
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        for _ in range(2):  # the second time comes from what was remembered
            ours_day, django_day, ours_mday, django_mday, ours_moment, django_moment = TEMPLATE.render(
                {"d": day, "m": moment}
            ).split("|")
            assert ours_day == django_day
            assert ours_mday == django_mday
            assert ours_moment == django_moment


def test_one_instant_in_two_zones_is_two_texts():
    """An aware moment equals the same instant in any zone: what was remembered for one zone
    is not given for another."""
    at = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    with translation.override("nl"):
        with timezone.override(ZoneInfo("UTC")):
            first = TEMPLATE.render({"d": at.date(), "m": at}).split("|")
        with timezone.override(ZoneInfo("Asia/Tehran")):
            second = TEMPLATE.render({"d": at.date(), "m": at}).split("|")
    assert first[4] == "29 maart 2026 00:30"
    assert second[4] == "29 maart 2026 04:00"


def test_not_a_date_is_empty_text():
    with translation.override("nl"):
        assert TEMPLATE.render({"d": "", "m": None}) == "|||||"


def test_the_memory_stays_bounded():
    local_dates.clear()
    bound = local_dates._format.cache_info().maxsize
    with translation.override("nl"):
        for n in range(bound + 10):
            engines["django"].from_string("{% load local_dates %}{{ d|day }}").render(
                {"d": date(2000, 1, 1) + timedelta(days=n)}
            )
    assert local_dates._format.cache_info().currsize <= bound
