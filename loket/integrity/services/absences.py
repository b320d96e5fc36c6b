"""Absences: an officer who is away gets no new case from the draw."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loket.cases.access import led_units
from loket.core import audit

from ..access_models import Absence


def record_absence(*, actor, officer, starts_on: date, ends_on: date, reason: str = "") -> Absence:
    """An officer records their own absence, or a team lead one of their team's."""
    own = officer is not None and officer.pk == getattr(actor, "pk", None)
    unit = getattr(getattr(officer, "employee", None), "unit_id", None)
    if not own and (unit is None or unit not in led_units(actor)):
        raise PermissionDenied(_("You may record absences for yourself and for the officers of your teams."))
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        raise ValidationError(_("Give the first and the last day of the absence (YYYY-MM-DD)."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The absence cannot end before it begins.")})
    with transaction.atomic():
        absence = Absence.objects.create(
            officer=officer,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=(reason or "").strip()[:200],
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="integrity.absence.recorded",
            obj=absence,
            data={"officer": officer.get_username(), "from": starts_on, "until": ends_on},
        )
    return absence
