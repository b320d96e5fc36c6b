"""People, households and lawyers of the independent contact set (bench/independent_contacts.py)."""

from __future__ import annotations

import random
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from independent_names import SOURCES, draw, pools, romanise, strip_diacritics

# origin: (weight, calling code, digits after it for a mobile, language written, naming culture)
ORIGINS = {
    "SY": (22, "963", 9, "ar", "arab"), "IQ": (7, "964", 10, "ar", "arab"), "YE": (3, "967", 9, "ar", "arab"),
    "SD": (4, "249", 9, "ar", "arab"), "AF": (11, "93", 9, "fa", "afghan"), "IR": (5, "98", 10, "fa", "plain"),
    "ER": (12, "291", 7, "ti", "patronymic"), "SO": (5, "252", 8, "so", "patronymic"), "TR": (8, "90", 10, "tr", "turkish"),
    "UA": (9, "380", 9, "uk", "slavic"), "RU": (3, "7", 10, "ru", "slavic"), "MA": (4, "212", 9, "fr", "plain"),
    "DZ": (3, "213", 9, "fr", "plain"),
}  # fmt: skip
DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "live.nl", "ziggo.nl", "kpnmail.nl"]


@dataclass
class Person:
    id: int
    origin: str
    sex: str
    names: list[str]  # as the person writes them, in their script: given, (father, grandfather), family
    official: str  # the Latin name on the residence permit
    born: date
    habit: int  # the romanisation habit this person keeps
    household: int
    placeholder: bool = False  # the registry has 1 January of the birth year
    v_number: str = ""
    case_refs: list[str] = field(default_factory=list)
    phones: list[tuple[date, str]] = field(default_factory=list)  # (from, number)
    email: str = ""
    lawyer: int | None = None
    on_file: bool = False

    @property
    def language(self) -> str:
        return ORIGINS[self.origin][3]


def _patronymic(father: str, sex: str) -> str:
    stem = father[:-1] if father.endswith(("й", "ь")) else father
    return stem + ("ович" if sex == "M" else "івна" if "і" in father else "овна")


def _gendered(family: str, sex: str) -> str:
    if sex == "F" and family.endswith(("ов", "ев", "ин")):
        return family + "а"
    if sex == "F" and family.endswith(("ський", "ский")):
        return family[:-2] + ("а" if family.endswith("ський") else "ая")
    return family


def _names(rng, origin, sex, *, father: str | None = None, family: str | None = None) -> list[str]:
    pool = pools()[SOURCES[origin]]
    culture = ORIGINS[origin][4]
    given = draw(rng, pool[sex] or pool["M"])
    father = father or draw(rng, pool["M"])
    if culture == "patronymic":
        return [given, father, family or draw(rng, pool["M"])]
    if culture == "slavic":
        return [given, _patronymic(father, sex), _gendered(family or draw(rng, pool["last"]), sex)]
    if culture == "afghan" and family is None and rng.random() < 0.1:
        return [given]  # a mononym: the registry writes it as the family name
    if culture == "arab":
        return [given, father, family or draw(rng, pool["last"])]
    if culture == "turkish" and rng.random() < 0.2:
        given = f"{given} {draw(rng, pool[sex] or pool['M'])}"
    return [given, family or draw(rng, pool["last"])]


def _official(rng: random.Random, names: list[str], origin: str) -> str:
    culture = ORIGINS[origin][4]
    shown = names if culture == "patronymic" else [names[0], names[-1]] if len(names) > 1 else names
    return " ".join(romanise(n, random.Random(n), habit=0) for n in shown)


def _mobile(rng, origin, *, dutch: bool) -> str:
    if dutch:
        return f"+316{rng.choice('1234568')}{rng.randrange(10**7):07d}"  # the mobile ranges in use
    code, digits = ORIGINS[origin][1], ORIGINS[origin][2]
    if rng.random() < 0.2:  # a length the country's plan does not have
        digits += rng.choice((-1, 1))
    return f"+{code}{rng.randrange(10 ** (digits - 1), 10**digits)}"


def _email(rng, person: Person) -> str:
    latin = romanise(person.names[0], rng, person.habit).split()[0].lower()
    last = romanise(person.names[-1], rng, person.habit).replace(" ", "").replace("-", "").lower()
    if person.origin != "TR" or rng.random() < 0.7:  # Turkish letters stay in some local parts
        latin, last = strip_diacritics(latin, rng), strip_diacritics(last, rng)
    local = rng.choice(
        [f"{latin}.{last}", f"{latin}{last}{rng.randrange(1, 99)}", f"{latin[0]}{last}", f"{latin}{person.born.year}"]
    )
    return f"{local}@{rng.choice(DOMAINS)}"


def make_people(rng: random.Random, n: int) -> list[Person]:
    origins = list(ORIGINS)
    weights = [ORIGINS[o][0] for o in origins]
    people: list[Person] = []
    household = 0
    while len(people) < n:
        household += 1
        origin = rng.choices(origins, weights)[0]
        culture = ORIGINS[origin][4]
        head_sex = "M" if rng.random() < 0.75 else "F"
        head = _names(rng, origin, head_sex)
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 40))
        members = [(head_sex, head, born)]
        size = rng.choices([1, 2, 3, 4, 5], [45, 20, 15, 12, 8])[0]
        if size >= 2:
            sex = "F" if head_sex == "M" else "M"
            family = head[-1] if culture in ("turkish", "slavic") and len(head) > 1 else None
            members.append(
                (sex, _names(rng, origin, sex, family=family), born + timedelta(days=rng.randrange(-3000, 3000)))
            )
        twins_at = rng.random() < 0.1
        for k in range(size - 2):
            sex = rng.choice("MF")
            child_born = born + timedelta(days=365 * rng.randrange(19, 28) + (0 if twins_at and k == 1 else k * 400))
            if twins_at and k == 1:
                child_born = members[-1][2]
            family = head[1] if culture == "patronymic" and len(head) > 1 else head[-1] if len(head) > 1 else None
            father = head[0] if culture != "patronymic" else None
            names = _names(rng, origin, sex, father=father or head[0], family=family)
            if culture == "patronymic":
                names = [names[0], head[0], head[1]]
            members.append((sex, names, min(child_born, date(2008, 12, 31))))
        shared_phone = _mobile(rng, origin, dutch=True)
        for sex, names, birth in members:
            if len(people) >= n:
                break
            p = Person(
                len(people) + 1, origin, sex, names, _official(rng, names, origin), birth, rng.randrange(4), household
            )
            p.placeholder = culture in ("afghan", "patronymic") and rng.random() < 0.35
            own = _mobile(rng, origin, dutch=rng.random() < 0.85)
            p.phones = [(date(2024, 1, 1), shared_phone if rng.random() < 0.35 else own)]
            if rng.random() < 0.15:
                p.phones.append(
                    (date(2025, 1, 1) + timedelta(days=rng.randrange(500)), _mobile(rng, origin, dutch=True))
                )
            p.email = _email(rng, p) if rng.random() < 0.65 else ""
            if p.email and len(people) and people[-1].household == household and rng.random() < 0.3:
                p.email = people[-1].email or p.email  # one address for the family
            p.on_file = rng.random() < 0.7
            if p.on_file:
                p.v_number = f"{rng.randrange(10**9, 10**10)}"
                p.case_refs = [
                    f"Z{rng.choice((2023, 2024, 2025))}-{rng.randrange(10**6):06d}"
                    for _ in range(rng.choice((1, 1, 2, 3)))
                ]
            people.append(p)
    return people


def make_firms(rng: random.Random, people: list[Person]) -> dict[int, dict]:
    """Lawyers (gemachtigden) in firms that share a switchboard; some clients are theirs."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(rng.randrange(10**6))
    lawyers: dict[int, dict] = {}
    for firm in range(max(2, len(people) // 150)):
        domain = f"{fake.last_name().lower().replace(' ', '')}-advocaten.nl"
        switchboard = f"+3120{rng.randrange(10**6, 10**7)}"
        for _ in range(rng.choice((1, 2, 3))):
            name = fake.name()
            ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            initials = "".join(w[0] for w in ascii_name.split()[:-1]).lower()
            lawyers[len(lawyers) + 1] = {
                "name": name,
                "email": f"{initials}.{ascii_name.split()[-1].lower()}@{domain}",
                "phone": switchboard if rng.random() < 0.7 else _mobile(rng, "SY", dutch=True),
                "firm": firm,
            }
    for p in people:
        if p.on_file and rng.random() < 0.18:
            p.lawyer = rng.choice(list(lawyers))
    return lawyers
