"""Registering clients and what is known about them (cliëntregistratie).

``create_from_identity`` and ``enrich`` are the building blocks of linking; the other
functions are the use cases staff run by hand. Each keeps the blocking keys in step with
the names and birth year they are derived from.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ...core import audit, fastsql
from .. import blocking
from ..doubts import label
from ..hooks import CLIENT_READ
from ..models import CaseReference, Client, ClientBlockingKey, ClientEmail, ClientName, ClientPhone, Representative
from ..names import forms, script_of
from ..parsing import PartialDate, normalise_email, parse_phone
from . import pending
from .common import check_actor
from .identity import ContactIdentity, InvalidIdentity, ParsedIdentity, parse_identity

#: The fields linking may change on a client (saved by name: clients loaded for matching
#: carry only the fields matching reads).
IDENTITY_FIELDS = [
    "v_number",
    "display_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "birth_placeholder",
    "nationality",
    "language",
    "updated_at",
]


def rebuild_keys(client: Client, names: list[str] | None = None) -> None:
    """Replace the client's blocking keys; a merged client keeps none (it is found through
    the client it was merged into)."""
    if client.merged_into_id is not None:
        ClientBlockingKey.objects.filter(client=client).delete()
        return
    if names is None:
        pending.flush_for({client.pk})
        ClientBlockingKey.objects.filter(client=client).delete()
        names = list(client.names.values_list("full_name", flat=True))
    keys = blocking.keys_of_names(names, client.birth_year)
    batch = pending.current()
    if batch is None:
        ClientBlockingKey.objects.bulk_create([ClientBlockingKey(client=client, key=k) for k in keys])
    else:
        batch.add_keys(client.pk, keys)


def _drop_keys(client: Client) -> None:
    batch = pending.current()
    if batch is None or not batch.drop_keys(client.pk):
        ClientBlockingKey.objects.filter(client=client).delete()


def _name_row(client: Client, name: str) -> ClientName:
    """The row of a name the client (which has its id) is known by. (Rows are made with
    ``fastsql.build``: an import makes them by the ten thousand.)"""
    script = script_of(name)
    if not client.display_name or (script == "Latn" and script_of(client.display_name) != "Latn"):
        client.display_name = name  # staff read Latin script; the original stays among the names
    return fastsql.build(
        ClientName,
        client_id=client.pk,
        full_name=name,
        script=script,
        is_original=script != "Latn",
        folded=forms(name).folded,
    )


def more_precise(current: PartialDate, new: PartialDate) -> PartialDate:
    """The better of two compatible birth dates (a real full date beats a year alone)."""
    if not new.known or current.compatible(new) == "conflict":
        return current
    if not current.known:
        return new
    rank = lambda d: 2 if d.is_full else 1 if d.month is not None and not d.placeholder else 0  # noqa: E731
    return new if rank(new) > rank(current) else current


def _doubtful(parsed: ParsedIdentity):
    """(model, column, value as written, reason) of each doubtful detail: kept on the
    client so that an agent sees it, marked, and never looked up as an exact identifier."""
    if parsed.doubtful_phone:
        yield ClientPhone, "number", parsed.doubtful_phone, parsed.phone_doubt
    if parsed.doubtful_email:
        yield ClientEmail, "address", parsed.doubtful_email, parsed.email_doubt


def create_from_identity(parsed: ParsedIdentity, *, skip: frozenset = frozenset()) -> Client:
    """A new client holding everything the contact said (inside the caller's transaction).
    ``skip`` names details not to store as the client's own (a representative's phone)."""
    client = fastsql.build(
        Client,
        v_number=parsed.v_number or None,
        nationality=parsed.nationality,
        language=parsed.language,
        display_name=parsed.name,
    )  # its only name
    client.birth_date = parsed.birth
    pending.insert_client(client)
    if parsed.name:
        pending.save(_name_row(client, parsed.name))
    if parsed.phone and "phone" not in skip:
        pending.save(fastsql.build(ClientPhone, client_id=client.pk, number=parsed.phone))
    if parsed.email and "email" not in skip:
        pending.save(fastsql.build(ClientEmail, client_id=client.pk, address=parsed.email))
    for model, field_name, value, doubt in _doubtful(parsed):
        pending.save(fastsql.build(model, client_id=client.pk, doubt=doubt, **{field_name: value}))
    if parsed.case_ref and not pending.case_taken(parsed.case_ref):
        pending.save(fastsql.build(CaseReference, client_id=client.pk, reference=parsed.case_ref))
    rebuild_keys(client, [parsed.name] if parsed.name else [])
    return client


def enrich(client: Client, parsed: ParsedIdentity, *, known=None, skip: frozenset = frozenset()) -> list[str]:
    """Add what a contact linked to ``client`` said that the client does not have yet and
    return what was added (for the audit log). ``known`` is the client's scoring Profile
    when the caller has it (saves the queries); ``skip`` as for create_from_identity."""
    added = []
    if known is None:
        pending.flush_for({client.pk})  # the queries below must see every row of the client
    names = [f.written for f in known.names] if known else list(client.names.values_list("full_name", flat=True))
    before = (list(names), client.birth_year)  # what the client's blocking keys are made of
    if parsed.name and parsed.name not in names:
        pending.save(_name_row(client, parsed.name))
        names.append(parsed.name)
        added.append("name")
    details = [
        (model, field_name, value, "")
        for kind, value, model, field_name in (
            ("phone", parsed.phone, ClientPhone, "number"),
            ("email", parsed.email, ClientEmail, "address"),
        )
        if kind not in skip
    ] + list(_doubtful(parsed))
    for model, field_name, value, doubt in details:
        kind = "phone" if model is ClientPhone else "email"
        have = getattr(known, f"{kind}s") if known else None
        if not value or (have is not None and value in have):
            continue
        if have is not None:
            pending.save(fastsql.build(model, client_id=client.pk, doubt=doubt, **{field_name: value}))
            added.append(kind)
        elif model.objects.get_or_create(client=client, **{field_name: value}, defaults={"doubt": doubt})[1]:
            added.append(kind)
    if parsed.case_ref and not pending.case_taken(parsed.case_ref):
        pending.save(fastsql.build(CaseReference, client_id=client.pk, reference=parsed.case_ref))
        added.append("case_ref")
    if parsed.v_number and not client.v_number and not pending.v_number_taken(parsed.v_number):
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
        pending.save_client(client, IDENTITY_FIELDS)
    if "name" in added or "birth_date" in added:
        _replace_keys(client, before, names)
    return added


def _replace_keys(client: Client, before: tuple[list[str], int | None], names: list[str]) -> None:
    """The client's blocking keys after ``enrich`` changed its names or birth date; in an
    import only the keys that change are written (a birth date made more precise changes
    none, a new name adds its own)."""
    batch = pending.current()
    if batch is None or batch.view is None or client.merged_into_id is not None:
        _drop_keys(client)
        rebuild_keys(client, names)
        return
    old_names, old_year = before
    batch.replace_keys(
        client.pk, blocking.keys_of_names(old_names, old_year), blocking.keys_of_names(names, client.birth_year)
    )


def _sound(parsed: ParsedIdentity) -> ParsedIdentity:
    """Staff typing a client's details get told at once when a phone number or address is
    doubtful (a contact keeps it, marked; a register entry made by hand need not)."""
    errors = {
        kind: [_("“%(value)s”: %(reason)s.") % {"value": doubt["written"], "reason": label(doubt["reason"])}]
        for kind, doubt in parsed.doubts.items()
    }
    if errors:
        raise InvalidIdentity(errors)
    return parsed


def register_client(*, identity: ContactIdentity, actor, reason: str = "") -> Client:
    """Staff register a client by hand (at the counter, say)."""
    check_actor(actor)
    parsed = _sound(parse_identity(identity))
    if not parsed.name:
        raise ValidationError({"name": [_("Give the client's name.")]})
    _refuse_taken(parsed)
    with transaction.atomic():
        client = create_unless_taken(parsed)
        audit.record(actor=actor, action="clients.client.created", obj=client, reason=reason, data={"by": "hand"})
    return client


def _refuse_taken(parsed: ParsedIdentity, *, client: Client | None = None) -> None:
    """A V-number or case reference another client (than ``client``) holds: the register
    holds each once."""
    others = Client.objects.exclude(pk=client.pk) if client else Client.objects.all()
    if parsed.v_number and others.filter(v_number=parsed.v_number).exists():
        raise ValidationError({"v_number": [_("Another client already has this V-number.")]})
    cases = CaseReference.objects.filter(reference=parsed.case_ref)
    if parsed.case_ref and (cases.exclude(client=client) if client else cases).exists():
        raise ValidationError({"case_ref": [_("This case reference belongs to another client.")]})


def create_unless_taken(parsed: ParsedIdentity) -> Client:
    """``create_from_identity`` for staff: a V-number or case reference that another
    connection stored after the caller looked (an import, a contact by mail) is refused as
    the look would have refused it, not with an IntegrityError (a server error)."""
    try:
        with transaction.atomic():
            return create_from_identity(parsed)
    except IntegrityError:
        _refuse_taken(parsed)
        raise


def add_details(*, client: Client, identity: ContactIdentity, actor, reason: str = "") -> list[str]:
    """Staff add a name (another transliteration), phone, e-mail or case reference."""
    check_actor(actor)
    parsed = _sound(parse_identity(identity))
    client = client.resolved()
    if parsed.v_number and client.v_number and parsed.v_number != client.v_number:
        raise ValidationError({"v_number": [_("This client already has another V-number.")]})
    _refuse_taken(parsed, client=client)
    if parsed.birth.known and client.birth_date.compatible(parsed.birth) == "conflict":
        raise ValidationError({"birth_date": [_("This birth date contradicts the one on file.")]})
    try:
        with transaction.atomic():
            added = enrich(client, parsed)
            audit.record(actor=actor, action="clients.client.updated", obj=client, reason=reason, data={"added": added})
    except IntegrityError:  # stored by another connection since the look above: refused as it would have been
        _refuse_taken(parsed, client=client)
        raise
    return added


def register_representative(
    *, name: str, actor, organisation: str = "", email: str = "", phone: str = ""
) -> Representative:
    """Record a gemachtigde. Their phone number and e-mail address then never identify a
    client: a contact from them is matched on what it says about the client."""
    check_actor(actor)
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("Give the representative's name.")]
    values = {}
    for field_name, parse, raw in (("email", normalise_email, email), ("phone", parse_phone, phone)):
        if raw:
            try:
                values[field_name] = parse(raw)
            except ValueError as exc:
                errors[field_name] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rep = Representative.objects.create(name=name.strip(), organisation=organisation.strip(), **values)
        audit.record(actor=actor, action="clients.representative.created", obj=rep)
    return rep


def set_representative(*, client: Client, representative: Representative | None, actor, reason: str = "") -> None:
    """Record (or end) the client's authorisation of a gemachtigde."""
    check_actor(actor)
    with transaction.atomic():
        client.representative = representative
        client.save(update_fields=["representative", "updated_at"])
        audit.record(
            actor=actor,
            action="clients.client.representative_set",
            obj=client,
            reason=reason,
            data={"representative": representative.pk if representative else None},
        )


def readable(*, clients, actor) -> list[Client]:
    """The clients among ``clients`` whose file ``actor`` may open (search shows no others)."""
    kept = []
    for client in clients:
        verdicts = [check(actor, client) for check in CLIENT_READ.functions]
        if all(v is None or v[0] for v in verdicts):
            kept.append(client)
    return kept


def view_client(*, client: Client, actor) -> Client:
    """A member of staff opens a client's file: every read is logged."""
    check_actor(actor)
    for check in CLIENT_READ.functions:
        verdict = check(actor, client)
        if verdict is not None and not verdict[0]:
            audit.record(actor=actor, action="clients.client.read.refused", obj=client, data={"result": "refused"})
            raise PermissionDenied(
                _("You may open this client's file only through a case of theirs that you may open.")
            )
        if verdict is not None:
            audit.record(
                actor=actor, action="clients.client.read", obj=client, data={"result": "allowed", "basis": verdict[1]}
            )
            return client
    audit.record(actor=actor, action="clients.client.read", obj=client, data={"result": "allowed"})
    return client
