"""OBJ-01, OBJ-02, OBJ-03 at their boundaries: the last day in time and the first day late."""

import pytest

from tests.rules.builders import application, ev, judge, messages, objection, revocation

pytestmark = pytest.mark.django_db


def test_clean_objection_breaks_no_rule():
    assert judge(objection()) == {}


@pytest.mark.parametrize(
    "notified, last_day_in_time, first_day_late",
    [
        ("2026-01-03", "2026-02-02", "2026-02-03"),  # 4 weeks end on Saturday 31 Jan: runs to Monday
        ("2026-04-07", "2026-05-06", "2026-05-07"),  # ends on 5 May (a holiday every year, not only 2025)
        ("2026-03-09", "2026-04-07", "2026-04-08"),  # ends on Easter Monday
    ],
)
def test_obj01_aliens_act_period_of_four_weeks_runs_past_weekends_and_holidays(
    notified, last_day_in_time, first_day_late
):
    assert "OBJ-01" not in judge(objection(notified_on=notified, received_on=last_day_in_time))
    assert judge(objection(notified_on=notified, received_on=first_day_late))["OBJ-01"] == ["warn"]


def test_obj01_naturalisation_has_six_weeks():
    # notified Monday 1 June 2026: six weeks end on Monday 13 July (the example of issue 2)
    assert "OBJ-01" not in judge(objection(track="naturalisation", notified_on="2026-06-01", received_on="2026-07-13"))
    late = objection(track="naturalisation", notified_on="2026-06-01", received_on="2026-07-14")
    assert judge(late)["OBJ-01"] == ["warn"]
    assert "6 weken eindigde op 2026-07-13" in messages(late, "OBJ-01", language="nl")[0]


def test_obj01_posted_in_time_and_received_within_a_week_after_is_in_time():
    # period ends Wednesday 6 May (after 5 May); Awb 6:9 adds one week: Wednesday 13 May
    posted = dict(notified_on="2026-04-07", posted_on="2026-05-06")
    assert "OBJ-01" not in judge(objection(received_on="2026-05-13", **posted))
    assert judge(objection(received_on="2026-05-14", **posted))["OBJ-01"] == ["warn"]
    # posted one day after the period: late whenever it arrives
    assert judge(objection(notified_on="2026-04-07", posted_on="2026-05-07", received_on="2026-05-08"))["OBJ-01"]


def test_obj01_without_posting_date_judges_by_receipt():
    assert judge(objection(notified_on="2026-04-07", received_on="2026-05-08"))["OBJ-01"] == ["warn"]


def test_obj02_late_objection_inadmissible_without_excusability_assessment_is_blocked():
    late = dict(notified_on="2026-04-07", received_on="2026-05-07", outcome="inadmissible", decided_on="2026-06-01")
    assert judge(objection(**late))["OBJ-02"] == ["block"]
    assessed = objection(**late, events=[ev("excusability_assessed", "2026-06-01", "officer")])
    assert "OBJ-02" not in judge(assessed)
    # an assessment recorded after the decision does not count
    after = objection(**late, events=[ev("excusability_assessed", "2026-06-02", "officer")])
    assert judge(after)["OBJ-02"] == ["block"]


def test_obj02_does_not_apply_to_an_objection_in_time_or_decided_on_the_merits():
    assert "OBJ-02" not in judge(objection(notified_on="2026-04-07", received_on="2026-05-06", outcome="inadmissible"))
    assert "OBJ-02" not in judge(objection(notified_on="2026-04-07", received_on="2026-05-07", outcome="unfounded"))


def test_obj03_no_objection_stage_in_asylum_cases():
    found = judge(objection(track="asylum"))
    assert found["OBJ-03"] == ["block"]
    assert "OBJ-01" not in found and "HEAR-01" not in found  # the objection stage's own rules do not apply
    assert "beroep bij de rechtbank" in messages(objection(track="asylum"), "OBJ-03", language="nl")[0]


@pytest.mark.parametrize(
    "accelerated, right, wrong",
    [
        (False, "appeal_4_weeks", "appeal_1_week"),
        (True, "appeal_1_week", "appeal_4_weeks"),
    ],
)
def test_obj03_notice_of_remedies_on_asylum_decisions_names_the_court(accelerated, right, wrong):
    def case(notice):
        return application(
            track="asylum",
            received_on="2026-01-05",
            decided_on="2026-03-02",
            outcome="rejected",
            accelerated=accelerated,
            decision={"remedies_notice": notice},
        )

    assert "OBJ-03" not in judge(case(right))
    assert judge(case(wrong))["OBJ-03"] == ["block"]
    assert judge(case("objection"))["OBJ-03"] == ["block"]
    assert "OBJ-03" not in judge(case(""))  # not recorded: not judged


def test_obj03_applies_to_revocation_of_asylum_permits_too():
    events = [ev("intention_sent", "2026-03-02")]
    assert judge(revocation(events=events, decision={"remedies_notice": "objection"}))["OBJ-03"] == ["block"]
    assert "OBJ-03" not in judge(revocation(track="regular", events=events, decision={"remedies_notice": "objection"}))
