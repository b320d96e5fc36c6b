"""Benchmark of the reporting channel at scale: 10,000 reports, then an intake and a
handler's list, each timed against a plain baseline in the same run.

    .venv/bin/python bench/whistle.py [--reports 10000] [--n 200] [--keep]

Runs on a throw-away SQLite file in a temporary folder (DATABASE_URL is set before Django
starts, then ``migrate``, or a copy of a migrated file: ``bench/migrated.py``). The last line of output is JSON with the figures.

How the bulk is built (stated in the output too): the reports are real rows with real
encryption — one random key per report, content and messages encrypted with it
(XSalsa20-Poly1305) and the key sealed for every handler (X25519 sealed boxes) — written
with ``bulk_create``. What is skipped for the bulk is the argon2id run of each receipt
(~19 MiB, about 40-80 ms each): bulk rows get a random 32-byte lookup hash instead, so
they cannot be opened with a receipt. Each bulk report gets one audit entry through the
real hash-chained ``audit.record``. The timed intakes go through ``services.submit_report``
in full, argon2id included.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS_MS = {"intake_p95": 150.0, "list_p95": 100.0}
PASSWORD = "bench-handler-passphrase"
_WORDS = (
    "loket balie afspraak dossier bezwaar beslissing hoorzitting termijn medewerker leidinggevende "
    "betaling envelop klant tolk declaratie archief post telefoon wachttijd register"
)
WORDS = _WORDS.split()


def _setup_django(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "loket.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["LOKET_VAR_DIR"] = str(folder)
    os.environ["LOKET_HTTPS"] = "0"  # Django's test client speaks plain HTTP (no proxy in front)
    (folder / "static").mkdir(exist_ok=True)  # STATIC_ROOT, so that whitenoise does not warn
    os.environ["LOKET_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["LOKET_DEBUG"] = "0"
    os.environ.setdefault("LOKET_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from migrated import migrate

    migrate()


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p):
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    return {
        "n": len(ordered),
        "p50_ms": round(pct(0.50), 2),
        "p95_ms": round(pct(0.95), 2),
        "max_ms": round(ordered[-1], 2),
        "mean_ms": round(sum(ordered) / len(ordered), 2),
    }


def timed(fn, n: int) -> list[float]:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def timed_pair(measured, baseline, n: int) -> tuple[list[float], list[float]]:
    """Both, alternately, so that the baseline meets the same load on a shared machine."""
    a, b = [], []
    for i in range(n):
        a.extend(timed(lambda _j, i=i: measured(i), 1))
        b.extend(timed(lambda _j, i=i: baseline(i), 1))
    return a, b


def progress(label: str, done: int, total: int, started: float) -> None:
    print(f"  {label}: {done:>6}/{total} ({time.perf_counter() - started:5.1f} s)", flush=True)


def _sentence(rng: random.Random, words: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


# --- the organisation and the staff -------------------------------------------------------------


def build_staff():
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.core.models import Employee, OrgUnit, User
    from loket.core.roles import Role
    from loket.whistle.keyring import ensure_keypair

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    top = OrgUnit.objects.create(code="IND", name="Directorate")
    integrity = OrgUnit.objects.create(code="INT", name="Integrity", parent=top)
    employees = []
    n = 0
    for d in range(5):
        dept = OrgUnit.objects.create(code=f"D{d}", name=f"Department {d}", parent=top)
        for t in range(4):
            team = OrgUnit.objects.create(code=f"D{d}T{t}", name=f"Team {d}.{t}", parent=dept)
            for _e in range(10):
                n += 1
                employees.append(Employee(number=f"B{n:05d}", name=f"Employee {n}", unit=team))
    Employee.objects.bulk_create(employees)
    staff = {}
    for username, role in [("officer", Role.INTEGRITY_OFFICER)] + [
        (f"handler{i}", Role.REPORT_HANDLER) for i in range(1, 6)
    ]:
        user = User.objects.create_user(username, email=f"{username}@bench.example", password=PASSWORD)
        user.groups.add(Group.objects.get(name=role))
        Employee.objects.create(number=f"S-{username}", name=username.title(), unit=integrity, user=user)
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        ensure_keypair(user, PASSWORD)
        staff[username] = user
    return staff, list(Employee.objects.filter(number__startswith="B").values_list("pk", flat=True))


# --- 10,000 reports in bulk ----------------------------------------------------------------------


def build_reports(total: int, staff: dict, employee_ids: list[int], rng: random.Random) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from loket.core import audit
    from loket.whistle import crypto
    from loket.whistle.models import (
        Allegation,
        Anonymity,
        Category,
        Channel,
        Message,
        NamedPerson,
        Report,
        ReportKey,
        Stage,
    )
    from loket.whistle.services.intake import REFERENCE_ALPHABET, acknowledge_due_for, feedback_due_for

    publics = [(user, bytes(user.whistle_keys.public_key)) for user in staff.values()]
    now = timezone.now()
    stages = (
        [Stage.RECEIVED] * 5
        + [Stage.ACKNOWLEDGED] * 15
        + [Stage.INVESTIGATING] * 25
        + [Stage.FEEDBACK_SENT] * 15
        + [Stage.CLOSED] * 40
    )
    counts = {"reports": 0, "sealed_keys": 0, "messages": 0, "allegations": 0, "named_persons": 0}
    started = time.perf_counter()
    batch = 500
    for offset in range(0, total, batch):
        reports, keys, extras = [], {}, []
        for i in range(offset, min(offset + batch, total)):
            key = crypto.new_report_key()
            received = now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440))
            stage = rng.choice(stages)
            ack_due = acknowledge_due_for(timezone.localdate(received))
            acknowledged = received + timedelta(days=rng.randint(0, 9)) if stage != Stage.RECEIVED else None
            ack_on = timezone.localdate(acknowledged) if acknowledged else None
            feedback = (
                acknowledged + timedelta(days=rng.randint(20, 95))
                if stage in (Stage.FEEDBACK_SENT, Stage.CLOSED)
                else None
            )
            anonymity = rng.choice(Anonymity.values)
            reference = f"B-{received.year}-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(7))
            reports.append(
                Report(
                    reference=reference,
                    received_at=received,
                    channel=rng.choice([Channel.WEB, Channel.WEB, Channel.API]),
                    anonymity=anonymity,
                    category=rng.choice(Category.values),
                    stage=stage,
                    acknowledge_due=ack_due,
                    feedback_due=feedback_due_for(ack_on, ack_due),
                    acknowledged_at=acknowledged,
                    feedback_sent_at=feedback,
                    closed_at=feedback + timedelta(days=5) if stage == Stage.CLOSED else None,
                    receipt_hash=os.urandom(32),
                    reporter_key_box=crypto.encrypt(os.urandom(32), key),
                    content_box=crypto.encrypt_json(
                        key,
                        {
                            "description": _sentence(rng, 80),
                            "happened_when": "",
                            "happened_where": rng.choice(WORDS),
                            "involved": "",
                        },
                    ),
                    identity_box=None
                    if anonymity == Anonymity.ANONYMOUS
                    else crypto.encrypt_json(
                        key, {"name": f"Reporter {i}", "email": "", "phone": "", "employee_number": ""}
                    ),
                )
            )
            keys[reference] = key
            extras.append((stage, acknowledged, rng.random() < 0.10))
        with transaction.atomic():
            Report.objects.bulk_create(reports)
            saved = {r.reference: r for r in Report.objects.filter(reference__in=keys)}
            sealed, messages, allegations, named = [], [], [], []
            for report, (stage, acknowledged, names_someone) in zip(reports, extras):
                report = saved[report.reference]
                key = keys[report.reference]
                sealed.extend(
                    ReportKey(report=report, user=user, sealed_key=crypto.seal(public, key)) for user, public in publics
                )
                if acknowledged:
                    messages.append(
                        Message(
                            report=report,
                            kind=Message.Kind.ACKNOWLEDGEMENT,
                            created_at=acknowledged,
                            body_box=crypto.encrypt(key, "Ontvangen."),
                        )
                    )
                    messages.append(
                        Message(
                            report=report,
                            kind=Message.Kind.QUESTION,
                            created_at=acknowledged,
                            body_box=crypto.encrypt(key, _sentence(rng, 15)),
                        )
                    )
                if stage in (Stage.INVESTIGATING, Stage.FEEDBACK_SENT, Stage.CLOSED):
                    decided = stage != Stage.INVESTIGATING
                    allegations.append(
                        Allegation(
                            report=report,
                            number=1,
                            summary_box=crypto.encrypt(key, _sentence(rng, 10)),
                            outcome=Allegation.Outcome.SUBSTANTIATED if decided else Allegation.Outcome.OPEN,
                            reasons_box=crypto.encrypt(key, _sentence(rng, 20)) if decided else None,
                        )
                    )
                if names_someone:
                    named.append(NamedPerson(report=report, employee_id=rng.choice(employee_ids)))
                audit.record(actor="bench", action="whistle.report.received", obj=report, data={"bulk": True})
            ReportKey.objects.bulk_create(sealed)
            Message.objects.bulk_create(messages)
            Allegation.objects.bulk_create(allegations)
            NamedPerson.objects.bulk_create(named)
        counts["reports"] += len(reports)
        counts["sealed_keys"] += len(sealed)
        counts["messages"] += len(messages)
        counts["allegations"] += len(allegations)
        counts["named_persons"] += len(named)
        progress("reports built", counts["reports"], total, started)
    counts["build_seconds"] = round(time.perf_counter() - started, 1)
    return counts


# --- the measurements ----------------------------------------------------------------------------


def bench_intake(n: int, rng: random.Random) -> tuple[dict, dict]:
    from django.utils import timezone

    from loket.whistle.models import Report
    from loket.whistle.services import ReportInput, submit_report
    from loket.whistle.services.intake import acknowledge_due_for, feedback_due_for

    inputs = [
        ReportInput(
            description=_sentence(rng, 80),
            anonymity=rng.choice(["anonymous", "confidential"]),
            category="service_failure",
            happened_where="Loket",
        )
        for _ in range(n)
    ]
    for data in inputs:
        if data.anonymity == "confidential":
            data.reporter_name = "Bench Reporter"

    def intake(i):
        submit_report(inputs[i])

    def plain(i):  # the baseline: one unencrypted row, no receipt, no keys, no audit entry
        today = timezone.localdate()
        ack_due = acknowledge_due_for(today)
        Report.objects.create(
            reference=f"P-{i:08d}",
            received_at=timezone.now(),
            channel="web",
            anonymity="anonymous",
            category="other",
            acknowledge_due=ack_due,
            feedback_due=feedback_due_for(None, ack_due),
            content_box=inputs[i].description.encode(),
        )

    measured, base = timed_pair(intake, plain, n)
    return stats(measured), stats(base)


def bench_list(n: int, staff: dict) -> tuple[dict, dict, str, dict]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django_otp.oath import totp

    from loket.whistle.models import Report
    from loket.whistle.selectors import handler_queue

    user = staff["handler1"]

    def selector(_i):
        rows = list(handler_queue(user)[:50])
        assert len(rows) == 50

    def plain(_i):
        rows = list(Report.objects.all()[:50])
        assert len(rows) == 50

    selector_samples, plain_samples = timed_pair(selector, plain, n)
    try:
        url = reverse("desk:reports:list")
    except NoReverseMatch:
        return stats(selector_samples), stats(plain_samples), "selectors.handler_queue, a page of 50 rows", {}
    client = Client()
    device = user.totpdevice_set.get()
    response = client.post(
        reverse("core:login"),
        {
            "username": user.username,
            "password": PASSWORD,
            "otp_token": f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}",
        },
    )
    if response.status_code not in (302, 303):
        raise SystemExit(f"could not sign the bench handler in: HTTP {response.status_code}")

    def page(_i):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    view_samples, plain_samples = timed_pair(page, plain, n)
    return (
        stats(view_samples),
        stats(plain_samples),
        f"Django test client GET {url} (signed in with password and TOTP)",
        {"selector_handler_queue_50": stats(selector_samples)},
    )


def argon2_alone(n: int = 20) -> dict:
    """The receipt's argon2id run by itself: the floor under every intake, and a gauge of
    how busy the machine was (it is pure CPU and memory)."""
    from loket.whistle import crypto

    return stats(timed(lambda i: crypto.receipt_secrets(f"{i:016d}"), n))


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "python": sys.version.split()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=10_000, help="reports to build (default 10000)")
    parser.add_argument("--n", type=int, default=200, help="timed requests of each kind (default 200)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database folder")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="loket-bench-whistle-"))
    rng = random.Random(args.seed)
    load_start = os.getloadavg()
    try:
        print(f"Database: {folder / 'bench.sqlite3'} (SQLite, throw-away)", flush=True)
        _setup_django(folder)
        staff, employee_ids = build_staff()
        print(
            f"Building {args.reports} reports in bulk: real per-report keys and encryption, keys sealed for "
            f"{len(staff)} handlers, bulk_create; the argon2id receipt hash is replaced by random bytes for "
            "bulk rows only (they cannot be opened by receipt); one audit entry each through audit.record.",
            flush=True,
        )
        built = build_reports(args.reports, staff, employee_ids, rng)
        print(
            f"Timing {args.n} intakes through services.submit_report (no attachment, argon2id included) "
            "against a plain unencrypted Report.objects.create ...",
            flush=True,
        )
        intake, intake_base = bench_intake(args.n, rng)
        print(
            f"  intake p50 {intake['p50_ms']} ms, p95 {intake['p95_ms']} ms, max {intake['max_ms']} ms; "
            f"baseline p95 {intake_base['p95_ms']} ms",
            flush=True,
        )
        print(f"Timing {args.n} handler list requests against a plain Report.objects.all()[:50] ...", flush=True)
        listing, list_base, list_how, extra = bench_list(args.n, staff)
        print(
            f"  list ({list_how}): p50 {listing['p50_ms']} ms, p95 {listing['p95_ms']} ms, "
            f"max {listing['max_ms']} ms; baseline p95 {list_base['p95_ms']} ms",
            flush=True,
        )
        argon2 = argon2_alone()
        print(
            f"  one receipt argon2id alone: p50 {argon2['p50_ms']} ms (load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores)",
            flush=True,
        )
        from loket.whistle.models import Report

        result = {
            "benchmark": "whistle",
            "reports_in_database": Report.objects.count(),
            "built": built,
            "bulk_method": "bulk_create with real per-report encryption and sealed keys; receipt argon2id "
            "skipped for bulk rows (random lookup hash); one audit.record per report",
            "intake": {
                **intake,
                "baseline": intake_base,
                "ratio_p95": round(intake["p95_ms"] / intake_base["p95_ms"], 1),
                "target_p95_ms": TARGETS_MS["intake_p95"],
                "meets_target": intake["p95_ms"] < TARGETS_MS["intake_p95"],
            },
            "list": {
                **listing,
                "how": list_how,
                "baseline": list_base,
                "ratio_p95": round(listing["p95_ms"] / list_base["p95_ms"], 1),
                "target_p95_ms": TARGETS_MS["list_p95"],
                "meets_target": listing["p95_ms"] < TARGETS_MS["list_p95"],
                **extra,
            },
            "receipt_argon2id_alone": argon2,
            "database": "sqlite",
            "machine": machine(),
            "load_average_1min": {"start": round(load_start[0], 2), "end": round(os.getloadavg()[0], 2)},
        }
    finally:
        if args.keep:
            print(f"Kept {folder}", flush=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
