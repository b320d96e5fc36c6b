"""Demo contacts for ``loket seed --demo``: one client on three channels about one matter,
a name in Arabic script and its transliteration, and a family sharing a phone number, all
through the real import so that matching and grouping do their work."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from .services import import_jsonl


def _contacts(now):
    def at(days, hours=10):
        return (now - timedelta(days=days)).replace(hour=hours, minute=0, second=0, microsecond=0).isoformat()

    return [
        {
            "ref": "DEMO-C-1",
            "channel": "email",
            "received_at": at(3),
            "name": "Mohammed Al-Hassan",
            "email": "m.alhassan@example.org",
            "v_number": "1234567890",
            "case_ref": "DEMO-B-1",
            "subject": "Status of my objection",
            "body": "When will you decide on my objection?",
            "message_id": "<demo-1@example.org>",
        },
        {
            "ref": "DEMO-C-2",
            "channel": "phone",
            "received_at": at(2),
            "name": "Muhammad Alhassan",
            "phone": "+31 6 12345678",
            "v_number": "12-3456-7890",
            "case_ref": "DEMO-B-1",
            "topic": "status",
            "body": "Calls about the same objection; e-mailed yesterday.",
        },
        {
            "ref": "DEMO-C-3",
            "channel": "web",
            "received_at": at(1),
            "name": "محمد الحسن",
            "birth_date": "1990",
            "nationality": "SY",
            "email": "m.alhassan@example.org",
            "topic": "status",
            "body": "Ik wil weten wanneer er op mijn bezwaar wordt beslist.",
        },
        {
            "ref": "DEMO-C-4",
            "channel": "counter",
            "received_at": at(5),
            "name": "Amina Yusuf",
            "birth_date": "1985-03-02",
            "nationality": "SO",
            "phone": "0612000111",
            "topic": "document",
            "body": "Needs a new residence document after a move.",
        },
        {
            "ref": "DEMO-C-5",
            "channel": "phone",
            "received_at": at(4),
            "name": "Hodan Yusuf",
            "birth_date": "2004-07-19",
            "nationality": "SO",
            "phone": "0612000111",
            "topic": "family",
            "body": "Daughter of Amina, same family phone: a different person.",
        },
        {
            "ref": "DEMO-C-6",
            "channel": "letter",
            "received_at": at(9),
            "name": "Olena Shevchenko",
            "birth_date": "1979-11-23",
            "nationality": "UA",
            "subject": "Verhuizing",
            "body": "Ik ben verhuisd en geef mijn nieuwe adres door.",
        },
    ]


def seed(out) -> None:
    lines = [json.dumps(c, ensure_ascii=False) for c in _contacts(timezone.now())]
    report = import_jsonl(lines, actor="demo", source="demo")
    out.write(f"    {report.stored} demo contacts on every channel ({report.duplicates} already there)\n")
