"""Need to know at scale (issue 15 item 3): the work queue stays an indexed query.

Builds N cases (default 1,000,000) over 100 teams and 2,000 officers with SQL on the
database in DATABASE_URL (run it under scripts/with-postgres), then times the first and a
deep page of the queue, ids first as the page reads it (loket/cases/pages.py), for an
officer (their assigned cases, `cases_assigned_due`), for an officer who broke the glass
for one case, and for a team lead; the baseline is the same page of the team lead's queue
before need to know (the unit filter alone). Prints JSON on its last line.

    PYTHONPATH=$PWD scripts/with-postgres .venv/bin/python bench/need_to_know.py --cases 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--officers", type=int, default=2000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    from loket.cases import access
    from loket.cases.models import Case
    from loket.cases.selectors import open_cases, open_cases_in
    from loket.core.models import Employee, OrgUnit, User
    from loket.core.roles import Role
    from loket.integrity.models import BreakGlass

    started = time.perf_counter()
    top = OrgUnit.objects.create(code="IND", name="IND")
    teams = OrgUnit.objects.bulk_create(
        [OrgUnit(code=f"T{n:03d}", name=f"Team {n}", parent=top) for n in range(args.teams)]
    )
    officer_group, _ = Group.objects.get_or_create(name=str(Role.DECISION_OFFICER))
    lead_group, _ = Group.objects.get_or_create(name=str(Role.TEAM_LEAD))
    users = User.objects.bulk_create([User(username=f"o{n}") for n in range(args.officers)])
    User.groups.through.objects.bulk_create([User.groups.through(user=u, group=officer_group) for u in users])
    Employee.objects.bulk_create(
        [Employee(number=f"E{n}", name=u.username, user=u, unit=teams[n % args.teams]) for n, u in enumerate(users)]
    )
    lead = User.objects.create(username="lead")
    lead.groups.add(lead_group)
    Employee.objects.create(number="L0", name="lead", user=lead, unit=teams[0])
    first_user = users[0].pk
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_case (reference, kind, track, accelerated, subject, team_id, opened_on, received_on,
                                    due_on, created_at, contested_author_ref, contested_signatory_ref, assigned_to_id)
            SELECT 'A-' || g, 'application', 'regular', false, '', %s + (g %% %s), DATE '2026-01-01',
                   DATE '2026-01-01', DATE '2026-03-01' + (g %% 300), now(), '', '', %s + (g %% %s)
            FROM generate_series(1, %s) AS g
            """,
            [teams[0].pk, args.teams, first_user, args.officers, args.cases],
        )
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    officer = User.objects.get(pk=users[0].pk)
    breaker = User.objects.get(pk=users[1].pk)
    BreakGlass.objects.create(
        user=breaker, case=Case.objects.filter(assigned_to=officer).first(), reason="bench", on=_today()
    )

    from loket.cases.pages import IdsFirstPaginator

    def ms(queryset, page) -> float:
        paginator = IdsFirstPaginator(queryset, 50)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            list(paginator.page(page).object_list)
            best = min(best, time.perf_counter() - start)
        return round(best * 1000, 1)

    results = {}
    for label, queryset in (
        ("baseline: team lead, unit filter only", open_cases_in(access.led_units(lead))),
        ("team lead (need to know)", open_cases(lead)),
        ("officer: assigned cases", open_cases(officer)),
        ("officer who broke the glass once", open_cases(breaker)),
    ):
        count = queryset.count()
        pages = max(1, (count + 49) // 50)
        results[label] = {"cases": count, "page 1 ms": ms(queryset, 1), "last page ms": ms(queryset, pages)}
        with connection.cursor() as cursor:
            ids = queryset.values_list("pk", flat=True)[:50]
            sql, params = ids.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
        results[label]["seq scan on cases"] = "Seq Scan on cases_case" in plan
    print(json.dumps({"bench": "need_to_know", "cases": args.cases, "build s": round(built, 1), "queues": results}))


def _today():
    from django.utils import timezone

    return timezone.localdate()


if __name__ == "__main__":
    main()
