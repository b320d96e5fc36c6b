"""REV-01 (the ground) and REV-02 (intention, written view, hearing) for revocations.

The intention is delivered on Monday 23 February 2026; six weeks from the next day end on
Easter Monday 6 April, so the holder may give a view until Tuesday 7 April.
"""

import pytest

from tests.rules.builders import ev, judge, messages, revocation

pytestmark = pytest.mark.django_db

INTENTION = [ev("intention_sent", "2026-02-23", "officer")]


@pytest.mark.parametrize(
    "ground, blocked", [("vw32-1-a", False), ("vw32-1-e", False), ("vw35-1-d", False), (None, True)]
)
def test_rev01_revocation_of_an_asylum_permit_needs_a_ground_of_vw_32_or_35(ground, blocked):
    case = revocation(events=INTENTION, decision={"revocation_ground": ground})
    assert ("REV-01" in judge(case)) is blocked


@pytest.mark.parametrize("ground", ["vw33-1-z", "public opinion", "VW32-1-A"])
def test_rev01_a_ground_outside_the_law_is_the_breach_and_is_quoted(ground):
    case = revocation(events=INTENTION, decision={"revocation_ground": ground})
    assert judge(case)["REV-01"] == ["block"]
    assert messages(case, "REV-01")[0] == (
        f"The revocation of the asylum permit names the ground '{ground}', which is not a ground of "
        "Vw 32(1)(a)–(e) or 35(1)(a)–(d)."
    )
    assert f"noemt als grond '{ground}'" in messages(case, "REV-01", language="nl")[0]


def test_rev01_not_revoked_needs_no_ground_and_regular_permits_are_not_judged_by_it():
    assert "REV-01" not in judge(revocation(events=INTENTION, outcome="not_revoked"))
    assert "REV-01" not in judge(revocation(track="regular", events=INTENTION, decision={"revocation_ground": None}))


def test_rev02_no_revocation_without_a_written_intention():
    assert judge(revocation(events=[]))["REV-02"] == ["block"]
    assert "without a written intention" in messages(revocation(events=[]), "REV-02")[0]
    # an intention sent after the decision does not count
    assert judge(revocation(events=[ev("intention_sent", "2026-06-02")]))["REV-02"] == ["block"]


def test_rev02_six_weeks_for_a_view_run_past_easter_monday():
    assert judge(revocation(events=INTENTION, decided_on="2026-04-07"))["REV-02"] == ["block"]
    assert "REV-02" not in judge(revocation(events=INTENTION, decided_on="2026-04-08"))


def test_rev02_after_a_view_the_service_offers_a_hearing_before_revoking():
    view = INTENTION + [ev("view_received", "2026-03-20")]
    assert judge(revocation(events=view, decided_on="2026-04-08"))["REV-02"] == ["block"]
    heard = view + [ev("hearing_offered", "2026-03-25")]
    assert "REV-02" not in judge(revocation(events=heard, decided_on="2026-04-08"))
    # with a view in, the decision need not wait for the rest of the six weeks
    assert "REV-02" not in judge(revocation(events=heard, decided_on="2026-03-30"))


def test_rev02_a_late_view_still_counts_until_the_decision():
    late_view = INTENTION + [ev("view_received", "2026-05-01")]
    assert judge(revocation(events=late_view, decided_on="2026-05-20"))["REV-02"] == ["block"]
    offered = late_view + [ev("hearing_offered", "2026-05-05")]
    assert "REV-02" not in judge(revocation(events=offered, decided_on="2026-05-20"))


def test_rev02_a_hearing_offered_before_the_view_does_not_count():
    events = INTENTION + [ev("hearing_offered", "2026-03-01"), ev("view_received", "2026-03-20")]
    assert judge(revocation(events=events, decided_on="2026-04-08"))["REV-02"] == ["block"]


def test_rev02_applies_to_regular_permits_too_and_not_when_the_permit_is_kept():
    assert judge(revocation(track="regular", events=[]))["REV-02"] == ["block"]
    assert "REV-02" not in judge(revocation(events=[], outcome="not_revoked"))
