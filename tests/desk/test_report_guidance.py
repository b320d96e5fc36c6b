"""Guidance at each step (issue 2 item 11): what the law asks of the handler, why, and the
legal source — for every stage, the identity reveal and the oral report, and shown on the
page of a report at that stage."""

import pytest
from django.utils import translation

from loket.whistle import guidance
from loket.whistle.models import Stage

from .report_fixtures import _cheap_handler_keys, detail_url, handler_client, signed_in, staff, submit  # noqa: F401

STEPS = [*Stage.values, "identity", "oral"]


@pytest.mark.parametrize("key", STEPS)
def test_every_step_says_what_why_and_where(key):
    with translation.override("en"):
        step = guidance.for_step(key)
        assert step.key == key and step.title and step.why and step.asks
        assert all(source.url.startswith("https://") and source.label for source in step.sources)
        assert any("2019/1937" in source.label for source in step.sources)


def test_the_deadlines_in_the_guidance_are_the_laws():
    with translation.override("en"):
        assert "within 7 days" in " ".join(map(str, guidance.for_step(Stage.RECEIVED).asks))
        assert "three months" in " ".join(map(str, guidance.for_step(Stage.ACKNOWLEDGED).asks))
        assert "art. 16" in guidance.for_step("identity").sources[0].label
        assert "art. 18" in guidance.for_step("oral").sources[0].label
        assert "art. 21(5)" in guidance.for_step(Stage.INVESTIGATING).sources[0].label


def test_the_page_shows_the_guidance_of_the_stage_the_report_is_at(handler_client, submit):
    report = submit().report
    with translation.override("en"):
        received, acknowledged = (str(guidance.for_step(s).title) for s in (Stage.RECEIVED, Stage.ACKNOWLEDGED))
    assert received in handler_client.get(detail_url(report)).content.decode()
    handler_client.post(f"/desk/reports/{report.reference}/acknowledge/", {"acknowledge-body": ""})
    html = handler_client.get(detail_url(report)).content.decode()
    assert acknowledged in html and received not in html
