"""Server CPU per request of each page of the load mix (bench/locustfile.py), measured inside
one process against the bench cluster of bench/load.py: the web process's CPU (Python),
the CPU of its PostgreSQL backend, the number of queries and of Python function calls, per
page. CPU time depends less than wall time on how busy the shared machine is, and the
function calls not at all, so a change can be judged while others run. With --profile PAGE, the cProfile of that page (cumulative, top 40).

    PYTHONPATH=$PWD .venv/bin/python bench/load_profile.py            # every page, 30 times each
    PYTHONPATH=$PWD .venv/bin/python bench/load_profile.py --profile "case page"

Prints JSON on its last line.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import bulkassign  # noqa: E402
import pgcluster  # noqa: E402


def _backend_ticks(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def pages(users) -> list[tuple[str, str, str, str, dict | None]]:
    """(name, user, method, path, data): the mix's requests, as its users make them."""
    from loket.cases.models import Case
    from loket.contact.models import Question

    officer = users["officer"]
    own = list(Case.objects.filter(assigned_to=officer).order_by("due_on").values_list("pk", flat=True)[:50])
    objections = list(
        Case.objects.filter(assigned_to=users["objector"]).order_by("due_on").values_list("pk", flat=True)[:50]
    )
    question = Question.objects.order_by("-pk").values_list("pk", flat=True).first()
    bulk = Case.objects.filter(reference__startswith="BULK-").order_by("pk").values_list("pk", flat=True)
    first, count = bulk.first(), bulk.count()
    contact = {
        "name": "Bench Client",
        "email": "client@bench.example",
        "topic": "status",
        "subject": "Hoe staat mijn aanvraag ervoor?",
        "body": "Ik wacht al lang op een beslissing op mijn aanvraag.",
        "answer_channel": "email",
        "v_number": "9000000001",
    }
    report = {"description": "De balie was wekenlang dicht.", "category": "other", "anonymity": "anonymous"}
    return [
        ("portal home", "", "GET", "/", None),
        ("contact form", "", "GET", "/contact/", None),
        ("contact form sent", "", "POST", "/contact/", contact),
        ("contact queue", "agent", "GET", "/desk/contact/", None),
        ("contact question", "agent", "GET", f"/desk/contact/questions/{question}/", None),
        ("contact tasks", "agent", "GET", "/desk/contact/tasks/", None),
        ("case queue", "officer", "GET", "/desk/cases/", None),
        ("case queue (head)", "head", "GET", "/desk/cases/", None),
        ("case queue (objection)", "objector", "GET", "/desk/cases/", None),
        ("case page", "officer", "GET", lambda: f"/desk/cases/{random.choice(own)}/", None),
        ("case page (objection)", "objector", "GET", lambda: f"/desk/cases/{random.choice(objections)}/", None),
        ("case page (head)", "head", "GET", lambda: f"/desk/cases/{first + random.randrange(count)}/", None),
        ("case queue page N", "officer", "GET", lambda: f"/desk/cases/?page={random.randint(2, 100)}", None),
        ("case API", "officer", "GET", lambda: f"/api/v1/cases/{random.choice(own)}", None),
        ("rules API", "officer", "GET", "/api/v1/rules/", None),
        ("report form", "", "GET", "/melden/", None),
        ("report sent (web)", "", "POST", "/melden/", report),
    ]


def measure(repeat: int, only: str | None, profile: str | None, sort: str = "cumulative") -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {
        "agent": get_user_model().objects.get(username="agent"),
        "officer": get_user_model().objects.get(username=bulkassign.officer_name(3, "d", 2)),
        "objector": get_user_model().objects.get(username=bulkassign.officer_name(3, "o", 1)),
        "head": get_user_model().objects.get(username="headobjections"),
    }
    clients = {"": Client()}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for name, who, method, path, data in pages(users):
        if only and name != only and name != profile:
            continue
        client = clients[who]

        def once(path=path, client=client, method=method, data=data, name=name):
            target = path() if callable(path) else path
            response = client.post(target, data) if method == "POST" else client.get(target)
            if response.status_code not in (200, 302, 201):
                raise SystemExit(f"{name}: {target} gave {response.status_code}")
            return response

        for _ in range(3):
            once()
        profiler = cProfile.Profile(time.process_time) if name == profile else None  # CPU, not wall time
        db_before, cpu_before, wall = _backend_ticks(connection), time.process_time(), time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            if profiler:
                profiler.enable()
            for _ in range(repeat):
                once()
            if profiler:
                profiler.disable()
        cpu = (time.process_time() - cpu_before) * 1000 / repeat
        db = (_backend_ticks(connection) - db_before) * 1000 / tick / repeat
        found[name] = {
            "python_cpu_ms": round(cpu, 1),
            "db_cpu_ms": round(db, 1),
            "queries": round(len(queries.captured_queries) / repeat, 1),
            "wall_ms": round((time.monotonic() - wall) * 1000 / repeat, 1),
        }
        counter = cProfile.Profile()
        counter.enable()
        for _ in range(5):
            once()
        counter.disable()
        # Python function calls per request: a figure the neighbours' load does not change
        found[name]["python_calls"] = round(pstats.Stats(counter).total_calls / 5)
        reset_queries()
        print(f"{name:<22} {json.dumps(found[name])}", file=sys.stderr)
        if profiler:
            pstats.Stats(profiler, stream=sys.stderr).sort_stats(sort).print_stats(40)
    return found


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--page", help="only this page")
    parser.add_argument("--profile", help="cProfile this page")
    parser.add_argument("--sort", default="cumulative", help="the profile's order: cumulative or tottime")
    parser.add_argument("--folder", default=str(HERE.parent / "var" / "bench-pg"))
    args = parser.parse_args(argv)
    url, _cluster = pgcluster.from_env(Path(args.folder))
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="loket.settings",
        LOKET_DEBUG="0",
        LOKET_HTTPS="0",
        LOKET_ALLOWED_HOSTS="testserver,localhost",
        LOKET_SECRET_KEY=os.environ.get("LOKET_SECRET_KEY", "bench-profile-" + "x" * 40),
    )
    import django

    django.setup()
    import logging

    logging.getLogger("loket.request").setLevel(logging.ERROR)  # one line per request: not here
    logging.getLogger("django.request").setLevel(logging.ERROR)
    pages_cpu = measure(args.repeat, args.page, args.profile, args.sort)
    return {"benchmark": "load_profile", "repeat": args.repeat, "loadavg": os.getloadavg(), "pages": pages_cpu}


if __name__ == "__main__":
    print(json.dumps(main()))
