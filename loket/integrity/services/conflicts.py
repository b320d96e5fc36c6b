"""Conflicts of interest (issue 15 item 2): officers declare relations, and a case whose
client, representative or contact details touch one is never given to the declarer. A
declaration made later moves the open cases it touches to another officer, by a new draw.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import selectors as case_selectors
from loket.clients.models import ClientEmail, ClientPhone
from loket.clients.parsing import normalise_email, parse_phone
from loket.core import audit
from loket.core.roles import Role, require_role

from ..access_models import Relation, RelationKind

#: How a touched case moves (the draw registers itself here: no import cycle between modules).
MOVERS: list = []

DECLARERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD)


def _in_force(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def _case_details(case) -> tuple[set[str], set[str]]:
    phones, emails = set(), set()
    if case.client_id:
        phones |= set(ClientPhone.objects.filter(client_id=case.client_id).values_list("number", flat=True))
        emails |= set(ClientEmail.objects.filter(client_id=case.client_id).values_list("address", flat=True))
    rep = case.representative if case.representative_id else None
    if rep is not None:
        phones |= {rep.phone} - {""}
        emails |= {rep.email.lower()} - {""}
    return phones, {e.lower() for e in emails}


def relation_touches(relation: Relation, case, phones: set[str], emails: set[str]) -> bool:
    rep = case.representative if case.representative_id else None
    return bool(
        (relation.client_id and relation.client_id == case.client_id)
        or (relation.representative_id and relation.representative_id == case.representative_id)
        or (
            relation.organisation
            and rep is not None
            and relation.organisation.casefold() == rep.organisation.casefold()
        )
        or (relation.phone and relation.phone in phones)
        or (relation.email and relation.email.lower() in emails)
    )


def touching(case, officer_ids, day: date | None = None) -> dict[int, list[Relation]]:
    """The officers among ``officer_ids`` with a relation in force that touches ``case``."""
    day = day or timezone.localdate()
    relations = list(Relation.objects.filter(_in_force(day), officer_id__in=list(officer_ids)))
    if not relations:
        return {}
    phones, emails = _case_details(case)
    found: dict[int, list[Relation]] = {}
    for relation in relations:
        if relation_touches(relation, case, phones, emails):
            found.setdefault(relation.officer_id, []).append(relation)
    return found


def _clean(kind, name, client, representative, organisation, phone, email, valid_from, valid_until):
    errors = {}
    if kind not in RelationKind.values:
        errors["kind"] = _("Choose the kind of relation.")
    try:
        phone = parse_phone(phone) if (phone or "").strip() else ""
    except ValueError:
        errors["phone"] = _("This is not a phone number we can read.")
    try:
        email = normalise_email(email) if (email or "").strip() else ""
    except ValueError:
        errors["email"] = _("This is not an e-mail address.")
    organisation = (organisation or "").strip()
    if not (client or representative or organisation or phone or email):
        errors["__all__"] = _(
            "Name the client, the representative, the organisation, or a phone number or e-mail address, "
            "so that the system can recognise the relation in a case."
        )
    if not isinstance(valid_from, date):
        errors["valid_from"] = _("Give the day the relation began (YYYY-MM-DD).")
    elif valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = _("The relation cannot end before it began.")
    if errors:
        raise ValidationError(errors)
    return (name or "").strip()[:200], organisation[:200], phone, email


def declare_relation(
    *,
    actor,
    kind: str,
    valid_from: date,
    valid_until: date | None = None,
    name: str = "",
    client=None,
    representative=None,
    organisation: str = "",
    phone: str = "",
    email: str = "",
) -> Relation:
    """``actor`` declares a relation of their own; open cases of theirs it touches are drawn again."""
    require_role(actor, *DECLARERS)
    name, organisation, phone, email = _clean(
        kind, name, client, representative, organisation, phone, email, valid_from, valid_until
    )
    with transaction.atomic():
        relation = Relation.objects.create(
            officer=actor,
            kind=kind,
            name=name,
            client=client,
            representative=representative,
            organisation=organisation,
            phone=phone,
            email=email,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        audit.record(
            actor=actor,
            action="integrity.relation.declared",
            obj=relation,
            data={"kind": kind, "from": valid_from, "until": valid_until},
        )
        moved = []
        today = timezone.localdate()
        if relation.valid_from <= today and (valid_until is None or valid_until >= today):
            for case in case_selectors.open_cases_in(None).filter(assigned_to=actor).select_related("representative"):
                phones, emails = _case_details(case)
                if relation_touches(relation, case, phones, emails):
                    for move in MOVERS:
                        move(case, exclude={actor.pk})
                    moved.append(case.reference)
        relation.moved = moved
    return relation


def end_relation(*, relation: Relation, actor, until: date) -> Relation:
    """The declarer ends their own declaration (it stays on record)."""
    if relation.officer_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the officer who declared a relation may end it."))
    if not isinstance(until, date) or until < relation.valid_from:
        raise ValidationError({"valid_until": _("The relation cannot end before it began.")})
    with transaction.atomic():
        Relation.objects.filter(pk=relation.pk).update(valid_until=until)
        relation.valid_until = until
        audit.record(actor=actor, action="integrity.relation.ended", obj=relation, data={"until": until})
    return relation
