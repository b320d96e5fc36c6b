"""Queries about clients: the candidates matching compares, staff search, the review queue."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from . import blocking
from .models import CaseReference, Client, ClientEmail, ClientName, ClientPhone, ClientMerge, Representative
from .models import ReviewCandidate, ReviewItem
from .names import forms
from .parsing import normalise_email, parse_phone, parse_v_number
from .review_models import ReviewStatus
from .scoring import Profile, name_similarity

MAX_HOLDERS = 50


def profiles(client_ids) -> dict[int, tuple[Client, Profile]]:
    """Clients with everything scoring needs, in four queries. A representative's phone and
    e-mail count as the client's shared contact details."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return {}
    clients = {c.pk: c for c in Client.objects.filter(pk__in=ids).select_related("representative")}
    names, phones, emails = defaultdict(list), defaultdict(set), defaultdict(set)
    for cid, full_name in ClientName.objects.filter(client_id__in=ids).values_list("client_id", "full_name"):
        names[cid].append(full_name)
    for cid, number in ClientPhone.objects.filter(client_id__in=ids).values_list("client_id", "number"):
        phones[cid].add(number)
    for cid, address in ClientEmail.objects.filter(client_id__in=ids).values_list("client_id", "address"):
        emails[cid].add(address)
    out = {}
    for cid, client in clients.items():
        rep = client.representative
        if rep:
            phones[cid].add(rep.phone)
            emails[cid].add(rep.email)
        out[cid] = (client, Profile.build(names=names[cid], birth=client.birth_date, nationality=client.nationality,
                                          phones=phones[cid], emails=emails[cid]))
    return out


def _resolved_ids(ids) -> list[int]:
    out = []
    for client in Client.objects.filter(pk__in=set(ids)):
        out.append(client.resolved().pk if client.merged_into_id else client.pk)
    return list(dict.fromkeys(out))


def phone_holders(number: str) -> list[int]:
    """Ids of the (surviving) clients that have this phone number."""
    if not number:
        return []
    return _resolved_ids(ClientPhone.objects.filter(number=number).values_list("client_id", flat=True)[:MAX_HOLDERS])


def email_holders(address: str) -> list[int]:
    if not address:
        return []
    return _resolved_ids(ClientEmail.objects.filter(address=address).values_list("client_id", flat=True)[:MAX_HOLDERS])


def represented_by(*, phone: str = "", email: str = "") -> list[int] | None:
    """Clients of the representative with this phone or e-mail; None when it is nobody's."""
    reps = Representative.objects.none()
    if phone:
        reps = reps | Representative.objects.filter(phone=phone)
    if email:
        reps = reps | Representative.objects.filter(email=email)
    rep_ids = list(reps.values_list("pk", flat=True))
    if not rep_ids:
        return None
    return list(Client.objects.filter(representative_id__in=rep_ids, merged_into=None)
                .values_list("pk", flat=True)[:MAX_HOLDERS])


def client_by_v_number(v_number: str) -> Client | None:
    client = Client.objects.filter(v_number=v_number).first() if v_number else None
    return client.resolved() if client else None


def client_by_case_ref(ref: str) -> Client | None:
    row = CaseReference.objects.select_related("client").filter(reference=ref).first() if ref else None
    return row.client.resolved() if row else None


def search_clients(query: str, *, limit: int = 25) -> list[Client]:
    """Staff search: a V-number, phone number, e-mail address or case reference finds its
    client exactly; anything else is read as a name, in any script or spelling."""
    query = " ".join((query or "").split())
    if not query:
        return []
    exact: list[int] = []
    for parse, lookup in ((parse_v_number, lambda v: list(Client.objects.filter(v_number=v).values_list("pk", flat=True))),
                          (normalise_email, email_holders),
                          (parse_phone, phone_holders),
                          (lambda t: t.replace(" ", "").upper(), lambda r: [c.pk for c in [client_by_case_ref(r)] if c])):
        try:
            exact = lookup(parse(query))
        except ValueError:
            continue
        if exact:
            return list(Client.objects.filter(pk__in=_resolved_ids(exact)))
    wanted = [forms(query)]
    ids = blocking.candidate_ids(blocking.search_keys(wanted), limit=200)
    ranked = sorted(((name_similarity(wanted, p.names), c) for c, p in profiles(ids).values()),
                    key=lambda pair: (-pair[0], pair[1].pk))
    return [c for s, c in ranked if s >= 0.6][:limit]


def client_detail(client_id: int) -> Client:
    return (Client.objects.select_related("representative", "merged_into")
            .prefetch_related("names", "phones", "emails", "case_refs")
            .get(pk=client_id))


def merges_of(client: Client) -> list[ClientMerge]:
    """Merges this client took part in, newest first."""
    return list((ClientMerge.objects.filter(keep=client) | ClientMerge.objects.filter(merged=client))
                .select_related("keep", "merged").order_by("-created_at", "-id"))


def review_queue():
    return (ReviewItem.objects.filter(status=ReviewStatus.OPEN)
            .prefetch_related(Prefetch("candidates", queryset=ReviewCandidate.objects.select_related("client")))
            .order_by("created_at", "id"))


def clients_sharing(client: Client) -> dict[str, list[Client]]:
    """Other clients with one of this client's phone numbers or e-mail addresses."""
    numbers = list(client.phones.values_list("number", flat=True))
    addresses = list(client.emails.values_list("address", flat=True))
    out = {}
    for value in numbers:
        out[value] = list(Client.objects.filter(phones__number=value, merged_into=None).exclude(pk=client.pk))
    for value in addresses:
        out[value] = list(Client.objects.filter(emails__address=value, merged_into=None).exclude(pk=client.pk))
    return {k: v for k, v in out.items() if v}
