"""The ORM baseline of bench/rules_audit.py (issue 4): the same cases as Django rows.

A sample of the generated cases is stored in a throw-away SQLite database as real rows:
``Case`` (with the contested decision), ``CaseEvent``, ``CaseStatus``, ``CaseRole``,
``DecisionDraft`` and the issued ``Decision`` (with its rule results and rule-set version).
The people are ``User`` rows named as in the file, so every label reads back the same;
events done by someone and the contested decision's people are user foreign keys, as they
are for staff in Loket. The rows are written with ``bulk_create`` instead of through
``issue_decision`` (which issues only today, under today's rules); what matters is that
``case_facts()`` and ``issued_case_facts()`` read them back into the same facts, and that
is checked on every stored case: both paths must give exactly the violations (rule,
outcome, message) that ``evaluate(parse_case(line))`` gives, or the benchmark stops.

Then two ways of auditing the same rows are timed:
(a) the simple per-case loop through the ORM: for each issued decision, in order,
    ``evaluate(case_facts(Case.objects.get(pk=…)))``; ``case_facts`` follows the relations
    one by one (the case, its events, the user behind each event, the contested people,
    the decision, its author, signatory and second reader), the naive N+1 way. Roles are
    not read: the facts take author, signatory and second reader from the decision.
(b) the project's path: ``audit_facts(issued_case_facts(), …)``, what ``loket rules audit``
    without ``--input`` runs (chunks of 2,000 decisions with joins, events prefetched).
Each is run ``rounds`` times, alternating; the best wall time counts (the 2 cores are shared).

Call :func:`use_throwaway_database` before anything else sets Django up: the calendar of
the rules reads the days equated with holidays from the database, and without the tables it
asks again for every day (the in-process loops would be timed on a broken calendar).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import date
from pathlib import Path


def use_throwaway_database(folder: Path) -> float:
    """Set Django up on a new SQLite file in ``folder``, migrated; returns the seconds migrate took.

    DEBUG is off, as in production: with it on, Django keeps every query in memory."""
    import django

    os.environ["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'orm-baseline.sqlite3'}"
    os.environ["LOKET_DEBUG"] = "0"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    assert connection.settings_dict["NAME"].endswith("orm-baseline.sqlite3"), "not the throw-away database"
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


def _results(cases, evaluate) -> list[dict]:
    return [
        {
            "ref": c.ref,
            "violations": [
                {"rule": v.rule, "outcome": v.outcome, "message": v.message} for v in evaluate(c, language="en")
            ],
        }
        for c in cases
    ]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _sample(source: Path, wanted: int):
    """The first ``wanted`` cases of the file that parse and carry a decision: (obj, facts)."""
    from loket.rules.facts import CaseFormatError, parse_case

    found = []
    with open(source, encoding="utf-8") as stream:
        for line in stream:
            try:
                obj = json.loads(line)
                facts = parse_case(obj)
            except (ValueError, CaseFormatError):
                continue
            if facts.decision is not None:
                found.append((obj, facts))
                if len(found) == wanted:
                    break
    return found


def _people(objs) -> set[str]:
    names = set()
    for obj in objs:
        d, c = obj["decision"], obj.get("contested") or {}
        names.update(
            p for p in (d["author"], d["signatory"], d.get("second_reader"), c.get("author"), c.get("signatory")) if p
        )
        names.update(e["by"] for e in obj.get("events") or () if e.get("by"))
    return names


def store(sample) -> dict:
    """Write the sampled cases as rows; returns what was written."""
    from django.db import transaction

    from loket.cases.models import Case, CaseEvent, CaseRole, CaseStatus
    from loket.core.models import OrgUnit, User
    from loket.decisions.models import Decision, DecisionDraft
    from loket.rules.engine import RULESET_VERSION, evaluate

    objs = [obj for obj, _ in sample]
    with transaction.atomic():
        team = OrgUnit.objects.create(code="BENCH", name="Bench team")
        users = {
            u.username: u
            for u in User.objects.bulk_create([User(username=name, password="!") for name in sorted(_people(objs))])
        }
        user = users.get
        cases = Case.objects.bulk_create(
            [
                Case(
                    reference=obj["ref"],
                    kind=obj["kind"],
                    track=obj["track"],
                    accelerated=bool(obj.get("accelerated")),
                    team=team,
                    received_on=_day(obj.get("received_on")),
                    posted_on=_day(obj.get("posted_on")),
                    opened_on=_day(obj.get("received_on") or obj["decision"]["decided_on"]),
                    contested_decided_on=_day((obj.get("contested") or {}).get("decided_on")),
                    contested_notified_on=_day((obj.get("contested") or {}).get("notified_on")),
                    contested_author=user((obj.get("contested") or {}).get("author")),
                    contested_signatory=user((obj.get("contested") or {}).get("signatory")),
                )
                for obj in objs
            ]
        )
        events, statuses, roles, drafts = [], [], [], []
        for case, obj in zip(cases, objs):
            d = obj["decision"]
            events += [
                CaseEvent(case=case, type=e["type"], on=_day(e["on"]), by=user(e.get("by")))
                for e in obj.get("events") or ()
            ]
            statuses += [CaseStatus(case=case, status="received"), CaseStatus(case=case, status="decided")]
            people = {("author", d["author"]), ("signatory", d["signatory"])}
            if d.get("second_reader"):
                people.add(("second_reader", d["second_reader"]))
            people |= {
                ("hearer", e["by"]) for e in obj.get("events") or () if e["type"] == "hearing_held" and e.get("by")
            }
            roles += [CaseRole(case=case, role=role, user=users[name]) for role, name in sorted(people)]
            drafts.append(
                DecisionDraft(
                    case=case,
                    outcome=d["outcome"],
                    reasons=d.get("reasons") or "",
                    author=users[d["author"]],
                    signatory=users[d["signatory"]],
                    second_reader=user(d.get("second_reader")),
                    hearing_exception=d.get("hearing_exception") or "",
                    revocation_ground=d.get("revocation_ground") or "",
                    departs_from_advice=bool(d.get("departs_from_advice")),
                    remedies_notice=d.get("remedies_notice") or "",
                )
            )
        CaseEvent.objects.bulk_create(events)
        CaseStatus.objects.bulk_create(statuses)
        CaseRole.objects.bulk_create(roles)
        DecisionDraft.objects.bulk_create(drafts)
        Decision.objects.bulk_create(
            [
                Decision(
                    case=draft.case,
                    draft=draft,
                    decided_on=facts.decision.decided_on,
                    outcome=draft.outcome,
                    reasons=draft.reasons,
                    author=draft.author,
                    signatory=draft.signatory,
                    second_reader=draft.second_reader,
                    hearing_exception=draft.hearing_exception,
                    revocation_ground=draft.revocation_ground,
                    departs_from_advice=draft.departs_from_advice,
                    remedies_notice=draft.remedies_notice,
                    rule_results=[v.as_dict() for v in evaluate(facts, language="en")],
                    ruleset_version=RULESET_VERSION,
                    issued_by=draft.author,
                )
                for draft, (_, facts) in zip(drafts, sample)
            ]
        )
    return {
        "cases": len(cases),
        "events": len(events),
        "roles": len(roles),
        "statuses": len(statuses),
        "users": len(users),
    }


def loop_through_orm(case_ids) -> list[dict]:
    """(a) One case at a time, every relation fetched when it is touched."""
    from loket.cases.models import Case
    from loket.decisions.selectors import case_facts
    from loket.rules.engine import evaluate

    return _results((case_facts(Case.objects.get(pk=pk)) for pk in case_ids), evaluate)


def project_path() -> list[dict]:
    """(b) ``loket rules audit`` without --input: issued_case_facts() into audit_facts()."""
    from loket.decisions.selectors import issued_case_facts
    from loket.rules.audit import audit_facts

    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        audit_facts(issued_case_facts(), out, language="en")
        out.seek(0)
        return [json.loads(line) for line in out]


def _timed(run) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - started, time.process_time() - cpu


def _queries(run) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return len(captured)


def orm_baseline(source: Path, wanted: int, rounds: int = 2) -> dict:
    """Store ``wanted`` cases, check both ORM paths against the file, and time them."""
    from django.db import connection

    from loket.decisions.models import Decision
    from loket.rules.engine import evaluate

    assert connection.settings_dict["NAME"].endswith("orm-baseline.sqlite3"), "not the throw-away database"
    sample = _sample(source, wanted)
    started = time.perf_counter()
    written = store(sample)
    stored = time.perf_counter() - started

    case_ids = list(Decision.objects.order_by("pk").values_list("case_id", flat=True))
    expected = _results((facts for _, facts in sample), evaluate)
    loop = lambda: loop_through_orm(case_ids)  # noqa: E731
    checks = {"orm_loop": loop(), "issued_case_facts": project_path()}  # also the warm-up of both paths
    for name, got in checks.items():
        wrong = [(e["ref"], e["violations"], g["violations"]) for e, g in zip(expected, got) if e != g]
        if len(got) != len(expected) or wrong:
            raise SystemExit(
                f"{name} reads back other facts than the file ({len(got)} of {len(expected)} cases, "
                f"{len(wrong)} differ), e.g. {wrong[:2]}"
            )
    some = case_ids[:200]
    queries_loop = _queries(lambda: loop_through_orm(some)) / len(some)
    queries_path = _queries(project_path)

    times = {"orm_loop": [], "issued_case_facts": []}
    for _ in range(rounds):
        for name, run in (("orm_loop", loop), ("issued_case_facts", project_path)):
            times[name].append(_timed(run))
    n = len(case_ids)

    def figures(name, queries):
        seconds, cpu = min(times[name])
        return {
            "cases": n,
            "rounds": rounds,
            "seconds": round(seconds, 3),
            "seconds_each_round": [round(s, 3) for s, _ in times[name]],
            "per_second": round(n / seconds),
            "cpu_us_per_case": round(cpu / n * 1e6, 1),
            "queries": queries,
        }

    return {
        "build": {"store_seconds": round(stored, 1), **written, "checked_same_violations_as_file": n},
        "orm_loop": figures("orm_loop", round(queries_loop, 1)) | {"queries_are": "per case (first 200)"},
        "issued_case_facts": figures("issued_case_facts", queries_path) | {"queries_are": f"for all {n} cases"},
    }
