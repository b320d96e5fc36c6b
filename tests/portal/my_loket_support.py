"""Builders for the My Loket tests: clients, their cases, questions, answers and files, and
signing a client in by the session keys of ``loket.portal.client_session``."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from loket.cases import services as case_services
from loket.clients.models import Client, ClientEmail, ClientPhone, Representative
from loket.contact.models import Answer, Attachment, Contact, Question
from loket.core.roles import Role
from loket.portal.client_session import SESSION_CLIENT, SESSION_METHOD, SESSION_REPRESENTATIVE

AMS = ZoneInfo("Europe/Amsterdam")
_n = itertools.count(1)


def make_client(name="Amal Haddad", *, v_number=None, email="", phone="", language="en") -> Client:
    n = next(_n)
    client = Client.objects.create(display_name=name, v_number=v_number or f"{1000000000 + n}", language=language)
    if email:
        ClientEmail.objects.create(client=client, address=email)
    if phone:
        ClientPhone.objects.create(client=client, number=phone)
    return client


def sign_in(test_client, client: Client | None, representative: Representative | None = None) -> None:
    session = test_client.session
    session[SESSION_CLIENT] = client.pk if client else None
    session[SESSION_REPRESENTATIVE] = representative.pk if representative else None
    session[SESSION_METHOD] = "digid"
    session.save()
    test_client.cookies["sessionid"] = session.session_key


def make_question(
    client: Client,
    *,
    subject="Where is my permit?",
    body="When do I hear from you?",
    answer="",
    at=None,
    case_ref="",
    contacts=1,
) -> Question:
    at = at or datetime(2026, 5, 20, 10, tzinfo=AMS)
    question = Question.objects.create(
        client=client,
        subject=subject,
        channel="email",
        opened_at=at,
        last_contact_at=at,
        norm_days=5,
        due_on=(at + timedelta(days=7)).date(),
        case_ref=case_ref,
        language="en",
        status="answered" if answer else "open",
        answered_at=at + timedelta(days=2) if answer else None,
    )
    for i in range(contacts):
        Contact.objects.create(
            ref=f"test-{next(_n)}",
            channel="email",
            received_at=at + timedelta(minutes=i),
            client=client,
            question=question,
            subject=subject,
            body=body,
        )
    if answer:
        Answer.objects.create(
            question=question,
            channel="email",
            language="en",
            subject=f"Re: {subject}",
            body=answer,
            sent_at=at + timedelta(days=2),
            within_norm=True,
        )
    return question


def attach(
    question: Question, *, name="letter.pdf", data=b"%PDF-1.4 test", content_type="application/pdf"
) -> Attachment:
    contact = question.contacts.first()
    return Attachment.objects.create(contact=contact, name=name, content_type=content_type, size=len(data), data=data)


@pytest.fixture
def officer(make_user, org):
    return make_user(Role.DECISION_OFFICER, username="daan", unit=org["team"])


@pytest.fixture
def open_application(officer):
    """open_application(client, **fields) -> a case received on 4 May 2026 (opened on 'today'),
    assigned to ``handler`` (default: the officer). The system's draw never gives a case to
    whoever opened it, and need to know (loket.cases.access) lets only the assigned officer
    record events in it; as in tests/cases/conftest.py, the tests assign it themselves."""

    def make(client, handler=officer, **fields):
        values = dict(
            actor=officer,
            kind="application",
            track="regular",
            team=officer.employee.unit,
            received_on=date(2026, 5, 4),
            client=client,
        )
        values.update(fields)
        case = case_services.open_case(**values)
        if handler is not None:
            case_services.assign(case=case, officer=handler, via="test")
        return case

    return make
