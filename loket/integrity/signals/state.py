"""What the signals need from a year of activity, kept in compact per-officer and per-case form.

Twenty million events never sit in memory: each event updates a few counters (arrays of
ints indexed by officer or case, dicts of ints) and is dropped. Only the rare events a
signal must show as evidence (approvals, signatures, off-hours reads) keep a line number.
"""

from __future__ import annotations

from array import array
from datetime import date, datetime

from .reader import OUTCOMES

OUTCOME_CODES = {name: i for i, name in enumerate(sorted(OUTCOMES))}
GRANTED = frozenset({OUTCOME_CODES["granted"], OUTCOME_CODES["partly_granted"]})
CONTACT_KINDS = ("phone", "email", "iban")
FAR_FUTURE = date(9999, 12, 31).toordinal()
PENDING_LIMIT = 2_000_000  # reads of cases not yet described; beyond this the file is out of order


def normalise(kind: str, value) -> str:
    """One spelling per phone number, e-mail address or IBAN, so that variants group together."""
    text = str(value).strip()
    if kind == "phone":
        digits = "".join(ch for ch in text if ch.isdigit())
        return (
            "+31" + digits[1:] if digits.startswith("0") and not digits.startswith("00") else "+" + digits.lstrip("0")
        )
    if kind == "email":
        return text.lower()
    return text.replace(" ", "").upper()


class OrderError(ValueError):
    """The export names too many cases in events before describing them."""


class Activity:
    """The aggregate of one export (or of Loket's own data), fed one record at a time."""

    def __init__(self, cfg: dict[str, dict]):
        hrs = cfg["HRS-01"]
        self.day_start, self.day_end, self.weekend = hrs["day_start"], hrs["day_end"], hrs["weekend"]
        # officers
        self.officer_ids: list[str] = []
        self.officer_idx: dict[str, int] = {}
        self.officer_team = array("i")
        self.officer_roles: list[tuple] = []
        self.absences: dict[int, list[tuple[int, int]]] = {}
        self.teams: list[str] = []
        self.team_idx: dict[str, int] = {}
        # signatory, for, from, until (ordinals), kinds of case covered (None: every kind)
        self.mandates: list[tuple[int, int, int, int, frozenset | None]] = []
        # cases
        self.case_ids: list[str] = []
        self.case_idx: dict[str, int] = {}
        self.case_known = bytearray()
        self.case_team = array("i")
        self.case_assignee = array("i")
        self.case_kind = array("i")
        self.case_client = array("i")
        self.case_rep = array("i")
        self.case_manual = bytearray()  # assigned by a person, not by the system's draw
        self.case_outcome = array("b")
        self.kinds: list[str] = []
        self.kind_idx: dict[str, int] = {}
        self.client_idx: dict[str, int] = {}
        self.rep_ids: list[str] = []
        self.rep_idx: dict[str, int] = {}
        self.subjects: dict[str, object] = {}  # "phone:+31..." -> case index or list of them
        # reads
        self.reads = array("q")  # per officer, all reads
        self.foreign: dict[int, set[int]] = {}  # officer -> cases read that are not theirs
        self.glass: dict[int, set[int]] = {}  # officer -> cases opened by breaking the glass
        self.pending: list[tuple[int, int]] = []
        self.daily: dict[int, int] = {}  # shift-day * 2**21 + officer -> reads that day
        self.offhours: dict[int, list[int]] = {}  # same key -> [count, first line numbers...]
        # approvals and signatures (one or two per case: small enough to keep)
        self.approve_reader = array("i")
        self.approve_case = array("i")
        self.approve_seconds = array("d")
        self.approve_line = array("q")
        self.sign_actor = array("i")
        self.sign_for = array("i")
        self.sign_day = array("i")
        self.sign_case = array("i")
        self.sign_line = array("q")
        self._days: dict[str, tuple[int, int]] = {}

    # -- lookups ------------------------------------------------------------------------
    def officer(self, oid) -> int:
        oid = str(oid)
        i = self.officer_idx.get(oid)
        if i is None:
            i = self.officer_idx[oid] = len(self.officer_ids)
            self.officer_ids.append(oid)
            self.officer_team.append(-1)
            self.officer_roles.append(())
            self.reads.append(0)
        return i

    def team(self, name) -> int:
        name = str(name)
        i = self.team_idx.get(name)
        if i is None:
            i = self.team_idx[name] = len(self.teams)
            self.teams.append(name)
        return i

    def case(self, cid) -> int:
        cid = str(cid)
        i = self.case_idx.get(cid)
        if i is None:
            i = self.case_idx[cid] = len(self.case_ids)
            self.case_ids.append(cid)
            self.case_known.append(0)
            self.case_team.append(-1)
            self.case_assignee.append(-1)
            self.case_kind.append(-1)
            self.case_client.append(-1)
            self.case_rep.append(-1)
            self.case_manual.append(0)
            self.case_outcome.append(-1)
        return i

    def day(self, text: str) -> tuple[int, int]:
        """(ordinal, weekday) of a YYYY-MM-DD date, cached: a year has only 365 of them."""
        hit = self._days.get(text)
        if hit is None:
            d = date.fromisoformat(text)
            hit = self._days[text] = (d.toordinal(), d.weekday())
        return hit

    # -- records ------------------------------------------------------------------------
    def add(self, rec: dict, line: int) -> None:
        kind = rec["type"]
        if kind == "event":
            self.event(rec, line)
        elif kind == "case":
            self.add_case(rec)
        elif kind == "officer":
            self.add_officer(rec)
        else:
            self.add_mandate(rec)

    def add_officer(self, rec: dict) -> None:
        periods = [(self.day(str(a))[0], self.day(str(b))[0]) for a, b in rec.get("absent") or []]
        i = self.officer(rec["id"])
        self.officer_team[i] = self.team(rec["team"])
        self.officer_roles[i] = tuple(rec.get("roles") or ())
        if periods:
            self.absences[i] = periods

    def add_mandate(self, rec: dict) -> None:
        start = self.day(str(rec["from"]))[0]
        until = self.day(str(rec["until"]))[0] if rec.get("until") else FAR_FUTURE
        kinds = rec.get("kinds")
        kinds = frozenset(str(k) for k in kinds) if isinstance(kinds, list) and kinds else None
        self.mandates.append((self.officer(rec["signatory"]), self.officer(rec["for"]), start, until, kinds))

    def add_case(self, rec: dict) -> None:
        i = self.case(rec["id"])
        self.case_known[i] = 1
        self.case_team[i] = self.team(rec["team"])
        self.case_assignee[i] = self.officer(rec["assigned_to"])
        kind = str(rec["kind"])
        k = self.kind_idx.get(kind)
        if k is None:
            k = self.kind_idx[kind] = len(self.kinds)
            self.kinds.append(kind)
        self.case_kind[i] = k
        client = str(rec["client"])
        self.case_client[i] = self.client_idx.setdefault(client, len(self.client_idx))
        by = rec.get("assigned_by")
        self.case_manual[i] = 0 if by in (None, "system") else 1
        rep = rec.get("representative")
        if rep is not None:
            rep = str(rep)
            r = self.rep_idx.get(rep)
            if r is None:
                r = self.rep_idx[rep] = len(self.rep_ids)
                self.rep_ids.append(rep)
            self.case_rep[i] = r
            self._subject("representative:" + rep, i)
        contact = rec.get("contact") or {}
        for name in CONTACT_KINDS:
            value = contact.get(name)
            if value:
                self._subject(f"{name}:{normalise(name, value)}", i)

    def _subject(self, key: str, case: int) -> None:
        have = self.subjects.get(key)
        if have is None:
            self.subjects[key] = case
        elif isinstance(have, list):
            have.append(case)
        elif have != case:
            self.subjects[key] = [have, case]

    def event(self, rec: dict, line: int) -> None:
        # Called twenty million times for a year: reads (nine events in ten) are handled
        # here in line, with local names, rather than through further method calls.
        actor = self.officer_idx.get(rec["actor"])
        if actor is None:
            actor = self.officer(rec["actor"])
        case = self.case_idx.get(rec["case"])
        if case is None:
            case = self.case(rec["case"])
        action = rec["action"]
        at = rec["at"]
        outcome = rec.get("outcome")
        if outcome is not None:
            self.case_outcome[case] = OUTCOME_CODES[outcome]
        if action == "read" or action == "break_glass":
            self.reads[actor] += 1
            hour = int(at[11:13])
            ordinal, weekday = self._days.get(at[:10]) or self.day(at[:10])
            day_start = self.day_start
            if hour < day_start:
                ordinal -= 1  # 00:00-07:00 belongs to the evening before: one night, one session
            key = (ordinal << 21) | actor
            daily = self.daily
            daily[key] = daily.get(key, 0) + 1
            if hour < day_start or hour >= self.day_end or (weekday >= 5 and self.weekend):
                bucket = self.offhours.get(key)
                if bucket is None:
                    self.offhours[key] = [1, line]
                else:
                    bucket[0] += 1
                    if len(bucket) < 11:
                        bucket.append(line)
            if action == "break_glass":
                self.glass.setdefault(actor, set()).add(case)
            if self.case_known[case]:
                if self.case_assignee[case] != actor and self.case_team[case] != self.officer_team[actor]:
                    foreign = self.foreign.get(actor)
                    if foreign is None:
                        self.foreign[actor] = {case}
                    else:
                        foreign.add(case)
            else:
                if len(self.pending) >= PENDING_LIMIT:
                    raise OrderError("too many events name a case before its case line; put case lines first")
                self.pending.append((actor, case))
        elif action == "approve":
            asked = rec.get("requested_at")
            seconds = -1.0
            if asked:
                seconds = (datetime.fromisoformat(at) - datetime.fromisoformat(asked)).total_seconds()
            self.approve_reader.append(actor)
            self.approve_case.append(case)
            self.approve_seconds.append(seconds)
            self.approve_line.append(line)
        elif action == "sign":
            behalf = rec.get("on_behalf_of")
            self.sign_actor.append(actor)
            self.sign_for.append(self.officer(behalf) if behalf else actor)
            self.sign_day.append(self.day(at[:10])[0])
            self.sign_case.append(case)
            self.sign_line.append(line)

    def finish(self) -> None:
        """Judge the reads whose case line came after them."""
        for actor, case in self.pending:
            if (
                self.case_known[case]
                and self.case_assignee[case] != actor
                and self.case_team[case] != self.officer_team[actor]
            ):
                self.foreign.setdefault(actor, set()).add(case)
        self.pending = []

    # -- helpers for the signals ----------------------------------------------------------
    def team_members(self) -> dict[int, list[int]]:
        members: dict[int, list[int]] = {}
        for i, t in enumerate(self.officer_team):
            if t >= 0:
                members.setdefault(t, []).append(i)
        return members

    def team_name(self, officer: int) -> str | None:
        t = self.officer_team[officer]
        return self.teams[t] if t >= 0 else None
