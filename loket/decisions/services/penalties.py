"""Fixing the penalty for a late decision (beschikking tot vaststelling van de dwangsom, Awb 4:18).

The amount owed comes from the rules (:func:`loket.rules.deadlines.penalty_days`, DW-01);
the officer may fix a lower amount (e.g. a court ruled on part of it) but never more than the
statutory maximum, and only when a penalty is owed at all (none automatically for asylum
applications since 10 July 2020, DW-02).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import facts as case_facts_module, services as case_services
from loket.cases.access import require_case_access
from loket.cases.choices import EventType
from loket.cases.models import Case, CaseEvent
from loket.core.roles import Role, require_role
from loket.rules.deadlines import PENALTY_SCALE

PENALTY_FIXERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.TEAM_LEAD)
MAXIMUM = sum(days * rate for days, rate in PENALTY_SCALE)


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"amount": _("Give the amount in euros, e.g. 322.00.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": _("The penalty must be more than zero.")})
    if amount > MAXIMUM:
        raise ValidationError({"amount": _("The penalty is at most € %(max)s (Awb 4:17(2)).") % {"max": MAXIMUM}})
    return amount


def fix_penalty(*, case: Case, actor, amount=None, note: str = "") -> CaseEvent:
    """Record the decision fixing the penalty owed today (``amount`` defaults to what is owed)."""
    require_role(actor, *PENALTY_FIXERS)
    require_case_access(actor, case)
    today = timezone.localdate()
    _days, owed, _notice = case_facts_module.penalty(case_facts_module.case_facts(case), today)
    if not owed:
        raise ValidationError(
            _(
                "No penalty is owed on case %(ref)s today (DW-01: it runs from two weeks after a "
                "notice of default received once the period lapsed)."
            )
            % {"ref": case.reference}
        )
    amount = owed if amount in (None, "") else _amount(amount)
    if amount > owed:
        raise ValidationError(
            {"amount": _("The penalty owed today is € %(owed)s; a higher amount cannot be fixed.") % {"owed": owed}}
        )
    return case_services.record_event(
        case=case,
        actor=actor,
        type=EventType.PENALTY_FIXED,
        on=today,
        by=actor,
        note=note or _("Penalty fixed: € %(amount)s") % {"amount": amount},
        amount=amount,
        _internal=True,
    )
