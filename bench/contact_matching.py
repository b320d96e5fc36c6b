"""Benchmark of issue 3: how well and how fast contacts are linked to clients.

    .venv/bin/python bench/contact_matching.py                 # everything (about 15 minutes)
    .venv/bin/python bench/contact_matching.py --clients 100000 --only link_speed

Sections (each prints progress to stderr; the figures of all of them are printed as one
JSON object on the last line of stdout):

* ``client_linking``: the labelled synthetic set of bench/contact_data.py. The people the
  service already has on file (everyone with a V-number: name as in the passport, birth
  date as far as known, case references, often a phone number and an e-mail address) and
  the known representatives are registered first; then every contact goes, in order of
  arrival, through ``link_contact``. Pairwise precision and recall of the resulting clients
  against the true persons, twice: ``automatic`` (contacts waiting in the review queue
  count as linked to nobody) and ``with_review_decided`` (an agent who knows the truth
  decides each review at once, choosing among the candidates shown or a client found with
  the staff search, else creating a new client). Beside them, on the same contacts and
  people on file, the ``exact_match_baseline``: contacts sharing a V-number, case
  reference, e-mail address or phone number are one person, nothing else.
* ``first_import``: what a new user sees (bench/contact_first_import.py): no client on file,
  the file imported as ``loket contact import`` does, which first learns the weights from
  the file itself, then the relink; beside it the same import with the prior weights.
* ``link_speed``: a throw-away SQLite file is filled with N clients (1,000,000 by default)
  by bulk inserts, then contacts (half from people on file, half from newcomers) are linked
  one by one and timed, each in full: look-ups, scoring, writing and the audit entry.

Another section is added by decorating a function ``f(ctx) -> dict`` with ``@section("name")``;
``ctx.database("name")`` gives it a freshly migrated SQLite database of its own, and
``ctx.contacts``, ``ctx.truth`` (ref -> person and question), ``ctx.clients`` and
``ctx.representatives`` hold the data set.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
SECTIONS: dict[str, callable] = {}

from linking_losses import Losses  # noqa: E402 -- bench/ is on the path only from here


def section(name):
    def register(fn):
        SECTIONS[name] = fn
        return fn

    return register


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Context:
    args: argparse.Namespace
    workdir: Path
    contacts: list[dict] = field(default_factory=list)
    truth: dict[str, dict] = field(default_factory=dict)
    clients: list[dict] = field(default_factory=list)  # the people on file before the first contact
    representatives: list[dict] = field(default_factory=list)  # the gemachtigden the service knows
    generate: callable = None  # the data set's generate_all

    def database(self, name: str) -> Path:
        """Switch Django to a new, migrated SQLite file ``<workdir>/<name>.sqlite3``: a copy
        of one migrated once per run (migrating costs ~12 s of CPU, a copy a fraction of one)."""
        import sqlite3

        import migrated as migrating
        from django.db import connection

        path = self.workdir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        connection.close()
        migrated = self.workdir / "_migrated.sqlite3"
        if not migrated.exists():
            connection.settings_dict["NAME"] = str(migrated)
            migrating.migrate()
            connection.close()
        with sqlite3.connect(migrated) as source, sqlite3.connect(path) as target:
            source.backup(target)  # the WAL included
        connection.settings_dict["NAME"] = str(path)
        return path


def _setup_django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django

    django.setup()


def identity_of(contact: dict):
    from loket.clients.services import ContactIdentity

    return ContactIdentity(
        **{
            k: contact.get(k, "")
            for k in ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref")
        }
    )


# --- scoring of a clustering -------------------------------------------------------------


def pairwise(predicted: dict[str, object], truth: dict[str, object]) -> dict:
    """Pairwise precision and recall: of the contact pairs put on one client, how many are
    one person; of the pairs that are one person, how many were put on one client."""

    def pairs(counts):
        return sum(n * (n - 1) // 2 for n in counts)

    cells = Counter((predicted[r], truth[r]) for r in truth)
    together = pairs(Counter(predicted[r] for r in truth).values())
    same = pairs(Counter(truth.values()).values())
    correct = pairs(cells.values())
    precision = correct / together if together else 1.0
    recall = correct / same if same else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs_predicted": together,
        "pairs_true": same,
    }


def register_on_file(ctx: Context) -> dict[int, int]:
    """Register the representatives and the people on file, as their case files have them;
    returns client -> person."""
    from loket.clients.services import (
        ContactIdentity,
        add_details,
        register_client,
        register_representative,
        set_representative,
    )

    reps = {
        r["representative"]: register_representative(
            name=r["name"], email=r["email"], phone=r["phone"], actor="registry"
        )
        for r in ctx.representatives
    }
    person_of = {}
    for row in ctx.clients:
        names = row["names"]
        client = register_client(
            actor="registry",
            identity=ContactIdentity(
                name=names[0],
                birth_date=row["birth_date"],
                nationality=row["nationality"],
                v_number=row["v_number"],
                phone=row.get("phone", ""),
                email=row.get("email", ""),
            ),
        )
        for extra in [ContactIdentity(name=n) for n in names[1:]] + [
            ContactIdentity(case_ref=r) for r in row["case_refs"]
        ]:
            add_details(client=client, actor="registry", identity=extra)
        if row.get("representative") is not None:
            set_representative(client=client, representative=reps[row["representative"]], actor="registry")
        person_of[client.pk] = row["person"]
    return person_of


def exact_baseline(contacts: list[dict], on_file: list[dict] = ()) -> dict[str, int]:
    """Contacts sharing any exactly equal identifier, with each other or with a client on
    file, are one person (union-find)."""
    from loket.clients.services import normalise_email, parse_case_ref, parse_phone, parse_v_number

    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in on_file:
        keys = [f"person:{row['person']}", f"v_number:{row['v_number']}"] + [f"case_ref:{r}" for r in row["case_refs"]]
        keys += [f"{k}:{row[k]}" for k in ("phone", "email") if row.get(k)]
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    for c in contacts:
        keys = [f"ref:{c['ref']}"]
        for name, parse in (
            ("v_number", parse_v_number),
            ("case_ref", parse_case_ref),
            ("email", normalise_email),
            ("phone", parse_phone),
        ):
            if c.get(name):
                try:
                    keys.append(f"{name}:{parse(c[name])}")
                except ValueError:  # a doubtful detail is no identifier: as the service treats it
                    continue
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    return {c["ref"]: find(f"ref:{c['ref']}") for c in contacts}


def _majority(persons: Counter):
    top = persons.most_common(1)
    return top[0][0] if top else None


def _estimate(ctx: Context):
    """With the learned matcher: estimate its weights, without labels, from the register and
    what the contacts say (as Splink learns from the records it links), or from another
    set made with ``--estimate-seed``."""
    from django.conf import settings

    from loket.clients.services.estimation import estimate_weights

    if settings.CLIENT_MATCHER != "fellegi-sunter":
        return None
    contacts = ctx.contacts
    if ctx.args.estimate_seed is not None:
        contacts = ctx.generate(ctx.args.persons, ctx.args.estimate_seed)["contacts"]
    estimate = estimate_weights(identities=(identity_of(c) for c in contacts), progress=_estimate_progress)
    return {"notes": estimate.weights["notes"], "link_threshold": estimate.weights["link_threshold"]}


def _predicted(client_of: dict, truth: dict) -> dict:
    from loket.clients.models import Client

    survivors = {c.pk: c.resolved().pk for c in Client.objects.all()}
    return {ref: survivors[client_of[ref]] if ref in client_of else f"review:{ref}" for ref in truth}


def _estimate_progress(step) -> None:
    progress(
        f"weights: {step.compared:,}/{step.contacts:,} contacts compared"
        + (f", u from {step.random_pairs:,} random pairs" if step.random_pairs is not None else "")
    )


def _relink(ctx: Context, client_of: dict) -> dict:
    """The nightly repair: weights learned again from the grown register (each contact with
    the client it is linked to, as the contact app gives them), then the relink."""
    from loket.clients.services.estimation import estimate_weights
    from loket.clients.services.relink import relink

    started = time.perf_counter()
    identities = ((identity_of(c), client_of.get(c["ref"])) for c in ctx.contacts)
    estimate = estimate_weights(identities=identities, progress=_estimate_progress)
    report = relink(
        progress=lambda r: progress(f"relink: {r.compared:,}/{r.clients:,} clients compared, {len(r.merged)} merged")
    )
    return {
        "relink_link_threshold": estimate.weights["link_threshold"],
        "relink_merged": len(report.merged),
        "relink_parted": len(report.parted),
        "relink_ambiguous": report.ambiguous,
        "relink_seconds": round(time.perf_counter() - started, 1),
    }


def _link_all(ctx: Context, *, agent: bool) -> dict:
    """Register the people on file, then feed every contact through link_contact. With
    ``agent``, each review is decided at once by an agent who knows the truth: they pick the
    right candidate, or find the client with the staff search (by V-number, case, name,
    phone, e-mail), or else create a new client."""
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from loket.clients import selectors
    from loket.clients.models import Client
    from loket.clients.services import confirm_review, link_contact

    ctx.database("agent" if agent else "automatic")
    truth = {ref: t["person"] for ref, t in ctx.truth.items()}
    people_on = defaultdict(Counter)  # client id -> persons of the contacts it got so far
    clients_of = defaultdict(set)  # person -> the clients that got their contacts
    for client_id, person in register_on_file(ctx).items():
        people_on[client_id][person] += 1
        clients_of[person].add(client_id)
    weights_note = _estimate(ctx)
    outcome_of, client_of, timings, linked_by = {}, {}, [], Counter()
    losses = Losses(identity_of)
    probe = None
    if not agent and os.environ.get("LOKET_PROBE"):
        from linking_probe import Probe

        probe = Probe(os.environ["LOKET_PROBE"], identity_of)
    label = "with agent" if agent else "automatic"
    for n, contact in enumerate(ctx.contacts, 1):
        ref, person = contact["ref"], truth[contact["ref"]]
        started = time.perf_counter()
        result = link_contact(identity=identity_of(contact), actor="bench", source=ref)
        timings.append(time.perf_counter() - started)
        outcome_of[ref] = result.outcome
        if not agent:
            held = [c for c in clients_of[person] if _majority(people_on[c]) == person]
            losses.observe(contact, result, sorted({Client.objects.get(pk=c).resolved().pk for c in held}))
            if probe is not None:
                probe.observe(
                    contact,
                    person,
                    result,
                    lambda cid: _majority(people_on[Client.objects.get(pk=cid).resolved().pk]),
                    held,
                )
        client = result.client
        if result.outcome == "linked":
            linked_by[result.reasons[0].split(" ")[0]] += 1
        if client is None and agent:
            right = [c.client for c in result.candidates if _majority(people_on[c.client.resolved().pk]) == person]
            if not right:  # not among the candidates: the agent searches, as on the staff site
                found = [
                    c
                    for field_name in ("v_number", "case_ref", "name", "phone", "email")
                    if contact.get(field_name)
                    for c in selectors.search_clients(contact[field_name])
                ]
                right = [c for c in found if _majority(people_on[c.resolved().pk]) == person]
            try:
                client = confirm_review(item=result.review, client=right[0] if right else None, actor="bench")
            except ValidationError:  # a mistyped V-number: the service refuses the right client
                client = confirm_review(item=result.review, client=None, actor="bench")
        if client is not None:
            client_of[ref] = client.resolved().pk
            people_on[client_of[ref]][person] += 1
            clients_of[person].add(client_of[ref])
        if n % 2000 == 0:
            progress(f"client_linking ({label}): {n}/{len(ctx.contacts)} contacts")
    outcomes = Counter(outcome_of.values())
    relinked = None
    if not agent and settings.CLIENT_MATCHER == "fellegi-sunter" and not ctx.args.skip_relink:
        before = pairwise(_predicted(client_of, truth), truth)
        relinked = {"before_relink": before, **_relink(ctx, client_of)}
        relinked.update(pairwise(_predicted(client_of, truth), truth))
    return {
        **pairwise(_predicted(client_of, truth), truth),
        "after_relink": relinked,
        "outcomes": dict(outcomes),
        "review_rate": round(outcomes["review"] / len(ctx.contacts), 4),
        "linked_by": dict(linked_by.most_common()),
        "clients": Client.objects.filter(merged_into=None).count(),
        "merges": Client.objects.exclude(merged_into=None).count(),
        "ms_per_contact_mean": round(1000 * sum(timings) / len(timings), 2),
        "matcher": settings.CLIENT_MATCHER,
        "weights": weights_note,
        "losses": None if agent else losses.report(),
    }


@section("client_linking")
def client_linking(ctx: Context) -> dict:
    """Pairwise precision and recall of client linking, automatic only (contacts waiting in
    the review queue count as linked to nobody) and after an agent decides the reviews,
    beside the exact-match-only baseline."""
    truth = {ref: t["person"] for ref, t in ctx.truth.items()}
    return {
        "contacts": len(ctx.contacts),
        "persons": len(set(truth.values())),
        "automatic": _link_all(ctx, agent=False),
        "with_review_decided": None if ctx.args.automatic_only else _link_all(ctx, agent=True),
        "exact_match_baseline": pairwise(exact_baseline(ctx.contacts, ctx.clients), truth),
    }


# --- speed with a large file -----------------------------------------------------------


def _bulk_clients(path: Path, n: int, seed: int) -> list:
    """Fill the clients tables with ``n`` people by raw bulk inserts (indexes built after)."""
    import sqlite3

    from contact_data import make_people, written_name

    from loket.clients.blocking import client_keys
    from loket.clients.names import forms, script_of

    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;")
    tables = (
        "clients_client",
        "clients_clientname",
        "clients_clientphone",
        "clients_clientemail",
        "clients_clientblockingkey",
    )
    indexes = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({','.join('?' * len(tables))})",
        tables,
    ).fetchall()
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    rng = random.Random(seed)
    now = "2026-01-01 00:00:00"
    people, started, batch = [], time.perf_counter(), 50_000
    key_id = name_id = 0
    for first in range(1, n + 1, batch):
        chunk = make_people(rng, min(batch, n - first + 1), first_id=first)
        clients, names, phones, emails, keys = [], [], [], [], []
        for p in chunk:
            written = [written_name(rng, p)]
            if not written[0].isascii() or rng.random() < 0.3:
                written.append(written_name(rng, p))
            written = list(dict.fromkeys(written))
            birth = p.birth
            year_only = p.birth_kind == "year"
            clients.append(
                (
                    p.pid,
                    p.v_number,
                    written[0],
                    birth.year,
                    None if year_only else birth.month,
                    None if year_only else birth.day,
                    p.birth_kind == "placeholder",
                    p.nationality,
                    "",
                    now,
                    now,
                )
            )
            for w in written:
                name_id += 1
                names.append((name_id, p.pid, w, script_of(w), script_of(w) != "Latn", forms(w).folded, now))
            phones.append((p.pid, p.pid, p.phone, now))
            if p.email:
                emails.append((p.pid, p.pid, p.email, now))
            for k in client_keys([forms(w) for w in written], birth.year):
                key_id += 1
                keys.append((key_id, p.pid, k))
        db.executemany(
            "INSERT INTO clients_client (id, v_number, display_name, birth_year, birth_month, birth_day, "
            "birth_placeholder, nationality, language, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            clients,
        )
        db.executemany(
            "INSERT INTO clients_clientname (id, client_id, full_name, script, is_original, folded, "
            "created_at) VALUES (?,?,?,?,?,?,?)",
            names,
        )
        db.executemany("INSERT INTO clients_clientphone (id, client_id, number, created_at) VALUES (?,?,?,?)", phones)
        db.executemany("INSERT INTO clients_clientemail (id, client_id, address, created_at) VALUES (?,?,?,?)", emails)
        db.executemany("INSERT INTO clients_clientblockingkey (id, client_id, key) VALUES (?,?,?)", keys)
        db.commit()
        people.extend(rng.sample(chunk, min(len(chunk), 200)))
        done = first + len(chunk) - 1
        rate = done / (time.perf_counter() - started)
        progress(f"link_speed: {done:,}/{n:,} clients inserted ({rate:,.0f}/s)")
    progress("link_speed: building indexes")
    for _name, sql in indexes:
        db.execute(sql)
    db.execute("ANALYZE")
    db.commit()
    db.close()
    return people


@section("question_grouping")
def question_grouping(ctx: Context) -> dict:
    """Question grouping F1 through the real import, beside the one-question-per-contact and
    thread-only baselines (the contact app's section; it lives in bench/contact_grouping.py)."""
    from contact_grouping import question_grouping as run

    return run(ctx)


@section("first_import")
def first_import(ctx: Context) -> dict:
    """A new user's first import: an empty register, the weights learned from the file
    (bench/contact_first_import.py), then the relink; beside it, the prior weights."""
    from contact_first_import import first_import as run

    return run(ctx)


def _percentiles(timings: list[float]) -> dict:
    timings = sorted(timings)
    pct = lambda q: round(timings[min(len(timings) - 1, int(q * len(timings)))], 2)  # noqa: E731
    return {
        "n": len(timings),
        "ms_p50": pct(0.50),
        "ms_p95": pct(0.95),
        "ms_p99": pct(0.99),
        "ms_max": round(timings[-1], 2),
    }


@section("link_speed")
def link_speed(ctx: Context) -> dict:
    """Linking one contact with N clients on file. The first ``--warmup`` contacts find the
    database cold (pages not yet in memory) and are reported apart; the timed ones follow,
    as on a server that has been running."""
    from contact_data import _contact, make_people
    from django.db import connection

    from loket.clients.models import ClientBlockingKey
    from loket.clients.services import link_contact

    n, samples, warmup = ctx.args.clients, ctx.args.samples, ctx.args.warmup
    path = ctx.database("speed")
    connection.close()
    started = time.perf_counter()
    on_file = _bulk_clients(path, n, ctx.args.seed + 1)
    build_seconds = time.perf_counter() - started
    rng = random.Random(ctx.args.seed + 2)
    total = warmup + samples
    newcomers = make_people(rng, total, first_id=n + 1)
    known = rng.sample(on_file, total)
    contacts = [
        _contact(rng, known[i] if i % 2 == 0 else newcomers[i], rng.choice(["email", "phone", "web", "counter"]), {})
        for i in range(total)
    ]
    timings, outcomes = [], Counter()
    for i, contact in enumerate(contacts, 1):
        t0 = time.perf_counter()
        result = link_contact(identity=identity_of(contact), actor="bench")
        timings.append((time.perf_counter() - t0) * 1000)
        if i > warmup:
            outcomes[result.outcome] += 1
        if i % 200 == 0:
            progress(f"link_speed: {i}/{total} contacts linked")
    return {
        "clients_on_file": n,
        "blocking_keys": ClientBlockingKey.objects.count(),
        "build_seconds": round(build_seconds, 1),
        "outcomes": dict(outcomes),
        **_percentiles(timings[warmup:]),
        "cold_start": _percentiles(timings[:warmup]) if warmup else None,
        "db_mb": round(path.stat().st_size / 2**20),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=3000, help="people in the labelled set")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--clients", type=int, default=1_000_000, help="clients on file for link_speed")
    parser.add_argument("--samples", type=int, default=1000, help="contacts timed in link_speed")
    parser.add_argument("--warmup", type=int, default=200, help="contacts linked first in link_speed, timed apart")
    parser.add_argument("--only", action="append", choices=sorted(SECTIONS), help="run only these sections")
    parser.add_argument("--workdir", help="keep the databases here (default: a temporary directory)")
    parser.add_argument("--automatic-only", action="store_true", help="skip the run in which an agent decides reviews")
    parser.add_argument("--skip-relink", action="store_true", help="leave out the relink after the automatic run")
    parser.add_argument(
        "--estimate-seed",
        type=int,
        help="learn the weights from another set of the same generator made with this seed (default: the set linked)",
    )
    parser.add_argument(
        "--dataset",
        choices=["own", "independent"],
        default="own",
        help="own: bench/contact_data.py; independent: bench/independent_contacts.py, written apart from it",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        _setup_django(workdir)
        if args.dataset == "independent":
            from independent_contacts import generate_all
        else:
            from contact_data import generate_all

        data = generate_all(args.persons, args.seed)
        ctx = Context(
            args,
            workdir,
            data["contacts"],
            {t["ref"]: t for t in data["truth"]},
            data["clients"],
            data["representatives"],
            generate_all,
        )
        figures = {
            "dataset": {
                "generator": args.dataset,
                "persons": args.persons,
                "seed": args.seed,
                "contacts": len(ctx.contacts),
                "clients_on_file": len(ctx.clients),
                "representatives": len(ctx.representatives),
            }
        }
        figures["machine"] = {
            "nproc": os.cpu_count(),
            "python": sys.version.split()[0],
            "sqlite": __import__("sqlite3").sqlite_version,
            "load_average_1min_start": round(os.getloadavg()[0], 2),
        }
        for name, run in SECTIONS.items():
            if args.only and name not in args.only:
                continue
            progress(f"== {name}")
            t0 = time.perf_counter()
            figures[name] = run(ctx)
            figures[name]["seconds"] = round(time.perf_counter() - t0, 1)
        figures["machine"]["load_average_1min_end"] = round(os.getloadavg()[0], 2)
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
