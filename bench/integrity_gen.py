"""Generator A for bench/integrity.py: a year of activity of a large service, with planted misconduct.

Ordinary variation: team sizes 12-28, busy officers and part-timers (workload from a
log-normal), teams that work night shifts (half their officers read at night), objection
teams that read other teams' decisions, low-volume teams with few decisions, evening work,
households sharing a phone, representatives' office numbers, repeat clients, lawful
mandates, absences. Planted: ``PLANT`` of each kind, written to the truth file.
Lines: officers, mandates, cases, then each case's events (not in time order).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import numpy as np

KINDS = ("asylum", "regular", "family", "naturalisation")
PLANT = 20
YEAR = 2026


def _days(year):
    start = date(year, 1, 1)
    out = []
    for i in range(365):
        d = start + timedelta(days=i)
        # Europe/Amsterdam: summer time from the last Sunday of March to the last Sunday of October
        summer = date(year, 3, 29) <= d < date(year, 10, 25)
        out.append((d.isoformat(), "+02:00" if summer else "+01:00", d.weekday()))
    return out


HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


def generate(path, *, officers=2000, teams=100, cases=400_000, seed=15, reads_per_case=33.0, n_plant=PLANT):
    rng = np.random.default_rng(seed)
    r = random.Random(seed)
    days = _days(YEAR)
    workday = [i for i, d in enumerate(days) if d[2] < 5]
    truth = {k: [] for k in ("ACC-01", "ASG-01", "OUT-01", "FOUR-02", "HRS-01", "SIG-01", "CON-01")}
    # -- officers and teams ---------------------------------------------------------------
    sizes = rng.integers(12, 29, teams).astype(float)
    sizes = np.maximum(3, np.round(sizes / sizes.sum() * officers)).astype(int)
    sizes[-1] += officers - sizes.sum()
    team_of, members, lead, readers = [], [], [], []
    oid = 0
    for t, n in enumerate(sizes.tolist()):
        ids = list(range(oid, oid + n))
        oid += n
        team_of += [t] * n
        members.append(ids)
        lead.append(ids[0])
        readers.append(ids[1:6])
    n_off = oid
    name = [f"o{i:05d}" for i in range(n_off)]
    workload = rng.lognormal(0, 0.35, n_off)
    part = rng.random(n_off) < 0.25
    workload[part] *= rng.uniform(0.4, 0.8, part.sum())
    tenth = max(1, teams // 10)
    night_team = set(range(max(1, teams * 8 // 100)))
    objection_team = set(range(teams - tenth, teams))
    low_team = set(range(teams - 2 * tenth, teams - tenth))
    night = np.array([team_of[i] in night_team and r.random() < 0.5 for i in range(n_off)])
    evening = rng.uniform(0, 0.05, n_off)
    fast_rate = rng.uniform(0, 0.04, n_off)
    absent = {}
    for i in range(n_off):
        spans = []
        for _ in range(r.randint(1, 3)):
            s = r.randrange(0, 350)
            spans.append((s, min(364, s + r.randint(3, 15))))
        absent[i] = spans
    mandated = {}
    for t in range(teams):
        for i in r.sample(members[t][1:], 2):
            mandated[i] = lead[t]
    # -- planted officers (disjoint) --------------------------------------------------------
    pool = [i for i in range(n_off) if i not in set(lead) and not night[i] and team_of[i] not in low_team]
    r.shuffle(pool)
    plant = {k: [pool.pop() for _ in range(n_plant)] for k in ("ACC-01", "ASG-01", "OUT-01", "HRS-01", "SIG-01")}
    reader_pool = [i for t in range(teams) if t not in low_team for i in readers[t] if i in pool]
    r.shuffle(reader_pool)
    fast_readers = [reader_pool.pop() for _ in range(n_plant // 2)]
    for i in plant["SIG-01"]:
        mandated.pop(i, None)
    pairs = []
    used = set(fast_readers)
    order = [t for t in range(teams) if t not in low_team]
    r.shuffle(order)
    for t in order:
        free = [i for i in readers[t] if i in pool and i not in used]
        if len(free) >= 2 and len(pairs) < n_plant // 2:
            pairs.append((free[0], free[1]))
            used.update(free[:2])
    planted_off = {i for v in plant.values() for i in v} | set(fast_readers) | {i for p in pairs for i in p}
    truth["ACC-01"] = [name[i] for i in plant["ACC-01"]]
    truth["OUT-01"] = [name[i] for i in plant["OUT-01"]]
    truth["HRS-01"] = [name[i] for i in plant["HRS-01"]]
    truth["SIG-01"] = [name[i] for i in plant["SIG-01"]]
    truth["FOUR-02"] = [[name[i]] for i in fast_readers] + [[name[a], name[b]] for a, b in pairs]
    out_kind = {i: KINDS[0] if team_of[i] in objection_team else KINDS[team_of[i] % 4] for i in plant["OUT-01"]}
    sig_plant = set(plant["SIG-01"])
    # -- grant rates: team x kind, officer noise ----------------------------------------------
    base_rate = rng.uniform(0.35, 0.75, (teams, len(KINDS)))
    off_rate = np.clip(base_rate[team_of] + rng.normal(0, 0.03, (n_off, len(KINDS))), 0.02, 0.98)
    for i, k in out_kind.items():
        ki = KINDS.index(k)
        off_rate[i, ki] = min(0.98, off_rate[i, ki] + 0.35) if off_rate[i, ki] < 0.6 else off_rate[i, ki] - 0.35
    # -- cases -----------------------------------------------------------------------------
    team_w = np.array([len(members[t]) * (0.2 if t in low_team else 1.0) for t in range(teams)])
    case_team = rng.choice(teams, cases, p=team_w / team_w.sum())
    draw_w = [np.array([0 if i == lead[t] else workload[i] for i in members[t]]) for t in range(teams)]
    draw_p = [w / w.sum() for w in draw_w]
    reps = [f"r{i:04d}" for i in range(1500)]
    rep_w = 1 / np.arange(1, 1501) ** 0.8
    rep_w /= rep_w.sum()
    rep_phone = {rp: f"+3120{r.randrange(10**7):07d}" for rp in reps}
    households = []  # [phone, iban, members left]
    clients = []  # client id, phone, email, iban
    with open(path, "w") as fh:
        w = fh.write
        for i in range(n_off):
            roles = (
                ["team_lead"]
                if i in lead
                else (["second_reader", "decision_officer"] if i in readers[team_of[i]] else ["decision_officer"])
            )
            w(
                json.dumps(
                    {
                        "type": "officer",
                        "id": name[i],
                        "team": f"T{team_of[i]:03d}",
                        "roles": roles,
                        "absent": [[days[a][0], days[b][0]] for a, b in absent[i]],
                    }
                )
                + "\n"
            )
        for i, boss in mandated.items():
            w(
                json.dumps(
                    {"type": "mandate", "signatory": name[i], "for": name[boss], "from": f"{YEAR}-01-01", "until": None}
                )
                + "\n"
            )
        case_rows = []  # (team, assignee, start, end, kind, manual)
        specials = []  # planted ASG / CON cases appended at the end
        for p, o in enumerate(plant["ASG-01"]):
            kind = ("representative", "phone", "email", "iban")[p % 4]
            value = {
                "representative": f"rx{p:03d}",
                "phone": f"+316{r.randrange(10**8):08d}",
                "email": f"helper{p}@example.net",
                "iban": f"NL{r.randrange(10, 99)}INGB{r.randrange(10**10):010d}",
            }[kind]
            truth["ASG-01"].append([name[o], value])
            for _ in range(r.randint(7, 12)):
                specials.append((team_of[o], o, kind, value, True))
            for _ in range(r.randint(0, 3)):
                t2 = r.randrange(teams)
                specials.append((t2, members[t2][1 + r.randrange(len(members[t2]) - 1)], kind, value, False))
        for p in range(n_plant):
            kind = ("phone", "email", "iban")[p % 3]
            value = {
                "phone": f"+316{r.randrange(10**8):08d}",
                "email": f"visa.help{p}@example.org",
                "iban": f"NL{r.randrange(10, 99)}RABO{r.randrange(10**10):010d}",
            }[kind]
            truth["CON-01"].append(value)
            for _ in range(r.randint(8, 25)):
                t2 = r.randrange(teams)
                specials.append((t2, members[t2][1 + r.randrange(len(members[t2]) - 1)], kind, value, False))
        n_cases = cases + len(specials)
        draw_cum = [np.cumsum(p) for p in draw_p]
        draw_u = rng.random(cases).tolist()
        rep_draw = rng.choice(1500, size=cases + len(specials), p=rep_w).tolist()
        for c in range(n_cases):
            if c < cases:
                t = int(case_team[c])
                o = members[t][min(len(members[t]) - 1, int(np.searchsorted(draw_cum[t], draw_u[c])))]
                special = None
            else:
                t, o, skind, svalue, manual = specials[c - cases]
                special = (skind, svalue, manual)
            kind = KINDS[0] if t in objection_team else (KINDS[t % 4] if r.random() < 0.6 else r.choice(KINDS))
            start = r.randrange(0, 300)
            end = min(364, start + r.randint(20, 120))
            rep = reps[rep_draw[c]] if r.random() < 0.4 else None
            contact = {}
            if r.random() < 0.12 and clients:
                client = r.choice(clients)
            else:
                cid = f"k{len(clients):07d}"
                if households and r.random() < 0.25:
                    j = r.randrange(len(households))
                    h = households[j]
                    phone, iban = h[0], h[1]
                    h[2] -= 1
                    if h[2] <= 0:  # full: swap with the last and drop it, in constant time
                        households[j] = households[-1]
                        households.pop()
                else:
                    phone, iban = (
                        f"+316{r.randrange(10**8):08d}",
                        f"NL{r.randrange(10, 99)}ABNA{r.randrange(10**10):010d}",
                    )
                    if r.random() < 0.3:
                        households.append([phone, iban, r.randint(1, 4)])
                client = (cid, phone, f"{cid}@mail.example", iban)
                clients.append(client)
            if r.random() < 0.9:
                contact["phone"] = rep_phone[rep] if rep and r.random() < 0.3 else client[1]
            if r.random() < 0.7:
                contact["email"] = client[2]
            if r.random() < 0.4:
                contact["iban"] = client[3]
            manual = False
            if special:
                skind, svalue, manual = special
                client = (f"kx{c:07d}", None, None, None)
                if skind == "representative":
                    rep = svalue
                else:
                    rep = None
                    contact = {skind: svalue}
            w(
                json.dumps(
                    {
                        "type": "case",
                        "id": f"c{c:07d}",
                        "kind": kind,
                        "team": f"T{t:03d}",
                        "client": client[0],
                        "representative": rep,
                        "contact": contact,
                        "assigned_to": name[o],
                        "assigned_by": name[o] if manual else "system",
                        "opened_on": days[start][0],
                    }
                )
                + "\n"
            )
            case_rows.append((t, o, start, end, KINDS.index(kind)))
        ctx = dict(
            rng=rng,
            r=r,
            days=days,
            workday=workday,
            name=name,
            members=members,
            team_of=team_of,
            lead=lead,
            readers=readers,
            night=night,
            evening=evening,
            fast_rate=fast_rate,
            absent=absent,
            mandated=mandated,
            off_rate=off_rate,
            sig_plant=sig_plant,
            fast_readers=set(fast_readers),
            pairs=pairs,
            objection_team=objection_team,
            reads_per_case=reads_per_case,
        )
        _events(w, case_rows, ctx)
        _planted_reads(w, case_rows, plant, ctx)
    truth["planted_officers"] = sorted(name[i] for i in planted_off)
    truth["officers"] = int(n_off)
    return truth


def _hour(ctx, o, u):
    if ctx["night"][o]:
        return (19 + int(u * 12)) % 24
    return 8 + int(u * 10) if u > ctx["evening"][o] else 19 + int(u * 40) % 3


def _events(w, case_rows, ctx):
    rng, r, days, name = ctx["rng"], ctx["r"], ctx["days"], ctx["name"]
    members, readers, lead = ctx["members"], ctx["readers"], ctx["lead"]
    rpc = ctx["reads_per_case"]
    for c, (t, o, start, end, ki) in enumerate(case_rows):
        cid = f"c{c:07d}"
        span = end - start + 1
        counts = rng.poisson((rpc, rpc / 4, rpc / 5))
        lines = []
        team = members[t]
        for action, n, who in (("read", counts[0], None), ("read", counts[1], team), ("change", counts[2], None)):
            dd = rng.integers(0, span, n) + start
            uu = rng.random(n)
            ss = rng.integers(0, 3600, n)
            for d, u, s in zip(dd.tolist(), uu.tolist(), ss.tolist()):
                actor = o if who is None else who[int(u * 7919) % len(who)]
                if days[d][2] >= 5 and not ctx["night"][actor]:
                    d -= days[d][2] - 4
                h = _hour(ctx, actor, u)
                lines.append(
                    f'{{"type":"event","at":"{days[d][0]}T{HMS[h * 3600 + s]}{days[d][1]}","actor":"{name[actor]}","action":"{action}","case":"{cid}"}}\n'
                )
        if r.random() < 0.9:
            d = end
            while days[d][2] >= 5:
                d -= 1
            pool = [x for x in readers[t] if x != o] or [lead[t]]
            reader = r.choice(pool)
            for a, b in ctx["pairs"]:
                if o == a and r.random() < 0.95:
                    reader = b
                elif o == b and r.random() < 0.95:
                    reader = a
            fast = r.random() < (0.5 if reader in ctx["fast_readers"] else ctx["fast_rate"][reader])
            wait = r.randint(3, 28) if fast else int(r.lognormvariate(7, 1)) + 31
            at = 10 * 3600 + r.randrange(0, 6 * 3600)
            asked = max(0, at - wait)
            lines.append(
                f'{{"type":"event","at":"{days[d][0]}T{HMS[at]}{days[d][1]}","actor":"{name[reader]}","action":"approve","case":"{cid}","requested_at":"{days[d][0]}T{HMS[asked]}{days[d][1]}"}}\n'
            )
            outcome = "granted" if r.random() < ctx["off_rate"][o, ki] else "rejected"
            signer, behalf = o, None
            u = r.random()
            if o in ctx["sig_plant"] and u < 0.3:
                signer, behalf = o, lead[t]
            elif o in ctx["mandated"] and u < 0.3:
                behalf = ctx["mandated"][o]
            elif u < 0.1:
                signer = lead[t]
            while any(a <= d <= b for a, b in ctx["absent"][signer]) or days[d][2] >= 5:
                d = d + 1 if d < 364 else d - 20
            extra = f',"on_behalf_of":"{name[behalf]}"' if behalf is not None else ""
            lines.append(
                f'{{"type":"event","at":"{days[d][0]}T{HMS[at + 600]}{days[d][1]}","actor":"{name[signer]}","action":"sign","case":"{cid}","outcome":"{outcome}"{extra}}}\n'
            )
        w("".join(lines))


def _planted_reads(w, case_rows, plant, ctx):
    """Foreign reads (everybody, a few; ACC-01 planted, many) and HRS-01 bulk nights."""
    rng, r, days, name, team_of = ctx["rng"], ctx["r"], ctx["days"], ctx["name"], ctx["team_of"]
    n_cases = len(case_rows)
    acc = set(plant["ACC-01"])
    by_team = {}
    for c, row in enumerate(case_rows):
        by_team.setdefault(row[0], []).append(c)
    for o in range(len(name)):
        lam = 12 * (3 if team_of[o] in ctx["objection_team"] else 1)
        n = r.randint(150, 350) if o in acc else int(rng.poisson(lam * r.uniform(0.5, 2)))
        lines = []
        for c in rng.integers(0, n_cases, n).tolist():
            if case_rows[c][0] == team_of[o]:
                continue
            d = r.choice(ctx["workday"])
            lines.append(
                f'{{"type":"event","at":"{days[d][0]}T{HMS[r.randrange(8 * 3600, 17 * 3600)]}{days[d][1]}","actor":"{name[o]}","action":"read","case":"c{c:07d}"}}\n'
            )
        w("".join(lines))
    for o in plant["HRS-01"]:
        own = by_team[team_of[o]]
        for _ in range(r.randint(1, 3)):
            d = r.randrange(1, 360)
            lines = []
            for _ in range(r.randint(500, 900)):
                sec = (20 * 3600 + r.randrange(0, 6 * 3600)) % 86400
                dd = d + 1 if sec < 7 * 3600 else d
                lines.append(
                    f'{{"type":"event","at":"{days[dd][0]}T{HMS[sec]}{days[dd][1]}","actor":"{name[o]}","action":"read","case":"c{r.choice(own):07d}"}}\n'
                )
            w("".join(lines))
