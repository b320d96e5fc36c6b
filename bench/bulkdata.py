"""A million clients and a million cases, straight into PostgreSQL with COPY (psycopg 3).

The demo data (`loket seed --demo`: staff of every role with their passwords, the
organisation chart, demo cases, contacts and reports) comes first, through the services;
then the bulk rows, with the rows the pages read beside them: a name per client, and per
case its ``received`` event and its status, as ``cases.services.open_case`` writes them.
The cases are spread over 20 objection teams below "Afdeling Bezwaar" (so an officer of
OBJ1 sees about 50,000, the head of the department all of them). Bulk rows are marked
(V-numbers from 9000000000, references BULK-...), and a second call finds them and does
nothing. Every bulk case is then drawn for one of the bench officers of its team
(bench/bulkassign.py), so that need to know lets them read their own cases.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta

import bulkassign  # a sibling module: bench/ is on the path of bench/load.py

TEAMS = 20
FIRST = [
    "Ahmad",
    "Fatima",
    "Yonas",
    "Mariam",
    "Olena",
    "Ali",
    "Sara",
    "Mehmet",
    "Amina",
    "Dawit",
    "Hassan",
    "Leyla",
    "Ivan",
    "Noor",
    "Samir",
    "Aisha",
    "Tesfay",
    "Zahra",
    "Omar",
    "Elif",
]
LAST = [
    "Haddad",
    "Tesfamariam",
    "Kovalenko",
    "Yilmaz",
    "Hosseini",
    "Abdi",
    "Rahimi",
    "Said",
    "Bakr",
    "Petrenko",
    "Demir",
    "Mohammed",
    "Ghebre",
    "Karimi",
    "Nasser",
    "Osman",
    "Shevchenko",
    "Aziz",
    "Farah",
    "Kaya",
]
SUBJECTS = {
    "application": "Aanvraag verblijfsvergunning",
    "objection": "Bezwaar tegen afwijzing",
    "revocation": "Intrekking verblijfsvergunning",
}


def _say(out, text):
    out.write(text + "\n")
    out.flush()


def _defaults(model):
    """A value for every column the bulk rows leave out: NULL where allowed, else the
    field's default or an empty string."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.null:
            values[field.column] = None
        elif field.has_default():
            value = field.get_default()
            # COPY takes text: a JSON field's default ({} or []) goes in as its JSON
            values[field.column] = json.dumps(value) if isinstance(value, dict | list) else value
        else:
            values[field.column] = ""
    return values


def _copy(cursor, model, rows, total: int, out, label: str) -> None:
    """COPY ``rows`` (dicts by column name, ``id`` included) into the model's table."""
    base = _defaults(model)
    columns = ["id", *base]
    started, done = time.monotonic(), 0
    sql = f"COPY {model._meta.db_table} ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN"
    with cursor.copy(sql) as copy:
        for row in rows:
            full = {**base, **row}
            copy.write_row([full[c] for c in columns])
            done += 1
            if done % 100_000 == 0 or done == total:
                rate = done / max(time.monotonic() - started, 1e-9)
                _say(out, f"    {label}: {done:,}/{total:,} ({rate:,.0f} rows/s)")
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
        f"(SELECT max(id) FROM {model._meta.db_table}))"
    )


def _teams(out) -> list[int]:
    from loket.core.models import OrgUnit

    parent = OrgUnit.objects.get(code="OBJ")
    ids = [OrgUnit.objects.get(code="OBJ1").pk]
    for n in range(2, TEAMS + 1):
        unit, _ = OrgUnit.objects.get_or_create(
            code=f"OBJ{n}", defaults={"name": f"Team Bezwaar {n}", "parent": parent}
        )
        ids.append(unit.pk)
    return ids


def load(*, clients: int, cases: int, out=sys.stdout, seed: int = 12) -> dict:
    """Migrate, seed the demo, then add the bulk rows unless they are there already."""
    from django.core.management import call_command
    from django.db import DatabaseError, connection, transaction

    from loket.cases.models import Case, CaseEvent, CaseStatus
    from loket.clients.models import Client, ClientName
    from loket.core.models import User

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="objection").exists():
        _say(out, "==> demo data (loket seed --demo)")
        call_command("seed", demo=True, stdout=io.StringIO())
    teams = _teams(out)
    have_clients = Client.objects.filter(v_number__startswith="9").count()
    have_cases = Case.objects.filter(reference__startswith="BULK-").count()
    if have_clients >= clients and have_cases >= cases:
        _say(out, f"==> bulk data present: {have_clients:,} clients, {have_cases:,} cases")
        drawn = bulkassign.assign(team_ids=teams, out=out)
        return {"loaded": False, "clients": have_clients, "cases": have_cases, "seconds": 0, "draws": drawn}
    if have_clients or have_cases:
        raise SystemExit(
            f"a partial bulk load is in the database ({have_clients:,} clients, {have_cases:,} cases): "
            "remove the cluster folder (var/bench-pg) and run again"
        )
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    client_base = (Client.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    case_base = (Case.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    event_base = (CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    status_base = (CaseStatus.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    name_base = (ClientName.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    names = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(clients)]
    _say(out, f"==> bulk load: {clients:,} clients, {cases:,} cases (COPY)")
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg 3 cursor, for COPY
        try:  # the rows are consistent by construction: skip 5M deferred foreign-key checks at COMMIT
            with transaction.atomic():
                wrapper.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:  # not a superuser: the checks run, slower
            _say(out, "    (not a superuser: PostgreSQL checks every foreign key at COMMIT, which takes minutes)")
        _copy(
            cursor,
            Client,
            (
                {
                    "id": client_base + i,
                    "v_number": f"{9_000_000_000 + i}",
                    "display_name": f"{f} {last}",
                    "birth_year": 1950 + i % 55,
                    "birth_month": 1 + i % 12,
                    "birth_day": 1 + i % 28,
                    "birth_placeholder": False,
                    "nationality": "SY",
                    "language": "nl",
                    "created_at": now,
                    "updated_at": now,
                }
                for i, (f, last) in enumerate(names)
            ),
            clients,
            out,
            "clients",
        )
        _copy(
            cursor,
            ClientName,
            (
                {
                    "id": name_base + i,
                    "client_id": client_base + i,
                    "full_name": f"{f} {last}",
                    "script": "Latn",
                    "is_original": True,
                    "folded": f"{f} {last}".lower(),
                    "created_at": now,
                }
                for i, (f, last) in enumerate(names)
            ),
            clients,
            out,
            "client names",
        )
        kinds = ["application"] * 7 + ["objection"] * 2 + ["revocation"]

        def case_rows():
            for i in range(cases):
                kind = kinds[i % 10]
                received = today - timedelta(days=i % 400)
                row = {
                    "id": case_base + i,
                    "reference": f"BULK-{i:07d}",
                    "kind": kind,
                    "track": ("regular", "asylum", "naturalisation")[i % 3],
                    "accelerated": False,
                    "subject": SUBJECTS[kind],
                    "client_id": client_base + (i * 7919) % clients,
                    "team_id": teams[((i * 2654435761) >> 7) % len(teams)],
                    "opened_on": received,
                    "received_on": None if kind == "revocation" else received,
                    "due_on": received + timedelta(days=90 if kind != "objection" else 42),
                    "created_at": now,
                }
                if kind == "objection":
                    row.update(
                        contested_decided_on=received - timedelta(days=30),
                        contested_notified_on=received - timedelta(days=28),
                        contested_author_ref="E0902",
                        contested_signatory_ref="E0901",
                    )
                yield row

        _copy(cursor, Case, case_rows(), cases, out, "cases")
        _copy(
            cursor,
            CaseEvent,
            (
                {
                    "id": event_base + i,
                    "case_id": case_base + i,
                    "type": "received" if kinds[i % 10] != "revocation" else "intention_sent",
                    "on": today - timedelta(days=i % 400),
                    "recorded_at": now,
                }
                for i in range(cases)
            ),
            cases,
            out,
            "case events",
        )
        _copy(
            cursor,
            CaseStatus,
            (
                {
                    "id": status_base + i,
                    "case_id": case_base + i,
                    "status": "received",
                    "at": now,
                }
                for i in range(cases)
            ),
            cases,
            out,
            "case statuses",
        )
    _say(out, "==> ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    drawn = bulkassign.assign(team_ids=teams, out=out)
    seconds = round(time.monotonic() - started, 1)
    _say(out, f"==> bulk load done in {seconds} s")
    return {"loaded": True, "clients": clients, "cases": cases, "seconds": seconds, "draws": drawn}
