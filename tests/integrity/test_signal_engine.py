"""Each signal over activity that should raise it, and over ordinary activity that should not."""

import pytest
from django.utils import translation

from loket.integrity.signals import config, engine
from tests.integrity.signal_support import Activity, at, workdays

CFG = config.thresholds()


def run(activity: Activity, cfg=CFG):
    signals, stats = engine.run_lines(activity.text(), cfg)
    assert stats.bad_count == 0, stats.bad
    return signals


def codes(signals, code):
    return [s for s in signals if s.signal == code]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_explanations_are_in_dutch_by_default():
    act = Activity()
    for k in range(7):
        act.case(f"C-{k}", "T2", f"b{k % 6 + 1}", client=f"c{k}", contact={"phone": "0699990000"})
    with translation.override("nl"):
        [signal] = run(act)
    assert signal.explanation.startswith("Het telefoonnummer +31699990000 staat bij 7 zaken van 7 klanten")


@pytest.fixture
def ordinary():
    return Activity()


def test_ordinary_activity_raises_no_signal(ordinary):
    assert run(ordinary) == []


def test_acc01_an_officer_reading_many_cases_of_another_team(ordinary):
    for i, cid in enumerate(ordinary.cases["T2"][:35]):
        ordinary.event(at(10 + i % 5, 14), "a3", "read", cid)
    [signal] = codes(run(ordinary), "ACC-01")
    assert signal.officer == "a3"
    assert signal.figures["cases"] == 35
    assert "35 cases" in signal.explanation and "median is 2" in signal.explanation
    assert set(signal.evidence) >= set(ordinary.cases["T2"][:35])


def test_acc01_reads_within_the_own_team_are_not_counted(ordinary):
    for i, cid in enumerate(ordinary.cases["T1"][:35]):
        ordinary.event(at(10 + i % 5, 14), "a3", "read", cid)
    assert codes(run(ordinary), "ACC-01") == []


def test_asg01_a_representatives_clients_concentrated_on_one_officer(ordinary):
    for k in range(8):
        ordinary.case(f"R-{k}", "T1", "a2", client=f"rk{k}", representative="lawyer-9", assigned_by="a2")
    [signal] = codes(run(ordinary), "ASG-01")
    assert (signal.officer, signal.subject) == ("a2", "lawyer-9")
    assert signal.figures["clients_with_officer"] == 8 and signal.figures["assigned_by_hand"] == 8
    assert "Binomial tail" in signal.explanation


def test_asg01_a_representatives_clients_spread_over_the_team(ordinary):
    for k in range(12):
        ordinary.case(f"R-{k}", "T1", f"a{k % 6 + 1}", client=f"rk{k}", representative="lawyer-9")
    assert codes(run(ordinary), "ASG-01") == []


def test_out01_an_officer_granting_far_more_than_the_team():
    act = Activity(decisions=False)
    for team, ids in act.officers.items():
        for k, cid in enumerate(act.cases[team]):
            author = ids[k % 6]
            granted = k % 10 != 0 if author == "a1" else k % 10 < 4
            act.decide(cid, author=author, reader=ids[(k + 1) % 6], day=30 + k % 20, granted=granted)
    for k in range(40):  # more decisions, so that a1 and the team pass the minimum
        act.case(f"X-{k}", "T1", "a1" if k < 30 else "a2", client=f"x{k}")
        act.decide(f"X-{k}", author="a1" if k < 30 else "a2", reader="a4", day=40, granted=k < 27 or k % 3 == 0)
    [signal] = codes(run(act), "OUT-01")
    assert signal.officer == "a1"
    assert signal.figures["test"] == "fisher_exact" and signal.figures["decisions"] == 40
    assert "Fisher's exact test" in signal.explanation


def test_out01_needs_a_minimum_number_of_decisions():
    act = Activity(decisions=False)
    for team, ids in act.officers.items():
        for k, cid in enumerate(act.cases[team]):
            author = ids[k % 6]
            act.decide(cid, author=author, reader=ids[(k + 1) % 6], day=30, granted=author == "a1" or k % 3 == 0)
    assert codes(run(act), "OUT-01") == []  # a1 grants all 10, but 10 decisions prove nothing


def test_four02_a_reader_approving_within_seconds_again_and_again():
    act = Activity(decisions=False)
    for team, ids in act.officers.items():
        for k, cid in enumerate(act.cases[team]):
            reader = ids[(k + 1 + k // 6) % 6]
            fast = reader == "a5"
            act.decide(
                cid,
                author=ids[k % 6],
                reader=reader,
                day=30 + k % 20,
                granted=True,
                wait=(0, 0, 8) if fast else (0, 40, 0),
            )
    [signal] = codes(run(act), "FOUR-02")
    assert signal.officer == "a5" and signal.figures["pattern"] == "fast"
    assert signal.figures["fast"] == signal.figures["approvals"] == 10
    assert len(signal.evidence) == 10  # the line numbers of the approvals


def test_four02_a_pair_approving_each_other():
    act = Activity(decisions=False)
    for team, ids in act.officers.items():
        for k, cid in enumerate(act.cases[team]):
            author = ids[k % 6]
            reader = {"a1": "a2", "a2": "a1"}.get(author, ids[(k + 1 + k // 6) % 6])
            if reader == author:
                reader = ids[(k + 2) % 6]
            act.decide(cid, author=author, reader=reader, day=30 + k % 20, granted=True)
    found = codes(run(act), "FOUR-02")
    assert {(s.officer, s.subject) for s in found} == {("a1", "a2"), ("a2", "a1")}


def test_hrs01_bulk_reads_at_night(ordinary):
    for i in range(120):
        ordinary.event(at(12, 23, i % 60), "a4", "read", ordinary.cases["T1"][i % 60])
    [signal] = codes(run(ordinary), "HRS-01")
    assert signal.officer == "a4" and signal.subject == at(12)[:10]
    assert len(signal.evidence) == 10


def test_hrs01_a_night_shift_is_held_against_its_own_nights():
    act = Activity()
    for d in workdays(30):
        for i in range(30):  # b6 works nights, thirty reads a night, every night
            act.event(at(d, 22, i), "b6", "read", act.cases["T2"][i])
    for i in range(45):  # ... and one busier night is still an ordinary night for them
        act.event(at(40, 23, i), "b6", "read", act.cases["T2"][i])
    assert codes(run(act), "HRS-01") == []


def test_sig01_signed_in_another_officers_name_without_a_mandate(ordinary):
    ordinary.case("S-1", "T1", "a1", client="s1")
    ordinary.decide("S-1", author="a1", reader="a2", day=40, granted=True, on_behalf_of="a6")
    [signal] = codes(run(ordinary), "SIG-01")
    assert (signal.officer, signal.subject, signal.figures["reason"]) == ("a1", "S-1", "no_mandate")


def test_sig01_a_mandate_in_the_register_covers_it(ordinary):
    ordinary.add(type="mandate", signatory="a1", **{"for": "a6"}, **{"from": "2026-01-01", "until": None})
    ordinary.case("S-1", "T1", "a1", client="s1")
    ordinary.decide("S-1", author="a1", reader="a2", day=40, granted=True, on_behalf_of="a6")
    assert codes(run(ordinary), "SIG-01") == []


def test_sig01_an_expired_mandate_does_not(ordinary):
    ordinary.add(type="mandate", signatory="a1", **{"for": "a6"}, **{"from": "2026-01-01", "until": "2026-03-31"})
    ordinary.case("S-1", "T1", "a1", client="s1")
    ordinary.decide("S-1", author="a1", reader="a2", day=40, granted=True, on_behalf_of="a6")
    assert [s.officer for s in codes(run(ordinary), "SIG-01")] == ["a1"]


def test_sig01_signed_by_an_officer_recorded_absent(ordinary):
    ordinary.lines[0]["absent"] = [["2026-04-10", "2026-04-20"]]  # a1
    ordinary.case("S-1", "T1", "a1", client="s1")
    ordinary.decide("S-1", author="a1", reader="a2", day=40, granted=True)  # 11 April
    [signal] = codes(run(ordinary), "SIG-01")
    assert signal.figures["reason"] == "absent" and signal.officer == "a1"


def test_con01_one_phone_across_many_unrelated_clients(ordinary):
    for k in range(7):
        ordinary.case(f"C-{k}", "T2", f"b{k % 6 + 1}", client=f"c{k}", contact={"phone": "06 9999 0000"})
    [signal] = codes(run(ordinary), "CON-01")
    assert signal.subject == "+31699990000" and signal.officer is None and len(signal.evidence) == 7


def test_con01_a_household_or_a_lawyers_office_is_not_a_pattern(ordinary):
    for k in range(4):
        ordinary.case(f"H-{k}", "T2", "b1", client=f"h{k}", contact={"phone": "+31 6 1111 2222"})
    for k in range(9):
        ordinary.case(
            f"L-{k}", "T2", f"b{k % 6 + 1}", client=f"l{k}", representative="firm-1", contact={"phone": "+31201234567"}
        )
    assert codes(run(ordinary), "CON-01") == []


def test_thresholds_are_configurable(ordinary):
    for k in range(4):
        ordinary.case(f"H-{k}", "T2", "b1", client=f"h{k}", contact={"email": "Family@Example.org"})
    cfg = config.thresholds({"CON-01": {"min_clients": 4}})
    [signal] = codes(run(ordinary, cfg), "CON-01")
    assert signal.subject == "family@example.org"


def test_an_unknown_threshold_is_refused():
    with pytest.raises(ValueError, match="min_clientz"):
        config.thresholds({"CON-01": {"min_clientz": 4}})


def _part_timer(a1_grants: int) -> Activity:
    """a1 decides 15 cases of each of three kinds (too few to test one kind), the rest of T1
    30 each, granting 12 in 30 (40 %); a1 grants ``a1_grants`` of each 15."""
    act = Activity(decisions=False)
    for kind in ("asylum", "family", "study"):
        for o in act.officers["T1"]:
            for k in range(15 if o == "a1" else 30):
                cid = f"{kind}-{o}-{k}"
                act.case(cid, "T1", o, client=f"{cid}-client")
                act.lines[-1]["kind"] = kind
                act.decide(
                    cid,
                    author=o,
                    reader="a6" if o != "a6" else "a5",
                    day=40,
                    granted=k < (a1_grants if o == "a1" else 12),
                )
    return act


def test_out01_a_part_timer_who_grants_more_in_every_kind_is_tested_over_all_kinds():
    [signal] = codes(run(_part_timer(a1_grants=12)), "OUT-01")  # 80 % in each kind, the team 40 %
    assert signal.officer == "a1" and signal.figures["test"] == "cochran_mantel_haenszel"
    assert (signal.figures["decisions"], signal.figures["granted"], signal.figures["expected_granted"]) == (
        45,
        36,
        18.0,
    )
    assert "Cochran-Mantel-Haenszel" in signal.explanation and signal.figures["per_kind"]["family"]["decisions"] == 15


def test_out01_a_part_timer_at_the_teams_rate_raises_nothing():
    assert codes(run(_part_timer(a1_grants=6)), "OUT-01") == []
