"""Queries about clients: the candidates matching compares, staff search, the review queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch, Value

from . import blocking
from .models import MAX_MERGE_CHAIN, Client, ClientEmail, ClientMerge, ClientPhone, ReviewCandidate, ReviewItem
from .names import forms
from .parsing import normalise_email, parse_phone, parse_v_number, partial_date
from .review_models import ReviewStatus
from .scoring import Profile
from .similarity import name_similarity

MAX_HOLDERS = 50
_CLIENT_COLUMNS = (
    "id",
    "v_number",
    "display_name",
    "birth_year",
    "birth_month",
    "birth_day",
    "birth_placeholder",
    "nationality",
    "language",
    "representative_id",
    "merged_into_id",
)  # timestamps load when used


def _in(values) -> str:
    return ", ".join(["%s"] * len(values))


class ClientDetails:
    """One client as matching reads it: the row, and the names, phone numbers and e-mail
    addresses on file (a representative's count as the client's shared details). The
    ``Client`` object is made only when asked for: most clients read are only scored."""

    __slots__ = ("_client", "_row", "emails", "names", "phones", "representative_email", "representative_phone")
    _BIRTH = slice(_CLIENT_COLUMNS.index("birth_year"), _CLIENT_COLUMNS.index("birth_placeholder") + 1)
    _NATIONALITY = _CLIENT_COLUMNS.index("nationality")

    def __init__(
        self,
        client: Client | None,
        names: list[str],
        phones: set[str],
        emails: set[str],
        representative_phone: str = "",
        representative_email: str = "",
        *,
        row: tuple | None = None,
    ):
        self._client, self._row = client, row
        self.names, self.phones, self.emails = names, phones, emails
        self.representative_phone, self.representative_email = representative_phone, representative_email

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client.from_db(connection.alias, _CLIENT_COLUMNS, self._row)
        return self._client

    @client.setter
    def client(self, client: Client) -> None:
        self._client = client

    @property
    def client_id(self) -> int:
        return self._client.pk if self._client is not None else self._row[0]

    def profile(self) -> Profile:
        if self._client is not None:
            birth, nationality = self._client.birth_date, self._client.nationality
        else:
            birth, nationality = partial_date(*self._row[self._BIRTH]), self._row[self._NATIONALITY]
        return Profile.build(
            names=self.names,
            birth=birth,
            nationality=nationality,
            phones=self.phones | {self.representative_phone},
            emails=self.emails | {self.representative_email},
        )


def client_details(client_ids) -> dict[int, ClientDetails]:
    """``ClientDetails`` of these clients in two plain queries (this runs for every contact)."""
    ids = list(dict.fromkeys(client_ids))
    if not ids:
        return {}
    cols = ", ".join(f"c.{c}" for c in _CLIENT_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {cols}, r.phone, r.email FROM clients_client c "
            f"LEFT JOIN clients_representative r ON r.id = c.representative_id WHERE c.id IN ({_in(ids)})",
            ids,
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT client_id, 'n', full_name FROM clients_clientname WHERE client_id IN ({_in(ids)}) "
            f"UNION ALL SELECT client_id, 'p', number FROM clients_clientphone WHERE client_id IN ({_in(ids)}) "
            f"UNION ALL SELECT client_id, 'e', address FROM clients_clientemail WHERE client_id IN ({_in(ids)})",
            ids * 3,
        )
        details = cursor.fetchall()
    found = defaultdict(lambda: {"n": [], "p": set(), "e": set()})
    for cid, kind, value in details:
        bucket = found[cid][kind]
        bucket.append(value) if kind == "n" else bucket.add(value)
    out = {}
    width = len(_CLIENT_COLUMNS)
    for row in rows:
        mine = found[row[0]]
        out[row[0]] = ClientDetails(
            None, mine["n"], mine["p"], mine["e"], row[width] or "", row[width + 1] or "", row=row[:width]
        )
    return out


def profiles(client_ids) -> dict[int, tuple[Client, Profile]]:
    """Clients with everything scoring needs."""
    return {pk: (d.client, d.profile()) for pk, d in client_details(client_ids).items()}


@dataclass
class ExactHits:
    """Who holds each identifier a contact carries (ids of surviving clients)."""

    v_number: list[int] = field(default_factory=list)
    case_ref: list[int] = field(default_factory=list)
    phone: list[int] = field(default_factory=list)
    email: list[int] = field(default_factory=list)
    representative_phone: bool = False
    representative_email: bool = False
    represented: list[int] = field(default_factory=list)


def exact_hits(*, v_number="", case_ref="", phone="", email="") -> ExactHits:
    """Every exact lookup of a contact in one query; merged clients are followed to the
    client they live on in."""
    parts, params = [], []
    for kind, value, sql in (
        ("v", v_number, "SELECT id, merged_into_id FROM clients_client WHERE v_number = %s ORDER BY id"),
        (
            "c",
            case_ref,
            "SELECT c.id, c.merged_into_id FROM clients_casereference r "
            "JOIN clients_client c ON c.id = r.client_id WHERE r.reference = %s ORDER BY r.id",
        ),
        (
            "p",
            phone,
            "SELECT c.id, c.merged_into_id FROM clients_clientphone p "
            "JOIN clients_client c ON c.id = p.client_id WHERE p.number = %s ORDER BY p.id",
        ),
        (
            "e",
            email,
            "SELECT c.id, c.merged_into_id FROM clients_clientemail e "
            "JOIN clients_client c ON c.id = e.client_id WHERE e.address = %s ORDER BY e.id",
        ),
        ("rp", phone, "SELECT id, CAST(NULL AS BIGINT) FROM clients_representative WHERE phone = %s ORDER BY id"),
        ("re", email, "SELECT id, CAST(NULL AS BIGINT) FROM clients_representative WHERE email = %s ORDER BY id"),
    ):
        # in the order the rows were stored, as the batch view holds them (past MAX_HOLDERS
        # the same holders are cut on every database)
        if value:
            parts.append(f"SELECT '{kind}' AS kind, hit.* FROM ({sql} LIMIT {MAX_HOLDERS}) AS hit")
            params.append(value)
    if not parts:
        return ExactHits()
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    merged = [cid for kind, cid, into in rows if into is not None and kind in "vcpe"]
    return hits_from_rows(rows, survivors(merged), represented_by)


def survivors(merged_ids) -> dict[int, int]:
    """For each merged client among ``merged_ids``, the client it lives on in (a client not
    merged is left out, unread)."""
    if not merged_ids:
        return {}
    # one query per step along the chains, not one per merged client (an import's batch view
    # asks again after each merge, about every client merged so far)
    into = dict(Client.objects.filter(pk__in=merged_ids, merged_into__isnull=False).values_list("pk", "merged_into"))
    asked, ahead = list(into), set(into.values()) - into.keys()
    for _step in range(MAX_MERGE_CHAIN + 1):
        if not ahead:
            break
        found = dict(Client.objects.filter(pk__in=ahead, merged_into__isnull=False).values_list("pk", "merged_into"))
        into.update(found)
        ahead = set(found.values()) - into.keys()
    out = {}
    for pk in asked:
        current, seen = pk, {pk}
        while current in into:
            current = into[current]
            if current in seen or len(seen) > MAX_MERGE_CHAIN:
                raise ValueError(f"merge chain of client {pk} loops")
            seen.add(current)
        out[pk] = current
    return out


def represented_by(representative_ids) -> list[int]:
    """The clients (not merged) who authorised one of these representatives."""
    return list(
        Client.objects.filter(representative_id__in=representative_ids, merged_into=None).values_list("pk", flat=True)[
            :MAX_HOLDERS
        ]
    )


def hits_from_rows(rows, survivor: dict[int, int], represented) -> ExactHits:
    """``ExactHits`` from rows ``(kind, client or representative id, merged_into_id)``, kind
    one of v, c, p, e (a client holds the V-number, case, phone, e-mail) or rp, re (a
    representative holds the phone, e-mail)."""
    hits = ExactHits()
    reps = []
    for kind, cid, _into in rows:
        if kind in ("rp", "re"):
            reps.append(cid)
            setattr(hits, "representative_phone" if kind == "rp" else "representative_email", True)
            continue
        target = {"v": hits.v_number, "c": hits.case_ref, "p": hits.phone, "e": hits.email}[kind]
        cid = survivor.get(cid, cid)
        if cid not in target:
            target.append(cid)
    if reps:
        hits.represented = represented(reps)
    return hits


def search_clients(query: str, *, limit: int = 25) -> list[Client]:
    """Staff search: a V-number, phone number, e-mail address or case reference finds its
    client exactly; anything else is read as a name, in any script or spelling."""
    query = " ".join((query or "").split())
    if not query:
        return []
    for field_name, parse in (
        ("v_number", parse_v_number),
        ("email", normalise_email),
        ("phone", parse_phone),
        ("case_ref", lambda t: t.replace(" ", "").upper()),
    ):
        try:
            value = parse(query)
        except ValueError:
            continue
        ids = getattr(exact_hits(**{field_name: value}), field_name)
        if ids:
            return list(Client.objects.filter(pk__in=ids))
    wanted = [forms(query)]
    ids = blocking.candidate_ids(blocking.search_keys(wanted), limit=200)
    ranked = sorted(
        ((name_similarity(wanted, p.names), c) for c, p in profiles(ids).values()),
        key=lambda pair: (-pair[0], pair[1].pk),
    )
    return [c for s, c in ranked if s >= 0.6][:limit]


def client_detail(client_id: int) -> Client:
    return (
        Client.objects.select_related("representative", "merged_into")
        .prefetch_related("names", "phones", "emails", "case_refs")
        .get(pk=client_id)
    )


def merges_of(client: Client) -> list[ClientMerge]:
    """Merges this client took part in, newest first."""
    return list(
        (ClientMerge.objects.filter(keep=client) | ClientMerge.objects.filter(merged=client))
        .select_related("keep", "merged")
        .order_by("-created_at", "-id")
    )


def last_merges_into(client_ids) -> dict[int, ClientMerge]:
    """For each of these clients that some merge (not undone) kept, the newest such merge."""
    merges = ClientMerge.objects.filter(keep_id__in=client_ids, undone_at__isnull=True)
    newest = {}
    for merge in merges.order_by("keep_id", "-created_at", "-pk"):
        newest.setdefault(merge.keep_id, merge)
    return newest


def merge_of_each(merged_ids) -> dict[int, ClientMerge]:
    """For each of these clients that a merge (not undone) merged into another, that merge."""
    merges = ClientMerge.objects.filter(merged_id__in=list(merged_ids), undone_at__isnull=True)
    return {merge.merged_id: merge for merge in merges}


def review_queue():
    return (
        ReviewItem.objects.filter(status=ReviewStatus.OPEN)
        .prefetch_related(Prefetch("candidates", queryset=ReviewCandidate.objects.select_related("client")))
        .order_by("created_at", "id")
    )


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


def merged_ids(client) -> set[int]:
    """The client's id and the ids of every client merged into it (and not unmerged): the
    records of one person, which the staff timeline and the client's own My Loket show."""
    return merged_ids_of([client.pk])[client.pk]


def merged_ids_of(client_ids) -> dict[int, set[int]]:
    """``merged_ids`` of each of these clients, in one query per step down the merges (an
    import regroups the clients it merged a hundred at a time)."""
    out = {pk: {pk} for pk in client_ids}
    reached = {pk: {pk} for pk in out}  # found in the last step: the clients asked about that reach it
    while reached:
        rows = Client.objects.filter(merged_into_id__in=reached).values_list("pk", "merged_into_id")
        step = defaultdict(set)
        for pk, into in rows:
            for asked in reached[into]:
                if pk not in out[asked]:
                    out[asked].add(pk)
                    step[pk].add(asked)
        reached = step
    return out


def contact_details(client_id: int) -> tuple[list[str], list[str]]:
    """(e-mail addresses, phone numbers) of a client, oldest first, in one query (a UNION)."""
    emails = (
        ClientEmail.objects.filter(client_id=client_id)
        .order_by()  # SQLite allows no ORDER BY inside a UNION: sorted below
        .annotate(kind=Value("e"))
        .values_list("kind", "pk", "address")
    )
    phones = (
        ClientPhone.objects.filter(client_id=client_id)
        .order_by()
        .annotate(kind=Value("p"))
        .values_list("kind", "pk", "number")
    )
    rows = sorted(emails.union(phones, all=True))
    return [text for kind, _pk, text in rows if kind == "e"], [text for kind, _pk, text in rows if kind == "p"]
