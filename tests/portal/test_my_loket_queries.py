"""The number of queries of My Loket and its API does not grow with the client's cases and
contacts (the claim behind bench/portal.py's figures in bench/RESULTS.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from loket.cases import services as case_services
from loket.contact.models import Answer, Attachment, Contact, Question
from loket.core import audit
from tests.cases.conftest import at
from tests.portal.my_loket_support import AMS, make_client, officer, open_application, sign_in  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def fill(person, *, cases: int, contacts: int, open_application, officer):
    """``cases`` cases (one suspended) and ``contacts`` contacts in questions of ten, half
    answered, a file on every tenth contact, and a staff read of each case."""
    with at(TODAY):
        for n in range(cases):
            case = open_application(person)
            if n == 0:
                case_services.record_event(case=case, actor=officer, type="suspended", on=date(2026, 5, 10))
            audit.record(actor=officer, action="cases.case.viewed", obj=case)
    start = datetime(2026, 5, 1, 9, tzinfo=AMS)
    for q in range((contacts + 9) // 10):
        answered = q % 2 == 0
        question = Question.objects.create(
            client=person,
            subject=f"Question {q}",
            channel="email",
            opened_at=start,
            last_contact_at=start,
            norm_days=5,
            due_on=date(2026, 5, 8),
            status="answered" if answered else "open",
            answered_at=start + timedelta(days=1) if answered else None,
        )
        if answered:
            Answer.objects.create(
                question=question,
                channel="email",
                language="en",
                subject="Re",
                body="Answer",
                sent_at=start + timedelta(days=1),
                within_norm=True,
            )
        made = Contact.objects.bulk_create(
            Contact(
                ref=f"q-{person.pk}-{q}-{i}",
                channel="email",
                received_at=start + timedelta(minutes=i),
                client=person,
                question=question,
                body="text",
            )
            for i in range(min(10, contacts - q * 10))
        )
        Attachment.objects.create(
            contact=made[0], name="scan.pdf", content_type="application/pdf", size=4, data=b"%PDF"
        )


def count(client, path) -> int:
    with at(TODAY), CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


PATHS = ["/mijn/", "/mijn/vragen/", "/api/v1/portal/my-loket", "/api/v1/portal/my-loket/questions"]


def test_queries_do_not_grow_with_cases_and_contacts(client, open_application, officer):
    small, large = make_client("Small"), make_client("Large")
    fill(small, cases=1, contacts=3, open_application=open_application, officer=officer)
    fill(large, cases=20, contacts=300, open_application=open_application, officer=officer)
    for path in PATHS:
        sign_in(client, small)
        count(client, path)  # warm caches (content types, calendar) and the idle timer (written once a minute)
        few = count(client, path)
        sign_in(client, large)
        count(client, path)
        many = count(client, path)
        assert many == few, f"{path}: {few} queries for 1 case and 3 contacts, {many} for 20 cases and 300 contacts"
        assert many <= 20
