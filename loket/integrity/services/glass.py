"""Breaking the glass (issue 15 item 3): reading a case outside need to know, with a reason,
for that case and that day only; logged, and on the integrity officer's page the same day."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases.access import GLASS_BREAKERS, may_read
from loket.core import access_context, audit
from loket.core.roles import Role, require_role

from ..access_models import BreakGlass

MIN_REASON = 15
MAX_REASON = 2000


def grants(user, day) -> list[int]:
    """The cases.ACCESS_GRANTS hook: cases ``user`` broke the glass for on ``day``."""
    return list(BreakGlass.objects.filter(user=user, on=day).values_list("case_id", flat=True))


def _tell_integrity_officers(glass: BreakGlass) -> None:
    officers = get_user_model().objects.filter(groups__name=str(Role.INTEGRITY_OFFICER), is_active=True)
    addresses = sorted({u.email for u in officers if u.email})
    if addresses:
        send_mail(
            subject=f"Loket: glass broken for case {glass.case.reference}",
            message=(
                f"{glass.user.get_username()} broke the glass for case {glass.case.reference} "
                f"on {glass.at:%Y-%m-%d %H:%M}.\n\nReason: {glass.reason}\n"
            ),
            from_email=None,
            recipient_list=addresses,
            fail_silently=True,
        )


def break_glass(*, actor, case, reason: str) -> BreakGlass:
    """Let ``actor`` read ``case`` for the rest of today, for ``reason``."""
    require_role(actor, *GLASS_BREAKERS)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": _("Say why you must read this case, in at least %(n)d characters.") % {"n": MIN_REASON}}
        )
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Keep the reason under %(n)d characters.") % {"n": MAX_REASON}})
    if may_read(actor, case):
        raise ValidationError(_("You may open this case already; there is no glass to break."))
    with transaction.atomic(), access_context.purpose("break the glass"):
        glass = BreakGlass.objects.create(user=actor, case=case, reason=reason, on=timezone.localdate())
        audit.record(
            actor=actor,
            action="integrity.glass.broken",
            obj=case,
            reason=reason,
            data={"reference": case.reference, "result": "allowed", "for_day": glass.on},
        )
        transaction.on_commit(lambda: _tell_integrity_officers(glass))
    return glass
