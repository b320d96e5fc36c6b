"""The cases fixtures (team, staff, case builders, a fixed today) serve the decisions tests too."""
from tests.cases.conftest import application, objection, staff, today  # noqa: F401
