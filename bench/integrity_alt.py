"""Generator B for bench/integrity.py: written apart from generator A, with other shapes.

Where A draws Poisson counts over equal-ish teams, B uses geometric team sizes (3 to 30),
gamma workloads, negative-binomial read counts, flexible hours (06:00-20:00, so early
starts fall outside the engine's working hours), other kinds and outcomes, and writes
every line in time order with each case line just before its first event. Its planted
misconduct keeps to the definitions but takes other forms: snooping of moderate size,
concentration by e-mail and IBAN through the system's own draw in small teams, grant shares
that fall instead of rise, pairs in teams of three readers, bulk reads on weekend days,
signatures on days of absence or after a mandate ended, IBANs shared by clients who do
have (different) representatives.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

PLANT = 10
KINDS = ("asylum_first", "extension", "objection")
OUTCOMES_GOOD = ("granted", "partly_granted")
OUTCOMES_BAD = ("rejected", "unfounded", "inadmissible")
TZ = timezone(timedelta(hours=1))
START = datetime(2025, 7, 1, tzinfo=TZ)


def _at(day: float, hour: float) -> datetime:
    return START + timedelta(days=int(day), hours=hour)


def generate(path, *, scale: float = 1.0, seed: int = 1507):
    r = random.Random(seed)
    n_teams = max(8, int(25 * scale))
    sizes = [min(30, max(3, int(r.expovariate(1 / 11)) + 3)) for _ in range(n_teams)]
    officers = []  # dict per officer
    for t, size in enumerate(sizes):
        for j in range(size):
            officers.append(
                {
                    "id": f"emp-{t:02d}-{j:02d}",
                    "team": f"unit-{t:02d}",
                    "t": t,
                    "load": r.gammavariate(4, 0.25),
                    "start_h": r.choice((6, 7, 7.5, 8, 8.5, 9)),
                    "reader": j in (1, 2, 3),
                    "lead": j == 0,
                    "fast": r.uniform(0, 0.03),
                    "absent": [],
                }
            )
    by_team = [[i for i, o in enumerate(officers) if o["t"] == t] for t in range(n_teams)]
    for o in officers:
        d = r.randrange(0, 330)
        o["absent"].append((d, d + r.randint(5, 20)))
    truth = {k: [] for k in ("ACC-01", "ASG-01", "OUT-01", "FOUR-02", "HRS-01", "SIG-01", "CON-01")}
    normal = [i for i, o in enumerate(officers) if not o["lead"] and len(by_team[o["t"]]) >= 6]
    r.shuffle(normal)
    pick = {k: [normal.pop() for _ in range(PLANT)] for k in ("ACC-01", "ASG-01", "OUT-01", "HRS-01", "SIG-01")}
    team3 = [t for t in range(n_teams) if len(by_team[t]) >= 6]
    readers_left = [i for i in normal if officers[i]["reader"]]
    fast = readers_left[: PLANT // 2]
    pairs = []
    for t in team3:
        rs = [i for i in by_team[t] if officers[i]["reader"] and i in normal and i not in fast]
        if len(rs) >= 2 and len(pairs) < PLANT // 2:
            pairs.append((rs[0], rs[1]))
    for k in ("ACC-01", "OUT-01", "HRS-01", "SIG-01"):
        truth[k] = [officers[i]["id"] for i in pick[k]]
    truth["FOUR-02"] = [[officers[i]["id"]] for i in fast] + [[officers[a]["id"], officers[b]["id"]] for a, b in pairs]
    planted = {i for v in pick.values() for i in v} | set(fast) | {i for p in pairs for i in p}
    mandates = []
    for n, i in enumerate(pick["SIG-01"]):
        boss = by_team[officers[i]["t"]][0]
        if n % 2:
            mandates.append(
                {
                    "type": "mandate",
                    "signatory": officers[i]["id"],
                    "for": officers[boss]["id"],
                    "from": "2025-07-01",
                    "until": "2025-09-30",
                }
            )
    team_rate = [[r.betavariate(5, 4) for _ in KINDS] for _ in range(n_teams)]
    lines: list[tuple[str, str]] = []

    def emit(when: datetime, rec: dict):
        rec["at"] = when.isoformat()
        lines.append((when.isoformat(), json.dumps(rec, separators=(",", ":"))))

    n_cases = int(60_000 * scale)
    cases = []
    specials = []
    for p, i in enumerate(pick["ASG-01"]):
        key = "email" if p % 2 else "iban"
        value = f"contact{p}@hulp.example" if key == "email" else f"NL{p:02d}BUNQ{r.randrange(10**10):010d}"
        truth["ASG-01"].append([officers[i]["id"], value])
        specials += [(officers[i]["t"], i, {key: value}, None) for _ in range(r.randint(6, 9))]
    for p in range(PLANT):
        value = f"NL{p:02d}TRIO{r.randrange(10**10):010d}"
        truth["CON-01"].append(value)
        for _ in range(r.randint(7, 15)):
            t = r.randrange(n_teams)
            specials.append(
                (t, r.choice(by_team[t][1:]), {"iban": value}, f"adv-{r.randrange(400)}" if r.random() < 0.4 else None)
            )
    for c in range(n_cases + len(specials)):
        if c < n_cases:
            t = r.choices(range(n_teams), weights=sizes)[0]
            members = [i for i in by_team[t] if not officers[i]["lead"]] or by_team[t]
            o = r.choices(members, weights=[officers[i]["load"] for i in members])[0]
            family = c - c % 4 if r.random() < 0.3 else c  # households of up to four share a phone
            contact = {"phone": f"06{family:08d}"} if r.random() < 0.8 else {}
            if r.random() < 0.5:
                contact["email"] = f"client{c}@post.example"
            rep = f"adv-{int(r.paretovariate(1.2)) % 400}" if r.random() < 0.5 else None
        else:
            t, o, contact, rep = specials[c - n_cases]
        kind = r.choice(KINDS)
        opened = r.uniform(0, 300)
        cases.append((t, o, kind))
        case = {
            "type": "case",
            "id": f"Z{c:06d}",
            "kind": kind,
            "team": officers[o]["team"],
            "client": f"V{c:07d}",
            "representative": rep,
            "contact": contact,
            "assigned_to": officers[o]["id"],
            "assigned_by": "system",
            "opened_on": _at(opened, 0).date().isoformat(),
        }
        when = _at(opened, 9)
        lines.append((when.isoformat()[:19] + "!", json.dumps(case)))  # "!" sorts before any event that second
        n_reads = _negbin(r, 25, 3)
        for _ in range(n_reads):
            who = o if r.random() < 0.8 else r.choice(by_team[t])
            day = opened + r.uniform(0, 60)
            if _at(day, 0).weekday() >= 5:
                day += 2
            h = officers[who]["start_h"] + r.uniform(0, 9)
            emit(_at(day, h), {"type": "event", "actor": officers[who]["id"], "action": "read", "case": case["id"]})
        if r.random() < 0.85:
            day = opened + 61 + r.uniform(0, 20)
            while _at(day, 0).weekday() >= 5:
                day += 1
            readers = [i for i in by_team[t] if officers[i]["reader"] and i != o] or [by_team[t][0]]
            reader = r.choice(readers)
            for a, b in pairs:
                if o in (a, b) and r.random() < 0.9:
                    reader = b if o == a else a
            quick = r.random() < (0.6 if reader in fast else officers[reader]["fast"])
            asked = _at(day, 11)
            wait = timedelta(seconds=r.randint(5, 15)) if quick else timedelta(minutes=r.expovariate(1 / 90) + 1)
            emit(
                asked + wait,
                {
                    "type": "event",
                    "actor": officers[reader]["id"],
                    "action": "approve",
                    "case": case["id"],
                    "requested_at": asked.isoformat(),
                },
            )
            rate = team_rate[t][KINDS.index(kind)]
            if o in pick["OUT-01"]:
                rate = max(0.02, rate - 0.3)
            outcome = r.choice(OUTCOMES_GOOD) if r.random() < rate else r.choice(OUTCOMES_BAD)
            signer, sign_day, extra = o, day + 1, {}
            if o in pick["SIG-01"] and r.random() < 0.25:
                idx = pick["SIG-01"].index(o)
                if idx % 2:
                    extra["on_behalf_of"] = officers[by_team[t][0]]["id"]
                    sign_day = max(sign_day, 120 + r.uniform(0, 100))  # after the mandate ended
                else:
                    sign_day = officers[o]["absent"][0][0] + 1
            elif any(a <= int(sign_day) <= b for a, b in officers[o]["absent"]):
                present = [i for i in by_team[t] if not any(a <= int(sign_day) <= b for a, b in officers[i]["absent"])]
                signer = present[0] if present else o
                if signer == o:
                    sign_day += 25  # nobody there: it waits until the author is back
            emit(
                _at(sign_day, 14),
                {
                    "type": "event",
                    "actor": officers[signer]["id"],
                    "action": "sign",
                    "case": case["id"],
                    "outcome": outcome,
                    **extra,
                },
            )
    for i in range(len(officers)):
        n = r.randint(80, 160) if i in pick["ACC-01"] else _negbin(r, 8, 2)
        for _ in range(n):
            c = r.randrange(len(cases))
            if cases[c][0] != officers[i]["t"]:
                day = r.uniform(0, 360)
                while _at(day, 0).weekday() >= 5:
                    day += 1
                emit(_at(day, 10), {"type": "event", "actor": officers[i]["id"], "action": "read", "case": f"Z{c:06d}"})
    for i in pick["HRS-01"]:
        day = r.randrange(5, 350)
        while _at(day, 0).weekday() != 5:
            day += 1
        own = [c for c in range(len(cases)) if cases[c][0] == officers[i]["t"]]
        for _ in range(r.randint(300, 500)):
            emit(
                _at(day, r.uniform(10, 16)),
                {"type": "event", "actor": officers[i]["id"], "action": "read", "case": f"Z{r.choice(own):06d}"},
            )
    lines.sort(key=lambda x: x[0])
    with open(path, "w") as fh:
        for o in officers:
            fh.write(
                json.dumps(
                    {
                        "type": "officer",
                        "id": o["id"],
                        "team": o["team"],
                        "roles": ["team_lead"] if o["lead"] else ["second_reader"] if o["reader"] else [],
                        "absent": [
                            [_at(a, 0).date().isoformat(), _at(b, 0).date().isoformat()] for a, b in o["absent"]
                        ],
                    }
                )
                + "\n"
            )
        for m in mandates:
            fh.write(json.dumps(m) + "\n")
        for _k, line in lines:
            fh.write(line + "\n")
    truth["planted_officers"] = sorted(officers[i]["id"] for i in planted)
    truth["officers"] = len(officers)
    return truth


def _negbin(r: random.Random, mean: float, k: float) -> int:
    """Negative binomial as a gamma-Poisson mixture: overdispersed counts."""
    lam = r.gammavariate(k, mean / k)
    # Knuth's method is fine for the small means used here
    n, p, limit = 0, 1.0, pow(2.718281828459045, -min(lam, 600))
    while True:
        p *= r.random()
        if p <= limit:
            return n
        n += 1
