"""A labelled synthetic set of contacts for the matching benchmark (issue 3).

    python bench/contact_data.py --persons 3000 --seed 7 --out var/bench/contacts.jsonl

writes one contact per line in the format of ``loket contact import`` (issue 3, item 8);
beside it ``<out>.truth.jsonl``: for every contact ``ref`` the true ``person`` and
``question``; ``<out>.clients.jsonl``: the people the service already has on file
(everyone with a V-number has applied for something), each with its true ``person``; and
``<out>.representatives.jsonl``: the lawyers (gemachtigden) the service knows.
The same seed gives the same files.

The variation is the kind a service sees (how often each channel carries each detail is
in ``CARRIES``): names in the original script or one of several
transliterations, family name first or last, particles (al-, El-) written or not, a middle
name (father's name) or not, typos; birth dates full, as a year alone or with the 01-01
placeholder; V-numbers and phone numbers in every format; families sharing one phone and one
e-mail address; lawyers writing for many clients; very common names (Mohammed Hassan) held
by many people with different birth dates; and several contacts, on several channels, about
one question.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parent))
from contact_names import FAMILY_FIRST, FAMILY_NAMES, FIRST_NAMES, ORIGIN_WEIGHTS, ORIGINS, is_latin

TOPICS = ["status", "document", "family", "address", "appointment", "naturalisation", "fees", "other"]
CHANNELS = ["email", "phone", "web", "counter", "letter"]
CHANNEL_WEIGHTS = [35, 30, 20, 10, 5]
TZ = ZoneInfo("Europe/Amsterdam")
START = datetime(2026, 1, 5, 8, 0, tzinfo=TZ)
_TEXT = {  # (subject, body) per topic and language: e-mails and letters carry no topic field
    "nl": {
        "status": (
            "Vraag over mijn aanvraag",
            "Wat is de stand van zaken van mijn aanvraag? Ik wacht al lang op een beslissing.",
        ),
        "document": ("Verblijfsdocument", "Mijn verblijfspas is verlopen. Wanneer kan ik mijn nieuwe pas ophalen?"),
        "family": ("Gezinshereniging", "Ik wil mijn vrouw en kinderen laten overkomen. Hoe gaat gezinshereniging?"),
        "address": ("Adreswijziging", "Ik ben verhuisd en wil mijn nieuwe adres doorgeven."),
        "appointment": ("Afspraak", "Ik wil mijn afspraak bij het loket verzetten."),
        "naturalisation": ("Naturalisatie", "Ik wil Nederlander worden. Wanneer kan ik naturalisatie aanvragen?"),
        "fees": ("Leges", "Ik heb de leges betaald maar kreeg een herinnering. Klopt de rekening?"),
        "other": ("Vraag", "Ik heb een vraag, kunt u mij bellen?"),
    },
    "en": {
        "status": (
            "Question about my application",
            "What is the status of my application? I have been waiting for a decision.",
        ),
        "document": ("Residence document", "My residence card has expired. When can I collect my new card?"),
        "family": (
            "Family reunification",
            "I want my wife and children to join me. How does family reunification work?",
        ),
        "address": ("Change of address", "I moved and want to give you my new address."),
        "appointment": ("Appointment", "I would like to reschedule my appointment at the counter."),
        "naturalisation": ("Naturalisation", "I want to become Dutch. When can I apply for naturalisation?"),
        "fees": ("Fees", "I paid the fee but received a reminder. Is the invoice correct?"),
        "other": ("Question", "I have a question, could you call me?"),
    },
    "ar": {
        "status": ("سؤال عن طلبي", "ما هو وضع طلبي؟ أنتظر القرار منذ وقت طويل."),
        "document": ("وثيقة الإقامة", "انتهت صلاحية بطاقة الإقامة. متى يمكنني استلام البطاقة الجديدة؟"),
        "family": ("لم شمل الأسرة", "أريد أن تلتحق بي زوجتي وأطفالي. كيف يتم لم شمل الأسرة؟"),
        "address": ("تغيير العنوان", "انتقلت إلى سكن جديد وأريد إبلاغكم بعنواني الجديد."),
        "appointment": ("موعد", "أريد تغيير موعدي في المكتب."),
        "naturalisation": ("التجنس", "أريد الحصول على الجنسية الهولندية. متى يمكنني تقديم طلب التجنس؟"),
        "fees": ("الرسوم", "دفعت الرسوم لكن وصلني تذكير. هل الفاتورة صحيحة؟"),
        "other": ("سؤال", "لدي سؤال، هل يمكنكم الاتصال بي؟"),
    },
}


@dataclass
class Person:
    pid: int
    origin: str
    first: list[str]
    family: list[str]
    middle: list[str] | None
    birth: date
    birth_kind: str  # full | year | placeholder
    nationality: str
    v_number: str | None
    phone: str
    email: str | None
    family_phone: str | None = None
    family_email: str | None = None
    lawyer: int | None = None
    case_refs: list[str] = field(default_factory=list)


_CUMULATIVE: dict[int, list[float]] = {}


def _weighted(rng: random.Random, items: list, skew: float = 1.1):
    """Zipf-like choice: the first items of a pool are much more common."""
    key = id(items) * 31 + int(skew * 100)
    if key not in _CUMULATIVE:
        _CUMULATIVE[key] = list(accumulate(1 / (i + 1) ** skew for i in range(len(items))))
    return rng.choices(items, cum_weights=_CUMULATIVE[key])[0]


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n)


def _phone(rng: random.Random, origin: str | None) -> str:
    """A valid mobile number: Dutch mostly, else one of the country of origin."""
    while True:
        number = _phone_candidate(rng, origin)
        if number.startswith("+316") or phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _phone_candidate(rng: random.Random, origin: str | None) -> str:
    if origin is None or rng.random() < 0.8:
        return "+316" + rng.choice("12345") + _digits(rng, 7)  # a Dutch mobile
    code = rng.choice(ORIGINS[origin][1])
    local = {
        "+963": "9" + _digits(rng, 8),
        "+964": "79" + _digits(rng, 8),
        "+249": "9" + _digits(rng, 8),
        "+93": "7" + _digits(rng, 8),
        "+98": "912" + _digits(rng, 7),
        "+90": "53" + _digits(rng, 8),
        "+291": "7" + _digits(rng, 6),
        "+251": "91" + _digits(rng, 7),
        "+252": "61" + _digits(rng, 7),
        "+380": "50" + _digits(rng, 7),
        "+91": "98" + _digits(rng, 8),
        "+86": "138" + _digits(rng, 8),
        "+55": "11" + "9" + _digits(rng, 8),
    }[code]
    return code + local


def make_people(rng: random.Random, n: int, *, first_id: int = 1) -> list[Person]:
    """``n`` people; about a third live in families sharing a phone and e-mail address."""
    origins, weights = list(ORIGIN_WEIGHTS), list(ORIGIN_WEIGHTS.values())
    people: list[Person] = []
    lawyers = max(1, n // 60)
    while len(people) < n:
        origin = rng.choices(origins, weights=weights)[0]
        family_name = _weighted(rng, FAMILY_NAMES[origin])
        size = rng.choice([1, 1, 1, 1, 2, 3, 4]) if len(people) < n - 4 else 1
        shared_phone = _phone(rng, origin) if size > 1 else None
        shared_email = f"familie.{rng.randrange(10**6)}@example.net" if size > 1 and rng.random() < 0.6 else None
        given = []  # brothers and sisters do not share a given name
        for _member in range(size):
            pid = first_id + len(people)
            kind = rng.choices(["full", "year", "placeholder"], weights=[60, 25, 15])[0]
            birth = date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28))
            if kind == "placeholder":
                birth = birth.replace(month=1, day=1)
            middle = (
                _weighted(rng, FIRST_NAMES[origin])
                if origin in ("arab", "horn", "somali") and rng.random() < 0.5
                else None
            )
            first = _weighted(rng, FIRST_NAMES[origin])
            for _try in range(20):
                if first not in given:
                    break
                first = _weighted(rng, FIRST_NAMES[origin])
            given.append(first)
            people.append(
                Person(
                    pid=pid,
                    origin=origin,
                    first=first,
                    family=family_name,
                    middle=middle,
                    birth=birth,
                    birth_kind=kind,
                    nationality=rng.choice(ORIGINS[origin][0]),
                    v_number=f"{(pid * 7_919_111 + 3_141_592_653) % 10**10:010d}" if rng.random() < 0.75 else None,
                    phone=_phone(rng, origin),
                    email=f"p{pid}.{rng.randrange(10**4)}@example.org",  # everyone can e-mail
                    family_phone=shared_phone,
                    family_email=shared_email,
                    lawyer=rng.randrange(lawyers) if rng.random() < 0.15 else None,
                    case_refs=[f"ZK-{pid:06d}-{i}" for i in range(rng.choice([0, 1, 1, 2]))],
                )
            )
    return people[:n]


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4 or not is_latin(text):
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice(["swap", "drop", "double", "replace"])
    if op == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "drop":
        return text[:i] + text[i + 1 :]
    if op == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeiounrst") + text[i + 1 :]


def written_name(rng: random.Random, p: Person) -> str:
    """The person's name as one contact writes it."""
    original = not is_latin(p.first[0]) and not is_latin(p.family[0]) and rng.random() < 0.12
    pick = (
        (lambda forms: forms[0]) if original else (lambda forms: rng.choice([f for f in forms if is_latin(f)] or forms))
    )
    parts = [pick(p.first)] + ([pick(p.middle)] if p.middle and rng.random() < 0.6 else []) + [pick(p.family)]
    if not original and rng.random() < 0.12:
        k = rng.randrange(len(parts))
        parts[k] = _typo(rng, parts[k])
    if p.origin in FAMILY_FIRST or rng.random() < 0.2:
        parts = parts[-1:] + parts[:-1]  # family name first, as on many forms
    if not original and rng.random() < 0.08:
        parts = [w.upper() for w in parts]
    return " ".join(parts)


def _birth_text(rng: random.Random, p: Person) -> str:
    if p.birth_kind == "year" or rng.random() < 0.1:
        return str(p.birth.year)
    return p.birth.isoformat()


def _v_text(rng: random.Random, v: str) -> str:
    return rng.choice([v, f"{v[:2]}-{v[2:6]}-{v[6:]}", f"V{v}", f"{v[:4]} {v[4:7]} {v[7:]}"])


def _phone_text(rng: random.Random, e164: str) -> str:
    if e164.startswith("+31"):
        rest = e164[3:]
        return rng.choice(
            [
                e164,
                f"0{rest}",
                f"0{rest[:1]}-{rest[1:]}",
                f"+31 {rest[:1]} {rest[1:]}",
                f"0031{rest}",
                f"0{rest[:1]} {rest[1:5]} {rest[5:]}",
            ]
        )
    return rng.choice([e164, "00" + e164[1:], e164[:4] + " " + e164[4:]])


#: How often each channel carries each detail. Phone agents check who is calling (name,
#: birth date, V-number when the caller has one); the web form asks name and birth date;
#: at the counter (by appointment) the client shows an identity document; e-mails carry
#: what people think of writing.
CARRIES = {  # channel: (name, birth date, nationality, V-number)
    "email": (0.85, 0.30, 0.10, 0.35),
    "phone": (0.95, 0.85, 0.20, 0.60),
    "web": (1.00, 1.00, 0.90, 0.50),
    "counter": (1.00, 1.00, 1.00, 0.95),
    "letter": (1.00, 0.60, 0.30, 0.60),
}


def _contact(rng: random.Random, p: Person, channel: str, lawyers: dict) -> dict:
    c = {"channel": channel}
    name, birth, nationality, v_number = CARRIES[channel]
    if rng.random() < name:
        c["name"] = written_name(rng, p)
    if rng.random() < birth:
        c["birth_date"] = _birth_text(rng, p)
    if rng.random() < nationality:
        c["nationality"] = p.nationality
    if p.v_number and rng.random() < v_number:
        c["v_number"] = _v_text(rng, p.v_number)
    lawyer = lawyers.get(p.lawyer) if p.lawyer is not None and rng.random() < 0.5 else None
    if channel == "email" or (channel == "web" and rng.random() < 0.8):
        address = lawyer["email"] if lawyer else (p.family_email if p.family_email and rng.random() < 0.6 else p.email)
        if address:
            c["email"] = rng.choice([address, address.upper(), f"{p.first[-1]} <{address}>"])
    if channel == "phone" or (channel in ("web", "counter") and rng.random() < 0.5):
        number = lawyer["phone"] if lawyer else (p.family_phone if p.family_phone and rng.random() < 0.6 else p.phone)
        c["phone"] = _phone_text(rng, number)
    if p.case_refs and rng.random() < 0.3:
        c["case_ref"] = rng.choice(p.case_refs)
    return c


def make_lawyers(rng: random.Random, persons: int) -> dict[int, dict]:
    """The gemachtigden: one for about sixty people."""
    return {
        i: {"email": f"advocaat{i}@advocaten.example.nl", "phone": _phone(rng, None)}
        for i in range(max(1, persons // 60))
    }


def make_contacts(rng: random.Random, people: list[Person], *, days: int = 90, lawyers: dict | None = None):
    """Contacts of every person, in order of arrival, with the truth beside each."""
    lawyers = lawyers if lawyers is not None else make_lawyers(rng, len(people))
    rows = []
    qid = 0
    for p in people:
        for _q in range(rng.choice([1, 1, 2, 3])):
            qid += 1
            topic = _weighted(rng, TOPICS, 0.6)
            lang = rng.choices(["nl", "en", "ar"], weights=[40, 35, 25 if p.origin == "arab" else 5])[0]
            at = START + timedelta(days=rng.uniform(0, days))
            thread = []
            for _n in range(rng.choice([1, 1, 2, 2, 3, 4])):
                channel = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
                c = _contact(rng, p, channel, lawyers)
                subject, body = _TEXT[lang][topic]
                if channel in ("email", "letter"):
                    c["subject"], c["body"] = subject, body
                    if channel == "email":
                        c["message_id"] = f"<q{qid}.{len(thread)}.{rng.randrange(10**9)}@mail.example>"
                        if thread:
                            c["in_reply_to"] = thread[-1]
                            c["subject"] = "Re: " + subject
                        thread.append(c["message_id"])
                else:
                    c["topic"] = topic
                    c["body"] = body
                c["received_at"] = at.isoformat(timespec="seconds")
                rows.append((at, c, p.pid, qid))
                at += timedelta(hours=rng.uniform(2, 96))
    rows.sort(key=lambda r: r[0])
    contacts, truth = [], []
    for n, (_at, c, pid, q) in enumerate(rows, 1):
        ref = f"C{n:07d}"
        contacts.append({"ref": ref, **c})
        truth.append({"ref": ref, "person": pid, "question": q})
    return contacts, truth


def _passport_name(p: Person) -> str:
    """The name as the case file has it: the first Latin spelling of each part."""
    latin = lambda forms: next((f for f in forms if is_latin(f)), forms[0])  # noqa: E731
    parts = [latin(p.first)] + ([latin(p.middle)] if p.middle else []) + [latin(p.family)]
    return " ".join(parts)


def make_registry(rng: random.Random, people: list[Person]) -> list[dict]:
    """The clients already on file: everyone with a V-number has applied for something, so
    the service knows their name (as in their passport, and in the original script for
    some), birth date as far as known, nationality, case references, and often a phone
    number and an e-mail address from the application form."""
    rows = []
    for p in people:
        if not p.v_number:
            continue
        names = [_passport_name(p)]
        if not is_latin(p.first[0]) and not is_latin(p.family[0]) and rng.random() < 0.5:
            names.append(" ".join([p.first[0]] + ([p.middle[0]] if p.middle else []) + [p.family[0]]))
        birth = str(p.birth.year) if p.birth_kind == "year" else p.birth.isoformat()
        row = {
            "person": p.pid,
            "v_number": p.v_number,
            "names": names,
            "birth_date": birth,
            "nationality": p.nationality,
            "case_refs": p.case_refs,
            "representative": p.lawyer,
        }
        if rng.random() < 0.6:
            row["phone"] = p.phone
        if p.email and rng.random() < 0.6:
            row["email"] = p.email
        rows.append(row)
    return rows


def generate_all(persons: int, seed: int) -> dict[str, list[dict]]:
    """Everything: ``clients`` on file, their ``representatives`` (each gemachtigde is known
    to the service, having filed the authorisations), ``contacts`` and ``truth``. The
    contacts are those of ``generate``."""
    rng = random.Random(seed)
    people = make_people(rng, persons)
    lawyers = make_lawyers(rng, len(people))
    contacts, truth = make_contacts(rng, people, lawyers=lawyers)
    representatives = [{"representative": i, "name": f"Advocaat {i}", **details} for i, details in lawyers.items()]
    return {
        "clients": make_registry(random.Random(seed + 1), people),
        "representatives": representatives,
        "contacts": contacts,
        "truth": truth,
    }


def generate(persons: int, seed: int):
    """(contacts, truth) for ``persons`` people."""
    data = generate_all(persons, seed)
    return data["contacts"], data["truth"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="var/bench/contacts.jsonl")
    args = parser.parse_args(argv)
    data = generate_all(args.persons, args.seed)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = {
        "contacts": out,
        "truth": out.with_suffix(".truth.jsonl"),
        "clients": out.with_suffix(".clients.jsonl"),
        "representatives": out.with_suffix(".representatives.jsonl"),
    }
    for key, path in paths.items():
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data[key]), encoding="utf-8")
    print(
        json.dumps(
            {
                "persons": args.persons,
                "seed": args.seed,
                **{k: len(v) for k, v in data.items()},
                "questions": len({t["question"] for t in data["truth"]}),
                "files": {k: str(v) for k, v in paths.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
