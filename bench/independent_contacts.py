"""A second labelled contact set, written independently of bench/contact_data.py (issue 16).

    python bench/independent_contacts.py --persons 2500 --seed 16 --out var/bench/independent.jsonl

Its author did not read the first generator's model. What differs on purpose:

- names: real frequency lists per country (``names-dataset``; Faker's uk_UA for Ukraine), in
  the script people typed them in, not a hand-made pool (bench/independent_names.py);
- Latin spellings: a romanisation model with several writing habits per script (English,
  French, German; passport, BGN and French for Cyrillic); a person mostly keeps one habit,
  an agent on the phone writes what they hear;
- naming cultures: patronymic chains without a family name (Eritrea, Somalia), a father's
  name in the middle (Arabic), mononyms (Afghanistan), patronymics and gendered family names
  (Russian, Ukrainian), wives taking the husband's name (Turkey, Russia, Ukraine);
- families: households share a phone and an e-mail address, twins share a birth date, the
  registry holds a 1 January placeholder where the client knows their real date;
- lawyers: firms with several lawyers and one switchboard number, writing about many clients;
- noise: keyboard typos, OCR errors on letters, day and month swapped, a mistyped V-number,
  a phone number with a digit too many or too few, a new phone number half-way, e-mail
  addresses with a non-ASCII local part (RFC 6531).

The output has the shape of ``contact_data.generate_all``: ``contacts`` (the import format),
``truth`` (ref -> person and question), ``clients`` on file and ``representatives``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from independent_names import respell, romanise, script_of, typo
from independent_people import ORIGINS, Person, make_firms, make_people
from independent_texts import FOLLOW_UP, LAWYER, TEXTS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHANNEL_WEIGHTS = {"email": 30, "phone": 30, "web": 20, "letter": 8, "counter": 12}
TOPIC_WEIGHTS = {"status": 35, "document": 15, "family": 12, "address": 10, "appointment": 18, "fees": 10}
# how often a channel carries each detail: (birth date, V-number, case reference, nationality)
CARRIES = {
    "email": (0.25, 0.35, 0.3, 0.1),
    "phone": (0.5, 0.45, 0.2, 0.1),
    "web": (0.7, 0.55, 0.4, 0.6),
    "letter": (0.6, 0.75, 0.5, 0.3),
    "counter": (0.9, 0.9, 0.3, 0.8),
}


def _name_text(rng: random.Random, p: Person, channel: str) -> str:
    """The client's name as this contact has it."""
    original = script_of(p.names[0]) != "Latin"
    if original and channel in ("email", "web", "letter") and rng.random() < 0.25:
        parts = p.names if rng.random() < 0.3 else [p.names[0], p.names[-1]]
        return " ".join(dict.fromkeys(parts))
    if channel == "counter" or rng.random() < 0.35:
        text = p.official
    else:
        habit = p.habit if channel != "phone" and rng.random() < 0.7 else rng.randrange(4)
        shown = p.names if len(p.names) > 2 and rng.random() < 0.25 else [p.names[0], p.names[-1]]
        text = " ".join(romanise(n, rng, habit) for n in dict.fromkeys(shown))
    words = text.split()
    if len(words) > 1 and rng.random() < 0.15:  # family name first, as on many forms
        text = f"{words[-1].upper() if channel == 'letter' else words[-1]}, {' '.join(words[:-1])}"
    if rng.random() < 0.15:
        text = respell(text, rng)
    if rng.random() < {"phone": 0.12, "letter": 0.08, "web": 0.05, "email": 0.04}.get(channel, 0.02):
        text = typo(text, rng, ocr=channel == "letter")
    return text


def _birth_text(rng: random.Random, p: Person) -> str:
    d = p.born
    if p.placeholder:
        r = rng.random()
        if r < 0.4:
            d = date(d.year, 1, 1)
        elif r < 0.5:
            return rng.choice([f"XX-XX-{d.year}", f"00-00-{d.year}", str(d.year)])
    if rng.random() < 0.03 and d.day <= 12:
        d = date(d.year, d.day, d.month)  # day and month swapped
    if rng.random() < 0.015:
        d = date(d.year + rng.choice((-1, 1)), d.month, min(d.day, 28))
    form = rng.choices(["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "dots", "year"], [40, 25, 20, 10, 5])[0]
    if form == "dots":
        return f"{d.day}.{d.month}.{d.year}"
    return str(d.year) if form == "year" else d.strftime(form)


def _phone_text(rng: random.Random, number: str) -> str:
    if rng.random() < 0.02:  # a digit too many or too few, as typed
        number = number[:-1] if rng.random() < 0.5 else number + str(rng.randrange(10))
    if number.startswith("+316") and rng.random() < 0.6:
        local = "0" + number[3:]
        return rng.choice(
            [local, f"{local[:2]}-{local[2:]}", f"({local[:2]}) {local[2:6]} {local[6:]}", f"0031{number[3:]}"]
        )
    return rng.choice([number, f"00{number[1:]}", f"{number[:3]} {number[3:6]} {number[6:]}"])


def _v_text(rng: random.Random, v: str) -> str:
    if rng.random() < 0.015:  # one digit mistyped
        i = rng.randrange(10)
        v = v[:i] + str((int(v[i]) + rng.randrange(1, 10)) % 10) + v[i + 1 :]
    return rng.choice(
        [v, f"V{v}", f"{v[:2]} {v[2:6]} {v[6:]}", f"V-nummer: {v[:4]}.{v[4:7]}.{v[7:]}", f"{v[:2]}-{v[2:6]}-{v[6:]}"]
    )


def _phone_at(p: Person, day: date) -> str:
    return [number for since, number in p.phones if since <= day][-1]


def _contact(rng, n, p: Person, channel: str, when: datetime, topic: str, lawyer: dict | None, thread) -> dict:
    c = {"ref": f"IND2-{n:06d}", "channel": channel, "received_at": when.isoformat(), "topic": topic}
    birth, v, case, nationality = CARRIES[channel]
    c["name"] = "" if lawyer and rng.random() < 0.1 else _name_text(rng, p, channel)
    if rng.random() < birth:
        c["birth_date"] = _birth_text(rng, p)
    if p.v_number and rng.random() < (0.85 if lawyer else v):
        c["v_number"] = _v_text(rng, p.v_number)
    if p.case_refs and rng.random() < (0.7 if lawyer else case):
        ref = rng.choice(p.case_refs)
        c["case_ref"] = ref.lower() if rng.random() < 0.1 else ref
    if rng.random() < nationality:
        c["nationality"] = p.origin if rng.random() > 0.02 else rng.choice(list(ORIGINS))
    if channel == "email" or (channel == "web" and rng.random() < 0.8) or rng.random() < 0.1:
        address = lawyer["email"] if lawyer else p.email
        if address:
            c["email"] = rng.choices([address, address.upper(), f"{c['name'] or 'Client'} <{address}>"], [80, 10, 10])[
                0
            ]
    if channel == "phone" or (channel in ("web", "counter", "letter") and rng.random() < 0.4):
        c["phone"] = _phone_text(rng, lawyer["phone"] if lawyer else _phone_at(p, when.date()))
    language = "nl" if lawyer else rng.choices([p.language, "nl", "en"], [45, 25, 30])[0]
    subject, body = TEXTS[topic][language]
    if lawyer:
        subject, body = LAWYER[0], LAWYER[1] % (c["name"] or p.official)
    if thread and channel == "email":
        subject, body = f"Re: {subject}", f"{FOLLOW_UP[language]}\n\n{body}"
    if channel in ("phone", "counter"):
        subject, body = "", f"Klant belt/komt over: {TEXTS[topic]['nl'][0]}"
        language = "nl"
    c.update(subject=subject, body=body, language=language)
    if channel == "email":
        c["message_id"] = f"<ind2-{n}@{(c.get('email') or 'mail.example').split('@')[-1].rstrip('>')}>"
        if thread:
            c["in_reply_to"] = thread
    return {k: v for k, v in c.items() if v != ""}


def make_contacts(rng: random.Random, people: list[Person], lawyers: dict[int, dict]):
    contacts, truth, question = [], [], 0
    start = datetime(2025, 1, 1, tzinfo=AMSTERDAM)
    for p in people:
        for _q in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
            question += 1
            topic = rng.choices(list(TOPIC_WEIGHTS), TOPIC_WEIGHTS.values())[0]
            when = start + timedelta(days=rng.randrange(480), minutes=rng.randrange(8 * 60, 20 * 60))
            channel = rng.choices(list(CHANNEL_WEIGHTS), CHANNEL_WEIGHTS.values())[0]
            last_mail = None
            for k in range(1 + int(rng.expovariate(1 / 1.6))):
                if k:
                    when += timedelta(days=1 + int(rng.expovariate(1 / 6)), minutes=rng.randrange(-120, 120))
                    if rng.random() < 0.5:
                        channel = rng.choices(list(CHANNEL_WEIGHTS), CHANNEL_WEIGHTS.values())[0]
                lawyer = lawyers[p.lawyer] if p.lawyer and rng.random() < 0.5 and channel != "counter" else None
                thread = last_mail if channel == "email" and last_mail and rng.random() < 0.6 else None
                c = _contact(rng, len(contacts) + 1, p, channel, when, topic, lawyer, thread)
                last_mail = c.get("message_id", last_mail)
                contacts.append(c)
                truth.append({"ref": c["ref"], "person": p.id, "question": question})
    order = sorted(range(len(contacts)), key=lambda i: contacts[i]["received_at"])
    return [contacts[i] for i in order], [truth[i] for i in order]


def make_registry(rng: random.Random, people: list[Person]) -> list[dict]:
    """The clients on file, as their case files have them (the name on the permit, the
    placeholder birth date, the phone and e-mail given when they applied)."""
    rows = []
    for p in people:
        if not p.on_file:
            continue
        names = [p.official]
        if script_of(p.names[0]) != "Latin" and rng.random() < 0.6:
            names.append(" ".join(p.names))
        born = date(p.born.year, 1, 1) if p.placeholder else p.born
        row = {"person": p.id, "names": names, "birth_date": born.isoformat(), "nationality": p.origin,
               "v_number": p.v_number, "case_refs": p.case_refs, "representative": p.lawyer}  # fmt: skip
        if rng.random() < 0.6 and p.phones[0][1].startswith("+316"):  # the Dutch number given when applying
            row["phone"] = p.phones[0][1]
        if p.email and p.email.isascii() and rng.random() < 0.5:  # staff type what a mail server takes
            row["email"] = p.email
        rows.append(row)
    return rows


def generate_all(persons: int, seed: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    people = make_people(rng, persons)
    lawyers = make_firms(rng, people)
    contacts, truth = make_contacts(rng, people, lawyers)
    return {
        "clients": make_registry(random.Random(seed + 1), people),
        "representatives": [
            {"representative": i, "name": d["name"], "email": d["email"], "phone": d["phone"]}
            for i, d in lawyers.items()
        ],
        "contacts": contacts,
        "truth": truth,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", default="var/bench/independent.jsonl")
    args = parser.parse_args(argv)
    data = generate_all(args.persons, args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for suffix, rows in (("", data["contacts"]), (".truth", data["truth"]), (".clients", data["clients"]),
                         (".representatives", data["representatives"])):  # fmt: skip
        path = out.with_name(out.stem + suffix + out.suffix) if suffix else out
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(json.dumps({"persons": args.persons, "contacts": len(data["contacts"]), "clients_on_file": len(data["clients"]),
                      "representatives": len(data["representatives"]), "out": str(out)}))  # fmt: skip


if __name__ == "__main__":
    main()
