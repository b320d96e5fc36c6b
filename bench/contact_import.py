"""Benchmark of issue 3: ``loket contact import`` of 100,000 contacts on SQLite or PostgreSQL.

    .venv/bin/python bench/contact_import.py [--contacts 100000] [--seed 11] [--workers 1]
                                             [--baseline 10000] [--workdir DIR]
                                             [--database sqlite|postgresql] [--pg-folder DIR]

``--database postgresql`` runs the same import against a PostgreSQL 15 cluster that it
starts itself (``bench/pgcluster.py``, under ``--pg-folder``; its database is emptied
first), or against ``DATABASE_URL`` when that names a PostgreSQL database.

The contacts come from bench/contact_data.py (realistic variation: transliterations,
several channels per question, e-mail threads, family phones); every one goes through
the clients app's matching service and then grouping, exactly as the command does. The
same file is then imported a second time (it must add nothing) and exported. As a
baseline in the same run, the first ``--baseline`` contacts are imported once more with
one ``link_contact`` call per contact, and once with the batch form, into an emptied
database each time: their ratio is the gain of the batch form at that size.

Reported: contacts per second of wall-clock time and per CPU-second of this process
(the machine may be shared; CPU time says what the import itself costs), and how the
time divides between the matching service and the rest of the import. The figures are
printed as JSON on the last line of stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import migrated  # noqa: E402  (sibling modules, found through the path set above)
import pgcluster  # noqa: E402


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def make_file(path: Path, n: int, seed: int) -> int:
    """Write ``n`` contacts in the import format (about 3.8 contacts per person)."""
    from contact_data import generate

    contacts, _truth = generate(persons=n // 3 + 100, seed=seed)
    with path.open("w", encoding="utf-8") as out:
        for contact in contacts[:n]:
            out.write(json.dumps(contact, ensure_ascii=False) + "\n")
    return min(n, len(contacts))


class Clock:
    """Wall-clock and CPU time spent inside one function (the matching service)."""

    def __init__(self):
        self.wall = self.cpu = 0.0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - w
                self.cpu += time.process_time() - c

        return timed


def backend_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL backend serving this process's connection
    (None on SQLite, which runs inside this process): on a shared machine the wall clock
    says little, and the database's work is part of what an import costs."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import(path: Path, label: str, workers: int) -> dict:
    from loket.contact.services import import_jsonl

    server = backend_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    last = [0.0]

    def show(report):
        if time.perf_counter() - last[0] > 5:
            last[0] = time.perf_counter()
            progress(
                f"{label}: {report.lines:,} lines, {report.stored:,} stored, {report.duplicates:,} already "
                f"there, {len(report.bad)} bad, {report.rate:,.0f} contacts/s"
            )

    with path.open("rb") as lines:
        report = import_jsonl(lines, actor="bench", source=str(path), progress=show, workers=workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = report.stored or report.duplicates
    server = backend_cpu() - server if server is not None else None
    both = (
        {
            "database_cpu_seconds": round(server, 1),
            # this process and its database backend together (the reading process aside)
            "contacts_per_cpu_second_with_database": round(done / (cpu + server), 1),
        }
        if server is not None
        else {}
    )
    return {
        "lines": report.lines,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "bad_lines": len(report.bad),
        "questions_opened": report.questions,
        "regrouped": report.regrouped,
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "contacts_per_second": round(done / wall, 1),
        "contacts_per_cpu_second": round(done / cpu, 1),
        # a first import learns the matching weights from the file before it stores a line
        # (contact/services/first_import.py): once per register, counted in the figures above
        "weights_learned_from": report.learned.contacts,
        "learning_seconds": round(report.learned.seconds, 1),
        "contacts_per_second_after_learning": round(done / (wall - report.learned.seconds), 1),
        **both,
    }


def compare_with_one_by_one(workdir: Path, args) -> dict:
    """The simple way, in the same run: the first ``--baseline`` contacts imported with one
    ``link_contact`` call per contact (the matching service's plain form), then the same
    contacts with the batch form, each into an emptied database."""
    from django.core.management import call_command

    from loket.contact import clientlink

    subset = workdir / "baseline.jsonl"
    n = make_file(subset, args.baseline, args.seed)
    batched_link_many = clientlink.link_many

    def one_by_one(datas, *, actor, parsed=None, log=None):  # link_contact records its own entries
        out = []
        for data in datas:
            try:
                out.append(clientlink.link(data, actor=actor))
            except ValueError as exc:
                out.append(exc)
        return out

    runs = {}
    for label, link_many in (("one_by_one", one_by_one), ("batched", batched_link_many)):
        call_command("flush", verbosity=0, interactive=False)
        clientlink.link_many = link_many
        runs[label] = run_import(subset, f"{n:,} contacts, {label.replace('_', ' ')}", args.workers)
    clientlink.link_many = batched_link_many
    return {
        "contacts": n,
        **runs,
        "speedup": round(runs["batched"]["contacts_per_second"] / runs["one_by_one"]["contacts_per_second"], 2),
    }


def postgres_url(args) -> str:
    """DATABASE_URL when it names PostgreSQL, else a cluster of our own; either way with
    an empty schema, so every run starts from the same empty database."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        return url
    cluster = pgcluster.Cluster(Path(args.pg_folder), port=args.pg_port)
    cluster.ensure()
    cluster.psql("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
    return cluster.url


def database_bytes(sqlite_file: Path) -> int:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return cursor.fetchone()[0]
    return sqlite_file.stat().st_size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes reading lines ahead of the storing, as `loket contact import` (default 1)",
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=10_000,
        help="contacts imported again with one link_contact call each, for comparison (0: skip)",
    )
    parser.add_argument("--workdir", help="keep the database and files here (default: a temporary directory)")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--pg-folder", default=str(ROOT / "var" / "bench-pg-import"), help="the PostgreSQL cluster's folder"
    )
    parser.add_argument("--pg-port", type=int, default=54361)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        db = workdir / "import.sqlite3"
        if args.database == "postgresql":
            os.environ["DATABASE_URL"] = postgres_url(args)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            os.environ["DATABASE_URL"] = f"sqlite:///{db}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
        os.environ.setdefault("LOKET_DEBUG", "0")  # as in production: no SQL kept per query
        import django

        django.setup()

        from loket.contact import clientlink
        from loket.contact.services import export_jsonl

        migrated.migrate()
        data = workdir / "contacts.jsonl"
        n = make_file(data, args.contacts, args.seed)
        progress(f"{n:,} contacts written to {data}")

        clock = Clock()
        clientlink.link_many = clock.wrap(clientlink.link_many)
        first = run_import(data, "first import", args.workers)
        first["matching_seconds"] = round(clock.wall, 1)
        first["matching_cpu_seconds"] = round(clock.cpu, 1)
        rest_wall, rest_cpu = first["seconds"] - clock.wall, first["cpu_seconds"] - clock.cpu
        # What the import costs besides the matching service: parsing, grouping, storing.
        first["without_matching_contacts_per_second"] = round(first["stored"] / rest_wall, 1) if rest_wall > 0 else None
        first["without_matching_contacts_per_cpu_second"] = (
            round(first["stored"] / rest_cpu, 1) if rest_cpu > 0 else None
        )
        second = run_import(data, "same file again", args.workers)
        started = time.perf_counter()
        with (workdir / "export.jsonl").open("w", encoding="utf-8") as out:
            exported = export_jsonl(out, actor="bench")
        export_seconds = round(time.perf_counter() - started, 1)
        baseline = compare_with_one_by_one(workdir, args) if args.baseline else None
        figures = {
            "contacts": n,
            "seed": args.seed,
            "workers": args.workers,
            "first_import": first,
            "second_import": second,
            "baseline": baseline,
            "export": {"contacts": exported, "seconds": export_seconds},
            "target_contacts_per_second": 2000 if args.database == "sqlite" else 1000,
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "database": args.database,
            "db_mb": round(database_bytes(db) / 2**20),
            "load_average": [round(x, 1) for x in os.getloadavg()],
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
