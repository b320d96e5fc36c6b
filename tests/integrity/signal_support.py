"""A small activity builder for the signal tests: two ordinary teams, written as export lines."""

from __future__ import annotations

import json
from datetime import date, timedelta

DAY0 = date(2026, 3, 2)  # a Monday


def at(day: int, hour: int = 10, minute: int = 0, second: int = 0) -> str:
    return f"{(DAY0 + timedelta(days=day)).isoformat()}T{hour:02d}:{minute:02d}:{second:02d}+01:00"


def workdays(n: int) -> list[int]:
    return [d for d in range(n * 2) if (DAY0 + timedelta(days=d)).weekday() < 5][:n]


class Activity:
    """Two teams of six (T1: a1..a6, T2: b1..b6), 30 cases each, ordinary reads and decisions."""

    def __init__(self, decisions: bool = True):
        self.lines: list[dict] = []
        self.officers = {"T1": [f"a{i}" for i in range(1, 7)], "T2": [f"b{i}" for i in range(1, 7)]}
        for team, ids in self.officers.items():
            for o in ids:
                self.add(type="officer", id=o, team=team, roles=["decision_officer", "second_reader"], absent=[])
        self.cases: dict[str, list[str]] = {"T1": [], "T2": []}
        n = 0
        for team, ids in self.officers.items():
            for k in range(60):
                n += 1
                cid = f"{team}-{k:03d}"
                self.cases[team].append(cid)
                self.case(cid, team, ids[k % 6], client=f"k{n}", contact={"phone": f"+3161000{n:04d}"})
        for team, ids in self.officers.items():
            for k, cid in enumerate(self.cases[team]):
                owner = ids[k % 6]
                for j, d in enumerate(workdays(3)):
                    self.event(at(d + k % 20, 9 + j), owner, "read", cid)
            for j, o in enumerate(ids):  # two foreign reads each: ordinary curiosity or a transfer
                other = self.cases["T2" if team == "T1" else "T1"]
                self.event(at(5), o, "read", other[j])
                self.event(at(6), o, "read", other[j + 10])
        if decisions:
            for team, ids in self.officers.items():
                for k, cid in enumerate(self.cases[team]):
                    self.decide(
                        cid, author=ids[k % 6], reader=ids[(k + 1 + k // 6) % 6], day=30 + k % 20, granted=k % 2 == 0
                    )

    def add(self, **rec):
        self.lines.append(rec)

    def case(self, cid, team, officer, *, client, contact=None, representative=None, assigned_by="system"):
        self.add(
            type="case",
            id=cid,
            kind="asylum",
            team=team,
            client=client,
            representative=representative,
            contact=contact or {},
            assigned_to=officer,
            assigned_by=assigned_by,
            opened_on="2026-03-01",
        )

    def event(self, when, actor, action, case, **extra):
        self.add(type="event", at=when, actor=actor, action=action, case=case, **extra)

    def decide(self, cid, *, author, reader, day, granted, wait=(0, 30, 0), signer=None, **sign):
        asked = at(day, 11)
        self.event(at(day, 11 + wait[0], wait[1], wait[2]), reader, "approve", cid, requested_at=asked)
        self.event(at(day, 15), signer or author, "sign", cid, outcome="granted" if granted else "rejected", **sign)

    def text(self) -> list[str]:
        return [json.dumps(rec) for rec in self.lines]
