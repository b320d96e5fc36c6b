"""Queue pages at scale (issue 12): EXPLAIN ANALYZE of a page of the case queue read in one
OFFSET query (the baseline, Django's plain Paginator) and ids first, then the page's rows
(pages.IdsFirstPaginator), for a team's officer and a department head, first and deep pages.

Needs the cluster and bulk rows of bench/load.py (var/bench-pg, or DATABASE_URL); it reads
only. Prints its figures as JSON on the last line.
    .venv/bin/python bench/queue_pages.py --users objection,headobjections --pages 1,100,200
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import pgcluster  # noqa: E402  (a sibling module, found through the path set above)

PER_PAGE = 50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", default=str(HERE.parent / "var" / "bench-pg"))
    parser.add_argument("--users", default="objection,headobjections")
    parser.add_argument("--pages", default="1,100,200")
    args = parser.parse_args()
    url, _cluster = pgcluster.from_env(Path(args.folder))
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from loket.cases import selectors

    def ms(queryset) -> float:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
            last = cursor.fetchall()[-1][0]
        return float(re.search(r"([\d.]+) ms", last).group(1))

    results = []
    for name in args.users.split(","):
        user = get_user_model().objects.get(username=name)
        for number in map(int, args.pages.split(",")):
            cases = selectors.open_cases(user)
            bottom = (number - 1) * PER_PAGE
            ids_query = cases.values_list("pk", flat=True)[bottom : bottom + PER_PAGE]
            row = {
                "user": name,
                "page": number,
                "one_query_ms": ms(cases[bottom : bottom + PER_PAGE]),
                "ids_ms": ms(ids_query),
                "rows_ms": ms(cases.filter(pk__in=list(ids_query))),
            }
            row["ids_first_ms"] = round(row["ids_ms"] + row["rows_ms"], 3)
            print(row, file=sys.stderr)
            results.append(row)
    print(json.dumps({"per_page": PER_PAGE, "pages": results}))


if __name__ == "__main__":
    main()
