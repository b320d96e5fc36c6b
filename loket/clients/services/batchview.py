"""What linking reads about the clients on file, for one contact or for a batch of them.

Deciding about a contact asks four things: who holds its exact identifiers, which clients
share its blocking keys, how common its name is, and the details of those clients.
``DatabaseReads`` asks the database each time (one contact at a time). ``BatchView``
answers them for a whole batch (an import) from memory: ``load`` reads everything the
batch's contacts can ask in a few queries, and every row the batch then writes (through
``pending``) is added to the view as it is made, so each contact sees exactly what it would
have seen had each earlier contact been linked and stored on its own. A merge changes too
much at once: after one, what the view holds about the clients involved is read again
(``refresh``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain

from ...core import fastreads
from .. import blocking, selectors
from ..models import CaseReference, Client, ClientEmail, ClientName, ClientPhone
from ..scoring import Profile
from ..selectors import MAX_HOLDERS, ClientDetails, ExactHits

CHUNK = 500  # values per IN (...): well under the parameter limits of SQLite and PostgreSQL


class DatabaseReads:
    """The four reads, straight from the database, after writing any waiting row they could see."""

    def __init__(self, before_read):
        self.before_read = before_read

    def exact_hits(self, *, v_number="", case_ref="", phone="", email="") -> ExactHits:
        self.before_read(phone=phone, email=email, case=case_ref)
        return selectors.exact_hits(v_number=v_number, case_ref=case_ref, phone=phone, email=email)

    def candidate_ids(self, keys) -> list[int]:
        self.before_read(keys=keys)
        return blocking.candidate_ids(keys)

    def name_count(self, keys, enough: int) -> int | None:
        self.before_read(keys=keys)
        return blocking.count_by_keys(keys, enough=enough)

    def profiles(self, ids) -> dict[int, tuple[ClientDetails, Profile]]:
        self.before_read(clients=ids)
        return {cid: (d, d.profile()) for cid, d in selectors.client_details(ids).items()}


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _rows(sql: str, values) -> list[tuple]:
    """``sql`` with ``{in}`` standing for the placeholders of one chunk, over every chunk
    (``fastreads.rows_in``: on PostgreSQL one array parameter)."""
    return fastreads.rows_in(sql, values, chunk=CHUNK)


class BatchView:
    """The clients on file as a batch of contacts can see them, kept in memory."""

    _KINDS = {"v": "v_number", "c": "case_ref", "p": "phone", "e": "email"}

    def __init__(self, flush):
        self.flush = flush  # writes the waiting rows (to fall back on the database)
        self.clear()

    def clear(self) -> None:
        # holders[kind][value]: [(client id, merged_into_id)] in the order the rows were stored
        self.holders = {kind: defaultdict(list) for kind in "vcpe"}
        self.held_by: dict[int, set[tuple[str, str]]] = defaultdict(set)  # client -> (kind, value) it holds
        self.merged: set[int] = set()  # holders merged into another client
        self.loaded = {kind: set() for kind in "vcpe"}
        self.representatives = {"rp": defaultdict(list), "re": defaultdict(list)}
        self.represented: dict[int, list[int]] = defaultdict(list)
        self.survivor: dict[int, int] = {}
        self.postings: dict[int, list[int]] = {}
        self.keys_of: dict[int, set[int]] = defaultdict(set)
        self.details: dict[int, ClientDetails] = {}
        self._profiles: dict[int, Profile] = {}

    # -- loading -------------------------------------------------------------------------

    def load(self, identities) -> BatchView:
        """Read what these parsed identities can ask (waiting rows must be written first)."""
        self.clear()
        return self.extend(identities)

    def extend(self, identities) -> BatchView:
        """Read what these parsed identities can ask that the view does not hold yet. Only
        right when the view still mirrors the database: every row written since it was
        loaded went through it (see ``carried.Memory``)."""
        wanted = {kind: set() for kind in "vcpe"}
        keys: set[int] = set()
        asks = []  # the keys each contact looks its candidates up by
        for parsed in identities:
            for kind, attr in self._KINDS.items():
                if getattr(parsed, attr):
                    wanted[kind].add(getattr(parsed, attr))
            asks.append(parsed.match_keys)
            keys |= parsed.match_keys
            keys |= parsed.count_keys
        asked = {kind: set(values) for kind, values in wanted.items()}
        for kind in "vcpe":
            wanted[kind] -= self.loaded[kind]
        for kind, sql in (
            ("v", "SELECT v_number, id, merged_into_id FROM clients_client WHERE v_number IN ({in}) ORDER BY id"),
            (
                "c",
                "SELECT r.reference, c.id, c.merged_into_id FROM clients_casereference r JOIN clients_client c "
                "ON c.id = r.client_id WHERE r.reference IN ({in}) ORDER BY r.id",
            ),
            (
                "p",
                "SELECT p.number, c.id, c.merged_into_id FROM clients_clientphone p JOIN clients_client c "
                "ON c.id = p.client_id WHERE p.number IN ({in}) ORDER BY p.id",
            ),
            (
                "e",
                "SELECT e.address, c.id, c.merged_into_id FROM clients_clientemail e JOIN clients_client c "
                "ON c.id = e.client_id WHERE e.address IN ({in}) ORDER BY e.id",
            ),
        ):
            for value, cid, into in _rows(sql, wanted[kind]):
                self._add(kind, value, cid, into)
            self.loaded[kind] |= wanted[kind]
        self._follow_merges()
        for kind, column, values in (("rp", "phone", wanted["p"]), ("re", "email", wanted["e"])):
            for value, rep in _rows(
                f"SELECT {column}, id FROM clients_representative WHERE {column} IN ({{in}}) ORDER BY id", values
            ):
                self.representatives[kind][value].append(rep)
        self._load_represented()
        new_keys = keys - self.postings.keys()
        self.postings.update((key, []) for key in new_keys)
        for key, cid in _rows(
            "SELECT key, client_id FROM clients_clientblockingkey WHERE key IN ({in}) ORDER BY id", new_keys
        ):
            self.postings[key].append(cid)
            self.keys_of[cid].add(key)
        # the clients the contacts are likely to compare: the holders of their identifiers and
        # their candidates as the batch starts (others, found later, are read when asked for)
        ids = {cid for kind in "vcpe" for value in asked[kind] for cid, _ in self.holders[kind].get(value, ())}
        reps = {
            rep
            for kind, key in (("rp", "p"), ("re", "e"))
            for value in asked[key]
            for rep in self.representatives[kind].get(value, ())
        }
        ids |= {cid for rep in reps for cid in self.represented.get(rep, ())} | set(self.survivor.values())
        details, postings = self.details, self.postings
        for ask in asks:
            # ranked only when a client on the lists is not held yet (in a first import, never)
            if self._held(ask) and not all(cid in details for key in ask for cid in postings[key]):
                ids.update(self.candidate_ids(ask))
        for chunk in _chunks(ids - self.details.keys()):
            self.details.update(selectors.client_details(chunk))
        return self

    def size(self) -> int:
        """About how much the view holds (clients' details and key lists)."""
        return len(self.details) + len(self.postings)

    def _follow_merges(self, changed=None, moved=None) -> None:
        """The client each merged holder lives on in. After a merge only the clients it
        touched (``changed``) can have been merged since, so only those are read (or given,
        as ``moved``), and what lived on in one of them lives on where it does now.
        (Reading every merged holder again cost an import a query over all of them per merge.)"""
        if changed is None:
            self.survivor = selectors.survivors(self.merged)
            return
        for cid in changed:
            self.survivor.pop(cid, None)
        if moved is None:  # every changed client: one that holds nothing any more may lead on too
            moved = selectors.survivors(changed)
        for cid, survivor in self.survivor.items():
            if survivor in moved:
                self.survivor[cid] = moved[survivor]
        self.survivor.update(moved)

    def _load_represented(self) -> None:
        reps = {rep for kind in self.representatives.values() for reps in kind.values() for rep in reps}
        self.represented = defaultdict(list)
        for rep, cid in _rows(
            "SELECT representative_id, id FROM clients_client WHERE representative_id IN ({in}) "
            "AND merged_into_id IS NULL ORDER BY id",
            reps,
        ):
            self.represented[rep].append(cid)

    def refresh(self, changed) -> None:
        """Read again what the database says about these clients (a merge moved rows
        between them); everything else the view holds stays. Waiting rows must be written
        first."""
        ids = list(dict.fromkeys(changed))
        for cid in ids:
            for kind, value in self.held_by.pop(cid, ()):
                self.holders[kind][value] = [(c, into) for c, into in self.holders[kind][value] if c != cid]
            self.merged.discard(cid)
        for cid in ids:
            self.drop_keys(cid)
            self.details.pop(cid, None)
            self._profiles.pop(cid, None)
        into = dict(_rows("SELECT id, merged_into_id FROM clients_client WHERE id IN ({in})", ids))
        for kind, sql in (
            ("v", "SELECT v_number, id FROM clients_client WHERE id IN ({in}) AND v_number IS NOT NULL"),
            ("c", "SELECT reference, client_id FROM clients_casereference WHERE client_id IN ({in}) ORDER BY id"),
            ("p", "SELECT number, client_id FROM clients_clientphone WHERE client_id IN ({in}) ORDER BY id"),
            ("e", "SELECT address, client_id FROM clients_clientemail WHERE client_id IN ({in}) ORDER BY id"),
        ):
            for value, cid in _rows(sql, ids):
                if value in self.loaded[kind]:
                    self._add(kind, value, cid, into.get(cid))
        for key, cid in _rows("SELECT key, client_id FROM clients_clientblockingkey WHERE client_id IN ({in})", ids):
            if key in self.postings:
                self.postings[key].append(cid)
                self.keys_of[cid].add(key)
        self._follow_merges(set(ids))
        self._load_represented()
        self.details.update(selectors.client_details(ids))

    def follow_merge(self, keep: Client, merged: int, before: dict, waiting_keys) -> None:
        """What ``merge_clients`` just did in the database, done to the view instead of
        reading it again (``refresh``: ten queries a merge). The merged client's phone
        numbers, addresses and cases go to the kept client, save a value the kept one held
        already, which stays on the merged client and leads to it; so does its V-number
        when the kept client had none. Each keeps its place among the value's holders, as
        its row keeps its id (the database reads the first ``MAX_HOLDERS`` by id). The kept
        client's blocking keys are the ``waiting_keys`` that ``rebuild_keys`` made.
        ``before``: the merge record's snapshot of the kept client (``ClientMerge.changed``).
        Both clients' details must be held (``profiles``) from before the merge."""
        kept, gone = self.details[keep.pk], self.details.pop(merged)
        had = {"p": kept.phones, "e": kept.emails, "v": {before["v_number"]}}
        staying = set()
        for kind, value in self.held_by.pop(merged, set()):
            stays = kind != "c" and value in had[kind]
            entry = (merged, keep.pk) if stays else (keep.pk, None)
            self.holders[kind][value] = [entry if c == merged else (c, into) for c, into in self.holders[kind][value]]
            (staying if stays else self.held_by[keep.pk]).add((kind, value))
        if staying:
            self.held_by[merged] = staying
            self.merged.add(merged)
        own_representative = before["representative_id"] is not None
        self.details[keep.pk] = ClientDetails(
            keep,
            kept.names + [name for name in gone.names if name not in kept.names],
            kept.phones | gone.phones,
            kept.emails | gone.emails,
            (kept if own_representative else gone).representative_phone,
            (kept if own_representative else gone).representative_email,
        )
        for cid in (keep.pk, merged):
            self.drop_keys(cid)
            self._profiles.pop(cid, None)
        self.add_keys(keep.pk, waiting_keys)
        self._follow_merges({keep.pk, merged}, moved={merged: keep.pk})
        self._load_represented()  # no query unless the batch's contacts name a representative

    # -- the four reads ------------------------------------------------------------------

    def exact_hits(self, *, v_number="", case_ref="", phone="", email="") -> ExactHits:
        rows = []
        for kind, value in (("v", v_number), ("c", case_ref), ("p", phone), ("e", email)):
            if value:
                rows += [(kind, cid, into) for cid, into in self._holders(kind, value)[:MAX_HOLDERS]]
        for kind, value in (("rp", phone), ("re", email)):
            if value:
                rows += [(kind, rep, None) for rep in self.representatives[kind].get(value, [])[:MAX_HOLDERS]]
        return selectors.hits_from_rows(rows, self.survivor, self._represented)

    def candidate_ids(self, keys) -> list[int]:
        if not keys:
            return []
        lists = [self.postings.get(key) for key in keys]
        if None in lists or max(map(len, lists)) > blocking.MAX_POSTING:
            self.flush()  # a list not held, or too long to hold: the database cuts it as it always does
            return blocking.candidate_ids(keys)
        counts = Counter(chain.from_iterable(lists))
        # most shared keys first, then the lower id: the database's ORDER BY COUNT(*) DESC,
        # client_id (a stable sort by count, descending, of the ids in ascending order)
        ranked = sorted(counts)
        ranked.sort(key=counts.__getitem__, reverse=True)
        return ranked[: blocking.MAX_CANDIDATES]

    def _held(self, keys) -> bool:
        """Are these keys' lists all in memory, none longer than the database reads of one?"""
        return all(key in self.postings and len(self.postings[key]) <= blocking.MAX_POSTING for key in keys)

    def name_count(self, keys, enough: int) -> int | None:
        """``blocking.name_count`` by the name's ``count_keys``."""
        if not keys:
            return None
        if any(key not in self.postings for key in keys):
            self.flush()
            return blocking.count_by_keys(keys, enough=enough)
        return min(min(len(self.postings[key]), enough) for key in keys)

    def profiles(self, ids) -> dict[int, tuple[ClientDetails, Profile]]:
        """Each client's details (``.client`` makes the Client object) and scoring profile."""
        details, profiles = self.details, self._profiles
        missing = [cid for cid in dict.fromkeys(ids) if cid not in details]
        if missing:
            details.update(selectors.client_details(missing))
        out = {}
        for cid in ids:  # in the order asked (a repeated id keeps its first place)
            held = details.get(cid)
            if held is not None:
                profile = profiles.get(cid)
                if profile is None:
                    profile = profiles[cid] = held.profile()
                out[cid] = (held, profile)
        return out

    def _holders(self, kind: str, value: str) -> list[tuple[int, int | None]]:
        if value not in self.loaded[kind]:
            raise LookupError(f"{self._KINDS[kind]} {value!r} was not loaded for this batch")
        return self.holders[kind].get(value, [])

    def _represented(self, reps) -> list[int]:
        return sorted({cid for rep in reps for cid in self.represented.get(rep, [])})[:MAX_HOLDERS]

    # -- what the batch writes -------------------------------------------------------------

    def add_client(self, client: Client) -> None:
        """A client just made: nothing of it is on file yet but its row."""
        self.details[client.pk] = ClientDetails(client, [], set(), set())
        self.client_changed(client)

    def client_changed(self, client: Client) -> None:
        """Linking changed the client's row (a V-number, a birth date)."""
        if (
            client.v_number
            and client.v_number in self.loaded["v"]
            and all(cid != client.pk for cid, _ in self.holders["v"][client.v_number])
        ):
            self._add("v", client.v_number, client.pk, client.merged_into_id)
        if client.pk in self.details:
            self.details[client.pk].client = client
        self._profiles.pop(client.pk, None)

    def add_row(self, row) -> None:
        """A row waiting to be written (see ``pending``) is now part of what contacts see."""
        cid = row.client_id
        details = self.details.get(cid)
        kind = type(row)
        if kind is ClientName:
            if details is not None:
                details.names.append(row.full_name)
        elif kind is ClientPhone:
            self._add_holder("p", row.number, cid)
            if details is not None:
                details.phones.add(row.number)
        elif kind is ClientEmail:
            self._add_holder("e", row.address, cid)
            if details is not None:
                details.emails.add(row.address)
        elif kind is CaseReference:
            self._add_holder("c", row.reference, cid)
        self._profiles.pop(cid, None)

    def add_keys(self, client_id: int, keys) -> None:
        for key in keys:
            if key in self.postings:  # a key no contact of the batch asks about can wait
                self.postings[key].append(client_id)
                self.keys_of[client_id].add(key)

    def _add_holder(self, kind: str, value: str, cid: int) -> None:
        if value in self.loaded[kind]:
            self._add(kind, value, cid, None)

    def _add(self, kind: str, value: str, cid: int, into: int | None) -> None:
        self.holders[kind][value].append((cid, into))
        self.held_by[cid].add((kind, value))
        if into:
            self.merged.add(cid)

    def drop_keys(self, client_id: int, keys=None) -> None:
        """The client's blocking keys are gone (its name or birth year changed): all of
        them, or those named."""
        held = self.keys_of.pop(client_id, set()) if keys is None else self.keys_of[client_id] & keys
        for key in held:
            self.postings[key] = [cid for cid in self.postings[key] if cid != client_id]
        if keys is not None:
            self.keys_of[client_id] -= held

    def holds(self, kind: str, value: str) -> bool | None:
        """Does a client hold this V-number ("v") or case reference ("c")? None when the
        view cannot say (the value was not loaded)."""
        if value not in self.loaded[kind]:
            return None
        return bool(self.holders[kind].get(value))
