"""Demo appointments for ``loket seed --demo``: three locations, five counter services,
rosters for the coming four weeks, the slots made from them, and the first days nearly
full (booked through the real services, so contacts and audit entries follow)."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from .errors import BookingError
from .models import CounterService, Location, Roster, Slot
from .services import booking, slots
from .services.identify import resolve

WEEKDAYS = {str(d): ["08:30", "17:00"] for d in range(5)}
LOCATIONS = [
    ("dh", "Den Haag", "Rijswijkseplein 1, 2516 LX Den Haag"),
    ("ams", "Amsterdam", "Stadhouderskade 85, 1073 AT Amsterdam"),
    ("zwolle", "Zwolle", "Hanzelaan 310, 8017 JK Zwolle"),
]
SERVICES = [
    ("pickup", "Een verblijfsdocument ophalen", 10, "uitgifte"),
    ("bio", "Biometrie (foto en vingerafdrukken)", 15, "biometrie"),
    ("docs", "Documenten inleveren", 10, "intake"),
    ("interview", "Gesprek", 60, "gehoor"),
    ("sticker", "Verblijfssticker", 15, "uitgifte"),
]
# The services' names as clients read them in the other client languages (machine-assisted,
# like the catalogues: loket/core/languages.py).
NAMES = {
    "pickup": {
        "en": "Collect a residence document",
        "ar": "استلام وثيقة الإقامة",
        "fa": "دریافت مدرک اقامت",
        "ti": "ሰነድ መንበሪ ምቕባል",
        "tr": "Oturma belgesini teslim almak",
        "uk": "Отримати документ на проживання",
        "ru": "Получить документ о проживании",
        "so": "Qaado dukumentiga deganaanshaha",
        "fr": "Retirer un titre de séjour",
    },
    "bio": {
        "en": "Biometrics (photo and fingerprints)",
        "ar": "القياسات الحيوية (صورة وبصمات الأصابع)",
        "fa": "بیومتریک (عکس و اثر انگشت)",
        "ti": "ባዮሜትሪክ (ስእልን ኣሰር ኣጻብዕን)",
        "tr": "Biyometri (fotoğraf ve parmak izi)",
        "uk": "Біометрія (фото та відбитки пальців)",
        "ru": "Биометрия (фото и отпечатки пальцев)",
        "so": "Biometrics (sawir iyo faraha)",
        "fr": "Biométrie (photo et empreintes digitales)",
    },
    "docs": {
        "en": "Hand in documents",
        "ar": "تسليم المستندات",
        "fa": "تحویل مدارک",
        "ti": "ሰነዳት ምርካብ",
        "tr": "Belge teslim etmek",
        "uk": "Здати документи",
        "ru": "Сдать документы",
        "so": "Dhiib dukumentiyada",
        "fr": "Remettre des documents",
    },
    "interview": {
        "en": "Interview",
        "ar": "مقابلة",
        "fa": "مصاحبه",
        "ti": "ቃለ-መሕትት",
        "tr": "Görüşme",
        "uk": "Співбесіда",
        "ru": "Собеседование",
        "so": "Wareysi",
        "fr": "Entretien",
    },
    "sticker": {
        "en": "Residence sticker",
        "ar": "ملصق الإقامة",
        "fa": "برچسب اقامت",
        "ti": "ስቲከር መንበሪ",
        "tr": "Oturma etiketi",
        "uk": "Наклейка про проживання",
        "ru": "Наклейка о проживании",
        "so": "Istiikarka deganaanshaha",
        "fr": "Vignette de séjour",
    },
}
PEOPLE = [
    ("Mohammed Al-Hassan", "1234567890", "1985-03-12"),
    ("Senait Tesfaye", "2345678901", "1992-07-01"),
    ("Olena Kovalenko", "3456789012", "1979-11-23"),
    ("Yusuf Rahimi", "4567890123", "2001-02-14"),
    ("Farah Warsame", "5678901234", "1995-09-09"),
    ("Mehmet Yilmaz", "6789012345", "1988-05-30"),
]


def seed(out) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        services = {
            code: CounterService.objects.update_or_create(
                code=code,
                defaults={"name": name, "duration_minutes": minutes, "skill": skill, "names": NAMES[code]},
            )[0]
            for code, name, minutes, skill in SERVICES
        }
        for code, name, address in LOCATIONS:
            location, _ = Location.objects.update_or_create(
                code=code, defaults={"name": name, "address": address, "opening_hours": WEEKDAYS}
            )
            for offset in range(29):
                day = today + timedelta(days=offset)
                plan = [(1, "pickup"), (2, "pickup"), (3, "bio"), (4, "docs"), (5, "interview"), (6, "sticker")]
                for counter, service in plan[: 6 if code == "dh" else 4]:
                    Roster.objects.update_or_create(
                        location=location,
                        day=day,
                        counter=counter,
                        starts=time(9),
                        defaults={"service": services[service], "ends": time(12, 30)},
                    )
            slots.generate(
                location=location, start=today, end=today + timedelta(days=28), actor="demo", jitter_seconds=0
            )
    # Nearly full: the first slots of biometrics (one seat: full) and of collecting a
    # document (two seats: one taken) in Den Haag.
    people = [resolve(actor="demo", name=n, v_number=v, birth_date=b, language="nl") for n, v, b in PEOPLE]
    made = 0
    for service in ("bio", "pickup"):
        ahead = Slot.objects.filter(location__code="dh", service__code=service, starts_at__gt=timezone.now())
        for i, (person, slot) in enumerate(zip(people, ahead.order_by("starts_at")[: len(people)])):
            try:
                booking.book(slot=slot, client=person, actor="demo", channel="web", email=f"demo{i}@example.org")
                made += 1
            except BookingError:
                continue
    out.write(f"    appointments: {Slot.objects.count()} slots, {made} demo bookings")
