"""Registering clients and what is known about them (cliëntregistratie).

``create_from_identity`` and ``enrich`` are the building blocks of linking; the other
functions are the use cases staff run by hand. Each keeps the blocking keys in step with
the names and birth year they are derived from.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from .. import blocking
from ..models import CaseReference, Client, ClientBlockingKey, ClientEmail, ClientName, ClientPhone, Representative
from ..names import forms, script_of
from ..parsing import PartialDate
from .common import check_actor
from .identity import ContactIdentity, ParsedIdentity, parse_identity


def rebuild_keys(client: Client) -> None:
    """Replace the client's blocking keys; a merged client keeps none (it is found through
    the client it was merged into)."""
    ClientBlockingKey.objects.filter(client=client).delete()
    if client.merged_into_id is not None:
        return
    names = [forms(n) for n in client.names.values_list("full_name", flat=True)]
    ClientBlockingKey.objects.bulk_create(
        ClientBlockingKey(client=client, key=k) for k in blocking.client_keys(names, client.birth_year))


def _add_name(client: Client, name: str) -> bool:
    if not name or ClientName.objects.filter(client=client, full_name=name).exists():
        return False
    script = script_of(name)
    ClientName.objects.create(client=client, full_name=name, script=script, is_original=script != "Latn",
                              folded=forms(name).folded)
    if not client.display_name or (script == "Latn" and script_of(client.display_name) != "Latn"):
        client.display_name = name  # staff read Latin script; the original stays among the names
    return True


def _add_phone(client: Client, number: str) -> bool:
    return bool(number) and ClientPhone.objects.get_or_create(client=client, number=number)[1]


def _add_email(client: Client, address: str) -> bool:
    return bool(address) and ClientEmail.objects.get_or_create(client=client, address=address)[1]


def _add_case_ref(client: Client, ref: str) -> bool:
    if not ref or CaseReference.objects.filter(reference=ref).exists():
        return False
    CaseReference.objects.create(client=client, reference=ref)
    return True


def more_precise(current: PartialDate, new: PartialDate) -> PartialDate:
    """The better of two compatible birth dates (a real full date beats a year alone)."""
    if not new.known or current.compatible(new) == "conflict":
        return current
    if not current.known:
        return new
    rank = lambda d: (2 if d.is_full else 1 if d.month is not None and not d.placeholder else 0)  # noqa: E731
    return new if rank(new) > rank(current) else current


def create_from_identity(parsed: ParsedIdentity) -> Client:
    """A new client holding everything the contact said (inside the caller's transaction)."""
    client = Client(v_number=parsed.v_number or None, nationality=parsed.nationality, language=parsed.language)
    client.birth_date = parsed.birth
    client.save()
    _add_name(client, parsed.name)
    _add_phone(client, parsed.phone)
    _add_email(client, parsed.email)
    _add_case_ref(client, parsed.case_ref)
    client.save()
    rebuild_keys(client)
    return client


def enrich(client: Client, parsed: ParsedIdentity) -> list[str]:
    """Add what a contact linked to ``client`` said that the client does not have yet;
    returns what was added (for the audit log)."""
    added = []
    if _add_name(client, parsed.name):
        added.append("name")
    if _add_phone(client, parsed.phone):
        added.append("phone")
    if _add_email(client, parsed.email):
        added.append("email")
    if _add_case_ref(client, parsed.case_ref):
        added.append("case_ref")
    if parsed.v_number and not client.v_number and not Client.objects.filter(v_number=parsed.v_number).exists():
        client.v_number = parsed.v_number
        added.append("v_number")
    better = more_precise(client.birth_date, parsed.birth)
    if better != client.birth_date:
        client.birth_date = better
        added.append("birth_date")
    for field_name in ("nationality", "language"):
        if getattr(parsed, field_name) and not getattr(client, field_name):
            setattr(client, field_name, getattr(parsed, field_name))
            added.append(field_name)
    if added:
        client.save()
    if "name" in added or "birth_date" in added:
        rebuild_keys(client)
    return added


def register_client(*, identity: ContactIdentity, actor, reason: str = "") -> Client:
    """Staff register a client by hand (at the counter, say)."""
    check_actor(actor)
    parsed = parse_identity(identity)
    if not parsed.name:
        raise ValidationError({"name": [_("Give the client's name.")]})
    if parsed.v_number and Client.objects.filter(v_number=parsed.v_number).exists():
        raise ValidationError({"v_number": [_("Another client already has this V-number.")]})
    if parsed.case_ref and CaseReference.objects.filter(reference=parsed.case_ref).exists():
        raise ValidationError({"case_ref": [_("This case reference belongs to another client.")]})
    with transaction.atomic():
        client = create_from_identity(parsed)
        audit.record(actor=actor, action="clients.client.created", obj=client, reason=reason,
                     data={"by": "hand"})
    return client


def add_details(*, client: Client, identity: ContactIdentity, actor, reason: str = "") -> list[str]:
    """Staff add a name (another transliteration), phone, e-mail or case reference."""
    check_actor(actor)
    parsed = parse_identity(identity)
    client = client.resolved()
    if parsed.v_number and client.v_number and parsed.v_number != client.v_number:
        raise ValidationError({"v_number": [_("This client already has another V-number.")]})
    if parsed.v_number and Client.objects.filter(v_number=parsed.v_number).exclude(pk=client.pk).exists():
        raise ValidationError({"v_number": [_("Another client already has this V-number.")]})
    if parsed.case_ref and CaseReference.objects.filter(reference=parsed.case_ref).exclude(client=client).exists():
        raise ValidationError({"case_ref": [_("This case reference belongs to another client.")]})
    if parsed.birth.known and client.birth_date.compatible(parsed.birth) == "conflict":
        raise ValidationError({"birth_date": [_("This birth date contradicts the one on file.")]})
    with transaction.atomic():
        added = enrich(client, parsed)
        audit.record(actor=actor, action="clients.client.updated", obj=client, reason=reason, data={"added": added})
    return added


def set_representative(*, client: Client, representative: Representative | None, actor, reason: str = "") -> None:
    """Record (or end) the client's authorisation of a gemachtigde."""
    check_actor(actor)
    with transaction.atomic():
        client.representative = representative
        client.save(update_fields=["representative", "updated_at"])
        audit.record(actor=actor, action="clients.client.representative_set", obj=client, reason=reason,
                     data={"representative": representative.pk if representative else None})


def view_client(*, client: Client, actor) -> Client:
    """A member of staff opens a client's file: every read is logged."""
    check_actor(actor)
    audit.record(actor=actor, action="clients.client.read", obj=client)
    return client
