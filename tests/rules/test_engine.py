"""The engine: rules in force on the decision's date, languages, and the rule-set version."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from loket.rules import engine
from loket.rules.catalogue import CATALOGUE, by_id
from loket.rules.engine import RULESET_VERSION, evaluate, rules_in_force
from tests.rules.builders import application, ev, facts, objection

pytestmark = pytest.mark.django_db

RULES_MD = Path("/work/shared/RULES.md")


def test_every_rule_of_rules_md_is_in_the_catalogue_once_per_version():
    ids = {r.id for r in CATALOGUE}
    assert ids == {
        "OBJ-01",
        "OBJ-02",
        "OBJ-03",
        "HEAR-01",
        "HEAR-02",
        "HEAR-03",
        "MAND-01",
        "FOUR-01",
        "DEC-01",
        "DEC-02",
        "REA-01",
        "APP-01",
        "VW-25",
        "VW-42",
        "DW-01",
        "DW-02",
        "REV-01",
        "REV-02",
    }
    if RULES_MD.exists():  # the shared catalogue, where it is present
        assert set(re.findall(r"^\| ([A-Z]+-\d\d) \|", RULES_MD.read_text(), re.M)) == ids


def test_rules_in_force_follow_their_validity():
    in_2012 = {r.id for r in rules_in_force(date(2012, 1, 1))}
    assert "VW-25" not in in_2012 and "VW-42" not in in_2012 and "DW-02" not in in_2012
    assert "DEC-01" in in_2012 and "HEAR-01" in in_2012
    assert {r.id for r in rules_in_force(date(2020, 7, 9))} >= {"VW-25", "VW-42"}
    assert "DW-02" not in {r.id for r in rules_in_force(date(2020, 7, 9))}
    assert "DW-02" in {r.id for r in rules_in_force(date(2020, 7, 10))}


def test_a_decision_is_judged_by_the_rules_in_force_on_its_date():
    # a regular application decided late in 2012, before VW-25's 90 days were law: no VW-25 warning
    late_2012 = application(received_on="2012-01-02", decided_on="2012-12-03")
    assert "VW-25" not in {v.rule for v in evaluate(facts(late_2012))}
    late_2014 = application(received_on="2014-01-02", decided_on="2014-12-01")
    assert "VW-25" in {v.rule for v in evaluate(facts(late_2014))}


def test_a_rule_that_ended_no_longer_judges_later_decisions(monkeypatch):
    ended = tuple(replace(r, valid_to=date(2020, 12, 31)) if r.id == "HEAR-01" else r for r in CATALOGUE)
    monkeypatch.setattr(engine, "CATALOGUE", ended)
    engine._applicable.cache_clear()
    try:
        unheard_2020 = objection(heard=False, notified_on="2020-12-01", received_on="2020-12-10")
        unheard_2021 = objection(heard=False, notified_on="2021-01-04", received_on="2021-01-11")
        assert "HEAR-01" in {v.rule for v in evaluate(facts(unheard_2020))}
        assert "HEAR-01" not in {v.rule for v in evaluate(facts(unheard_2021))}
    finally:
        engine._applicable.cache_clear()


def test_messages_in_the_officers_language_with_the_source():
    case = facts(objection(heard=False))
    [nl] = [v for v in evaluate(case, language="nl") if v.rule == "HEAR-01"]
    [en] = [v for v in evaluate(case, language="en") if v.rule == "HEAR-01"]
    assert "hoorzitting" in nl.message and "hearing" in en.message
    assert nl.source == en.source == "Awb 7:2"
    assert en.as_dict() == {"rule": "HEAR-01", "outcome": "block", "message": en.message, "source": "Awb 7:2"}


def test_ruleset_version_names_the_catalogue_and_changes_with_it(monkeypatch):
    assert re.fullmatch(r"rules-[0-9a-f]{16}", RULESET_VERSION)
    assert engine._ruleset_version() == RULESET_VERSION  # stable
    monkeypatch.setattr(engine, "CATALOGUE", CATALOGUE[:-1])
    assert engine._ruleset_version() != RULESET_VERSION
    monkeypatch.setattr(engine, "CATALOGUE", CATALOGUE)
    monkeypatch.setattr(engine, "CODE_VERSION", "2")
    assert engine._ruleset_version() != RULESET_VERSION


def test_by_id_lists_the_versions_of_a_rule():
    assert [r.id for r in by_id("HEAR-01")] == ["HEAR-01"]
    assert by_id("NOPE-01") == []


def test_events_after_the_decision_do_not_rescue_it():
    case = objection(heard=False, decided_on="2026-05-20", events=[ev("hearing_held", "2026-06-01", "hearer")])
    assert "HEAR-01" in {v.rule for v in evaluate(facts(case))}
