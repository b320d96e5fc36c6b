"""Each rule carries its descriptions in both languages, its source, and the tests that pin it down."""

import ast
from pathlib import Path

import pytest

from loket.rules.catalogue import CATALOGUE

TESTS = Path(__file__).parent


def _test_functions() -> set[str]:
    names = set()
    for path in TESTS.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                names.add(f"{path.name}::{node.name}")
    return names


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.id)
def test_rule_is_complete_in_both_languages(rule):
    assert rule.title_nl and rule.title_en and rule.title_nl != rule.title_en
    assert rule.description_nl and rule.description_en and rule.description_nl != rule.description_en
    assert rule.source and rule.valid_from
    assert bool(rule.outcome_note_nl) == bool(rule.outcome_note_en)


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.id)
def test_every_listed_test_exists(rule):
    assert rule.tests, f"{rule.id} lists no tests"
    missing = set(rule.tests) - _test_functions()
    assert not missing, f"{rule.id} lists tests that do not exist: {sorted(missing)}"
