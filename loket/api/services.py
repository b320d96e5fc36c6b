"""Use cases of API tokens: make one, revoke one, and let one in.

Why SHA-256 and not argon2: a token is 32 random bytes (256 bits), so no table or guessing
can invert its digest however fast the hash is; a slow, salted hash buys nothing against
that, would cost tens of milliseconds and megabytes on every API request, and would rule
out finding the token by an index on its digest.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import audit
from loket.core.models import Employee, OrgUnit, User
from loket.core.roles import REPORT_READER_ROLES, Role

from .models import ApiToken

PREFIX = "loket_"
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")
#: Readers of the reporting channel sign in in person with a second factor; no system may
#: stand in for them.
REFUSED_ROLES = frozenset(REPORT_READER_ROLES)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(
    *, name: str, role: str, actor, unit: str = "", expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Make a token and its service user; return the token's row and the token itself,
    which is shown this once and stored nowhere."""
    if not _SLUG.fullmatch(name or ""):
        raise ValidationError({"name": [_("Use letters, digits and hyphens for the name (at most 100).")]})
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role: %(role)s.") % {"role": role}]})
    if role in REFUSED_ROLES:
        raise ValidationError(
            {
                "role": [
                    _(
                        "Readers of the reporting channel sign in in person with a second "
                        "factor; a system cannot hold this role."
                    )
                ]
            }
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": [_("The expiry lies in the past.")]})
    username = f"api-{name}"
    with transaction.atomic():
        if ApiToken.objects.filter(name=name).exists() or User.objects.filter(username=username).exists():
            raise ValidationError({"name": [_("A token or user with this name exists already.")]})
        org_unit = None
        if unit:
            org_unit = OrgUnit.objects.filter(code=unit).first()
            if org_unit is None:
                raise ValidationError({"unit": [_("No unit has the code %(code)s.") % {"code": unit}]})
        user = User(username=username, is_staff=False)
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        if org_unit is not None:
            Employee.objects.create(number=f"API-{name}", name=f"API {name}", user=user, unit=org_unit)
        raw = PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            name=name,
            role=role,
            user=user,
            prefix=raw[: len(PREFIX) + 6],
            digest=digest(raw),
            created_by=audit.actor_label(actor),
            expires_at=expires_at,
        )
        audit.record(
            actor=actor,
            action="api.token.created",
            obj=token,
            data={
                "name": name,
                "role": role,
                "unit": unit,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, raw


def revoke_token(*, name: str, actor) -> ApiToken:
    """Revoke a token for good, and close its service user."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(name=name).first()
        if token is None:
            raise ValidationError({"name": [_("No token has this name.")]})
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            User.objects.filter(pk=token.user_id).update(is_active=False)
            audit.record(actor=actor, action="api.token.revoked", obj=token, data={"name": name})
    return token


def admit(*, raw: str, method: str, path: str) -> ApiToken | None:
    """The token ``raw`` stands for, if it is valid; its use is logged. The path is logged
    without its query string, which may hold a name that was searched for."""
    token = ApiToken.objects.select_related("user").filter(digest=digest(raw)).first()
    now = timezone.now()
    if token is None or not token.is_valid(now) or not token.user.is_active:
        return None
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        audit.record(actor=token.user, action="api.token.used", obj=token, data={"method": method, "path": path[:300]})
    return token
