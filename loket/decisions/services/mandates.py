"""The mandate register (issue 15 item 5): who may sign decisions in whose name, for which
kinds of case, from when to when. An administrator keeps it, every change is logged; the
register grants no one the right to sign without being the signatory in their own session."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases.choices import CaseKind
from loket.core import audit
from loket.core.roles import Role, has_role, require_role

from ..models import Mandate
from .drafting import SIGNATORY_ROLES


def mandate_for(*, signatory, principal, kind: str, day: date) -> Mandate | None:
    """The mandate that lets ``signatory`` sign a decision on a ``kind`` case for ``principal`` on ``day``."""
    if signatory is None or principal is None:
        return None
    rows = Mandate.objects.filter(signatory=signatory, principal=principal, valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )
    return next((m for m in rows if kind in m.kinds), None)


def grant_mandate(
    *, actor, signatory, principal, kinds: list[str], valid_from: date, valid_until: date | None = None
) -> Mandate:
    """Register that ``signatory`` may sign for ``principal``."""
    require_role(actor, Role.ADMINISTRATOR)
    errors = {}
    if signatory is None or not has_role(signatory, *SIGNATORY_ROLES):
        errors["signatory"] = _("The one who signs must be a decision officer, an objection officer or a team lead.")
    if principal is None or not has_role(principal, *SIGNATORY_ROLES):
        errors["principal"] = _("A mandate is given in the name of a decision officer, objection officer or team lead.")
    if signatory is not None and principal is not None and signatory.pk == principal.pk:
        errors["principal"] = _("Nobody needs a mandate to sign in their own name.")
    if actor.pk in {getattr(signatory, "pk", None), getattr(principal, "pk", None)}:
        errors["signatory"] = _("An administrator cannot register a mandate of their own.")
    kinds = sorted(set(kinds or []))
    if not kinds or any(k not in CaseKind.values for k in kinds):
        errors["kinds"] = _("Choose the kinds of case the mandate covers.")
    if not isinstance(valid_from, date):
        errors["valid_from"] = _("Give the first day of the mandate (YYYY-MM-DD).")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("A mandate cannot end before it begins.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        mandate = Mandate.objects.create(
            signatory=signatory,
            principal=principal,
            kinds=kinds,
            valid_from=valid_from,
            valid_until=valid_until,
            granted_by=actor,
        )
        audit.record(
            actor=actor,
            action="decisions.mandate.registered",
            obj=mandate,
            data={
                "signatory": signatory.get_username(),
                "principal": principal.get_username(),
                "kinds": kinds,
                "from": valid_from,
                "until": valid_until,
            },
        )
    return mandate


def end_mandate(*, actor, mandate: Mandate) -> Mandate:
    """End a mandate as of yesterday: from today nobody signs under it (it stays on record)."""
    require_role(actor, Role.ADMINISTRATOR)
    yesterday = timezone.localdate() - timedelta(days=1)
    with transaction.atomic():
        mandate = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if mandate.valid_until is not None and mandate.valid_until <= yesterday:
            raise ValidationError(_("This mandate has ended already."))
        if mandate.valid_from > yesterday:
            raise ValidationError(_("This mandate has not begun; it can be ended from its first day on."))
        mandate.valid_until, mandate.ended_by = yesterday, actor
        mandate.save(update_fields=["valid_until", "ended_by"])
        audit.record(actor=actor, action="decisions.mandate.ended", obj=mandate, data={"until": yesterday})
    return mandate
