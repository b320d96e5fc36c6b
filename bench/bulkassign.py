"""Bench officers in every team, and every bulk case drawn for one of them (issue 15's need
to know: a case is readable by its assigned officer, not by the rest of the unit).

Recorded as :func:`loket.integrity.services.assignment.draw` records it, in bulk: the case's
``assigned_to``, an :class:`AssignmentDraw` row (seed, candidates with their workload
weights, the one drawn, so that ``replay`` gives the same officer) and a chained
``cases.case.assigned`` audit entry by the system; all by COPY. The draw is the real
:func:`pick` over the team's qualified officers, weighted by the open cases each holds so far.

Bench officers are named :func:`officer_name` (the locustfile signs in as them) and share
the demo password (its hash is copied: no 160 argon2 runs).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

#: Per team: decision officers (applications, revocations) and objection officers.
DECIDERS, OBJECTORS = 6, 2


def officer_name(team: int, kind: str, n: int) -> str:
    """``team`` 1..20, ``kind`` "d" (decision) or "o" (objection), ``n`` 1..DECIDERS/OBJECTORS."""
    return f"bench-t{team:02d}-{kind}{n}"


def officer_names(teams: int) -> list[str]:
    return [
        officer_name(t, k, n)
        for t in range(1, teams + 1)
        for k, count in (("d", DECIDERS), ("o", OBJECTORS))
        for n in range(1, count + 1)
    ]


def _text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    text = value.isoformat() if isinstance(value, datetime) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _line(file, *values) -> None:
    file.write("\t".join(map(_text, values)) + "\n")


def _say(out, text):
    out.write(text + "\n")
    out.flush()


def _officers(team_ids: list[int], out) -> None:
    """Create the bench officers (once) with their employee record in their team."""
    from django.contrib.auth.models import Group

    from loket.core.models import Employee, User
    from loket.core.roles import Role

    if User.objects.filter(username=officer_name(1, "d", 1)).exists():
        return
    password = User.objects.get(username="decision").password  # the demo password, hashed once
    groups = {
        "d": Group.objects.get(name=Role.DECISION_OFFICER.value),
        "o": Group.objects.get(name=Role.OBJECTION_OFFICER.value),
    }
    made = []
    for t, team_id in enumerate(team_ids, start=1):
        for kind, count in (("d", DECIDERS), ("o", OBJECTORS)):
            for n in range(1, count + 1):
                name = officer_name(t, kind, n)
                user = User.objects.create(username=name, password=password, email=f"{name}@loket.example")
                user.groups.add(groups[kind])
                Employee.objects.create(number=f"EB{t:02d}{kind}{n}", name=name, unit_id=team_id, user=user)
                made.append(name)
    _say(out, f"    bench officers: {len(made)} ({DECIDERS} decision and {OBJECTORS} objection officers per team)")


def _candidates(team_ids: list[int]) -> dict[tuple[int, str], list[tuple[int, str]]]:
    """(team id, role) -> [(user id, username)] in id order, as the draw lists them."""
    from django.contrib.auth import get_user_model

    from loket.core.roles import Role

    found: dict = {}
    for role in (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER):
        users = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=str(role), employee__unit_id__in=team_ids)
            .filter(api_token__isnull=True)
            .distinct()
            .order_by("pk")
            .values_list("pk", "username", "employee__unit_id")
        )
        for pk, username, unit in users:
            found.setdefault((unit, str(role)), []).append((pk, username))
    return found


def assign(*, team_ids: list[int], out, seed: int = 12) -> dict:
    """Draw an officer for every unassigned bulk case; nothing when they are drawn already."""
    from django.db import DatabaseError, connection, transaction

    from loket.cases.access import author_role
    from loket.cases.models import Case
    from loket.core import audit
    from loket.core.audit_keys import keys
    from loket.core.audit_models import AuditEntry, AuditHead
    from loket.integrity.access_models import AssignmentDraw
    from loket.integrity.services.assignment import ALGORITHM, SCALE, pick

    _officers(team_ids, out)
    bulk = Case.objects.filter(reference__startswith="BULK-")
    if not bulk.filter(assigned_to__isnull=True).exists():
        return {"assigned": False}
    pool = _candidates(team_ids)
    ring = keys()
    key_id, key = ring.current_id, ring.chain[ring.current_id]
    rng = random.Random(seed)
    load: dict[int, int] = {}
    started = time.monotonic()
    total = bulk.filter(assigned_to__isnull=True).count()
    _say(out, f"==> drawing officers for {total:,} bulk cases (COPY)")
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        try:  # consistent by construction: skip 2M deferred foreign-key checks at COMMIT
            with transaction.atomic():
                wrapper.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass
        head = AuditHead.objects.select_for_update().get_or_create(id=1)[0]
        seq, prev = head.seq, head.hash
        draw_base = (AssignmentDraw.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        audit_base = (AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        rows = bulk.filter(assigned_to__isnull=True).order_by("pk").values_list("pk", "reference", "kind", "team_id")
        now = datetime.now(UTC)
        files = {name: open(Path(tmp) / name, "w", encoding="utf-8") for name in ("cases", "draws", "audit")}  # noqa: SIM115
        done = 0
        for pk, reference, kind, team in rows.iterator(chunk_size=20_000):
            people = pool.get((team, str(author_role(kind))), [])
            candidates = [
                {"user": u, "username": name, "open_cases": load.get(u, 0), "weight": SCALE // (load.get(u, 0) + 1)}
                for u, name in people
            ]
            draw_seed = rng.getrandbits(128).to_bytes(16, "big").hex()
            chosen = pick(draw_seed, candidates)
            if chosen is not None:
                load[chosen] = load.get(chosen, 0) + 1
                _line(files["cases"], pk, chosen)
            draw_id = draw_base + done
            _line(
                files["draws"],
                draw_id,
                pk,
                "officer",
                "opened",
                draw_seed,
                ALGORITHM,
                json.dumps(candidates),
                "[]",
                chosen,
                now,
                None,
            )
            seq += 1
            fields = dict(
                seq=seq,
                at=now,
                actor="system",
                action="cases.case.assigned",
                object_type="cases.case",
                object_id=str(pk),
                reason="",
                data={
                    "draw": draw_id,
                    "cause": "opened",
                    "candidates": len(candidates),
                    "reference": reference,
                    "officer": dict(people).get(chosen, ""),
                    "previous": "",
                    "via": "draw",
                },
                prev_hash=prev,
            )
            digest = audit.digest(key, key_id=key_id, **fields)
            _line(
                files["audit"],
                audit_base + done,
                seq,
                now,
                "system",
                fields["action"],
                "cases.case",
                str(pk),
                "",
                json.dumps(fields["data"]),
                prev,
                digest,
                key_id,
            )
            prev = digest
            done += 1
            if done % 100_000 == 0 or done == total:
                _say(out, f"    draws: {done:,}/{total:,} ({done / (time.monotonic() - started):,.0f}/s)")
        for f in files.values():
            f.close()
        cursor.execute("CREATE TEMP TABLE bench_assign (case_id bigint, officer_id bigint) ON COMMIT DROP")
        for name, sql in (
            ("cases", "bench_assign (case_id, officer_id)"),
            (
                "draws",
                "integrity_assignmentdraw (id, case_id, purpose, cause, seed, algorithm, candidates, excluded, chosen_id, drawn_at, triggered_by_id)",
            ),
            (
                "audit",
                "core_auditentry (id, seq, at, actor, action, object_type, object_id, reason, data, prev_hash, hash, key_id)",
            ),
        ):
            _say(out, f"    COPY {name}")
            with open(Path(tmp) / name, encoding="utf-8") as source, cursor.copy(f"COPY {sql} FROM STDIN") as copy:
                while block := source.read(1 << 20):
                    copy.write(block)
        _say(out, "    applying the draws to the cases")
        cursor.execute(
            "UPDATE cases_case SET assigned_to_id = bench_assign.officer_id FROM bench_assign "
            "WHERE cases_case.id = bench_assign.case_id"
        )
        AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)
        for table in ("integrity_assignmentdraw", "core_auditentry"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with connection.cursor() as cursor:  # the UPDATE left a dead version of every case behind
        cursor.execute("VACUUM ANALYZE cases_case")
        cursor.execute("ANALYZE integrity_assignmentdraw")
        cursor.execute("ANALYZE core_auditentry")
    seconds = round(time.monotonic() - started, 1)
    _say(out, f"    drawn in {seconds} s; busiest officer {max(load.values(), default=0):,} cases")
    return {"assigned": True, "cases": done, "officers": len(load), "seconds": seconds}
