"""The app graph of STYLE.md ("No cycles between apps") is a test, not only a paragraph: the
import-linter contracts in pyproject.toml hold for the code, and each import that once broke
the graph (issue 12: cases ⇄ decisions, clients ⇄ contact, rules ⇄ decisions, hidden in
function-level imports) would break a contract again."""

import copy
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract
from importlinter.contracts.protected import ProtectedContract

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
KINDS = {
    "layers": LayersContract,
    "independence": IndependenceContract,
    "forbidden": ForbiddenContract,
    "protected": ProtectedContract,
}


@pytest.fixture(scope="module")
def config():
    return read_configuration(str(PYPROJECT))


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("loket", cache_dir=None)  # function-level imports included


def broken(graph, config) -> list[str]:
    """The names of the contracts that ``graph`` breaks."""
    names = []
    for options in config["contracts_options"]:
        contract = KINDS[options["type"]](
            name=options["name"], session_options=config["session_options"], contract_options=options
        )
        if not contract.check(copy.deepcopy(graph), verbose=False).kept:  # a check may drop ignored imports
            names.append(contract.name)
    return names


def test_the_code_keeps_every_contract(graph, config):
    assert len(config["contracts_options"]) >= 4
    assert broken(graph, config) == []


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        # The three cycles of issue 12, as they were:
        ("loket.cases.pages", "loket.decisions.panel", "Apps depend downwards only"),
        ("loket.clients.views", "loket.contact.selectors", "Apps depend downwards only"),
        ("loket.rules.management.commands.rules", "loket.decisions.selectors", "Apps depend downwards only"),
        # Siblings that must not know each other, and the reporting channel kept apart:
        ("loket.contact.selectors", "loket.cases.selectors", "Contact, cases and the reporting channel"),
        ("loket.whistle.services.intake", "loket.clients.models", "The reporting channel uses nothing"),
        ("loket.decisions.selectors", "loket.whistle.models", "The immigration case system uses nothing"),
        # Another app's pages and forms are not a library:
        ("loket.decisions.forms", "loket.cases.forms", "Other apps use cases's"),
        ("loket.desk.views", "loket.contact.views", "Other apps use contact's"),
    ],
)
def test_an_import_against_the_graph_breaks_its_contract(graph, config, importer, imported, contract):
    changed = copy.deepcopy(graph)
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
    assert any(name.startswith(contract) for name in broken(changed, config))
