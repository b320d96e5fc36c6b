"""The catalogue of procedural rules (RULES.md), one module per family of rules.

``CATALOGUE`` lists every rule once, in the order of RULES.md; ids are stable and used by
the code, the tests and the re-audit report. A new version of a rule (the law changed) is a
second :class:`Rule` with the same id and adjacent ``valid_from``/``valid_to``.
"""

from . import decision_periods, four_eyes, hearing, mandate, objection, penalties, reasons, revocation
from .base import BLOCK, WARN, Finding, Rule

CATALOGUE: tuple[Rule, ...] = (
    *objection.RULES,
    *hearing.RULES,
    *mandate.RULES,
    *four_eyes.RULES,
    *decision_periods.OBJECTION_RULES,
    *reasons.RULES,
    *decision_periods.APPLICATION_RULES,
    *penalties.RULES,
    *revocation.RULES,
)

__all__ = ["BLOCK", "CATALOGUE", "WARN", "Finding", "Rule", "by_id"]


def by_id(rule_id: str) -> list[Rule]:
    """Every version of one rule, oldest first."""
    return sorted((r for r in CATALOGUE if r.id == rule_id), key=lambda r: r.valid_from)
