"""Use cases that let clients and representatives sign in to the client site: linking a BSN,
recording a representative's mandate, issuing and redeeming one-time sign-in codes, and
ending every session of a person (signing out everywhere).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit
from ...core.roles import Role, require_role
from ..bsn import bsn_hash, keyed_hash, parse_bsn
from ..models import Client, Mandate, Representative, SignInCode
from ..parsing import parse_v_number
from .common import check_actor, user_or_none

#: Who hands out one-time codes: the agents who meet clients by letter, phone or at the counter.
CODE_ISSUERS = (Role.CONTACT_AGENT, Role.COUNTER_AGENT)
#: Letters without 0/O, 1/I/L: a code read from paper is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
CHANNELS = ("letter", "counter")


def _bsn_or_error(bsn) -> str:
    try:
        return parse_bsn(bsn)
    except ValueError as exc:
        raise ValidationError({"bsn": [str(exc)]}) from None


def link_bsn(*, person: Client | Representative, bsn: str, actor, reason: str = "") -> None:
    """Staff link a BSN to a client or a representative (after seeing an identity document);
    one BSN belongs to one person."""
    check_actor(actor)
    if isinstance(person, Client):
        person = person.resolved()
    digest = bsn_hash(_bsn_or_error(bsn))
    for model in (Client, Representative):
        other = model.objects.filter(bsn_hash=digest).exclude(pk=person.pk if isinstance(person, model) else None)
        if other.exists():
            raise ValidationError({"bsn": [_("This BSN is already linked to someone else.")]})
    with transaction.atomic():
        type(person).objects.filter(pk=person.pk).update(bsn_hash=digest)
        person.bsn_hash = digest
        audit.record(actor=actor, action=f"clients.{person._meta.model_name}.bsn_linked", obj=person, reason=reason)


def unlink_bsn(*, person: Client | Representative, actor, reason: str = "") -> None:
    check_actor(actor)
    with transaction.atomic():
        type(person).objects.filter(pk=person.pk).update(bsn_hash=None, session_generation=F("session_generation") + 1)
        person.bsn_hash = None
        audit.record(actor=actor, action=f"clients.{person._meta.model_name}.bsn_unlinked", obj=person, reason=reason)


def find_by_bsn(bsn: str) -> tuple[Client | None, Representative | None]:
    """Whom a BSN that DigiD vouched for belongs to: a client (followed through merges) and/or
    a representative."""
    digest = bsn_hash(parse_bsn(bsn))
    client = Client.objects.filter(bsn_hash=digest).first()
    representative = Representative.objects.filter(bsn_hash=digest).first()
    return (client.resolved() if client else None), representative


def record_mandate(*, client: Client, representative: Representative, valid_from, valid_until=None, actor) -> Mandate:
    """Record that ``representative`` may act for ``client`` (a signed machtiging seen)."""
    check_actor(actor)
    client = client.resolved()
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": [_("The mandate cannot end before it starts.")]})
    with transaction.atomic():
        mandate = Mandate.objects.create(
            client=client,
            representative=representative,
            valid_from=valid_from,
            valid_until=valid_until,
            recorded_by=user_or_none(actor),
        )
        audit.record(
            actor=actor,
            action="clients.mandate.recorded",
            obj=mandate,
            data={"client": client.pk, "representative": representative.pk, "from": valid_from, "until": valid_until},
        )
    return mandate


def end_mandate(*, mandate: Mandate, actor, until=None) -> None:
    """End a mandate (the representative's sessions acting for this client end at once)."""
    check_actor(actor)
    until = until or timezone.localdate() - timedelta(days=1)
    with transaction.atomic():
        mandate.valid_until = max(until, mandate.valid_from)
        if until < mandate.valid_from:
            mandate.valid_from = mandate.valid_until = until  # never valid
        mandate.save(update_fields=["valid_from", "valid_until"])
        audit.record(actor=actor, action="clients.mandate.ended", obj=mandate, data={"until": until})


def represented_clients(representative: Representative):
    """The clients a representative may act for today."""
    ids = Mandate.objects.active().filter(representative=representative).values("client_id")
    return Client.objects.filter(pk__in=ids, merged_into__isnull=True).order_by("display_name", "pk")


def may_act_for(representative_id: int, client_id: int) -> bool:
    return Mandate.objects.active().filter(representative_id=representative_id, client_id=client_id).exists()


def _normal_code(text) -> str:
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def issue_sign_in_code(*, client: Client, channel: str, actor) -> str:
    """A new one-time code for a client without a BSN, handed over by letter or at the counter;
    returned once (only its keyed hash is stored). An earlier unused code stops working."""
    require_role(actor, *CODE_ISSUERS)
    if channel not in CHANNELS:
        raise ValidationError({"channel": [_("Choose how the code is handed over: by letter or at the counter.")]})
    client = client.resolved()
    if not client.v_number:
        raise ValidationError({"client": [_("This client has no V-number; a code signs in with a V-number.")]})
    code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        SignInCode.objects.filter(client=client, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        row = SignInCode.objects.create(
            client=client,
            code_hash=keyed_hash(code, purpose="code"),
            channel=channel,
            issued_by=user_or_none(actor),
            expires_at=now + timedelta(days=settings.PORTAL_CODE_DAYS),
        )
        audit.record(
            actor=actor, action="clients.sign_in_code.issued", obj=client, data={"code": row.pk, "channel": channel}
        )
    return "-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def redeem_sign_in_code(*, v_number: str, code: str) -> Client | None:
    """The client whose V-number and unused, unexpired code these are (the code is then used
    up), or None: the caller cannot tell an unknown V-number from a wrong code."""
    try:
        v_number = parse_v_number(v_number)
    except ValueError:
        return None
    digest = keyed_hash(_normal_code(code), purpose="code")
    now = timezone.now()
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update()
            .filter(code_hash=digest, client__v_number=v_number, used_at__isnull=True, expires_at__gt=now)
            .select_related("client")
            .first()
        )
        if row is None:
            return None
        row.used_at = now
        row.save(update_fields=["used_at"])
        audit.record(actor="client", action="clients.sign_in_code.used", obj=row.client, data={"code": row.pk})
    return row.client.resolved()


def end_sessions(*, client_id: int | None = None, representative_id: int | None = None) -> None:
    """Sign a person out everywhere: every session that carries the old generation ends."""
    if client_id:
        Client.objects.filter(pk=client_id).update(session_generation=F("session_generation") + 1)
    if representative_id:
        Representative.objects.filter(pk=representative_id).update(session_generation=F("session_generation") + 1)
