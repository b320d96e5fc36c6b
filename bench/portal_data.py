"""The data of bench/portal.py: three million contacts (in questions of three) and three million
audit entries (reads of files) by COPY over the bulk clients, and the measured client through
the ORM (its cases, contacts, questions, documents and a staff read of each case)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

TARGET_V = "8000000001"  # the measured client (bulk clients have V-numbers from 9000000000)
PER_QUESTION = 3


def say(text: str) -> None:
    print(text, flush=True)


def load_contacts(total: int) -> dict:
    """Questions of ``PER_QUESTION`` contacts each, spread over the bulk clients (COPY)."""
    import bulkdata
    from django.db import DatabaseError, connection, transaction

    from loket.clients.models import Client
    from loket.contact.models import Contact, Question

    have = Contact.objects.filter(ref__startswith="bulk-").count()
    if have >= total:
        say(f"==> bulk contacts present: {have:,}")
        return {"loaded": False, "contacts": have, "seconds": 0}
    if have:
        raise SystemExit(f"a partial contact load ({have:,}): remove the cluster folder and run again")
    started = time.monotonic()
    ids = list(Client.objects.filter(v_number__startswith="9").order_by("pk").values_list("pk", flat=True))
    questions = total // PER_QUESTION
    now = datetime.now(UTC)
    q_base = (Question.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    c_base = (Contact.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    say(f"==> bulk load: {questions:,} questions, {total:,} contacts (COPY)")
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor
        try:
            with transaction.atomic():
                wrapper.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass

        def question_rows():
            for i in range(questions):
                at = now - timedelta(minutes=i % 500_000)
                yield {
                    "id": q_base + i,
                    "client_id": ids[(i * 7919) % len(ids)],
                    "topic": "status",
                    "case_ref": "",
                    "subject": "Waar blijft mijn vergunning?",
                    "channel": "email",
                    "language": "nl",
                    "opened_at": at,
                    "last_contact_at": at,
                    "norm_days": 5,
                    "due_on": (at + timedelta(days=7)).date(),
                    "status": "answered" if i % 2 else "open",
                }

        def contact_rows():
            for i in range(questions * PER_QUESTION):
                q = i // PER_QUESTION
                yield {
                    "id": c_base + i,
                    "ref": f"bulk-{i}",
                    "channel": "email",
                    "received_at": now - timedelta(minutes=q % 500_000),
                    "client_id": ids[(q * 7919) % len(ids)],
                    "question_id": q_base + q,
                    "topic": "status",
                    "topic_detected": True,
                    "body": "Ik wacht al lang op een besluit.",
                    "match_reasons": "[]",
                    "match_candidates": "[]",
                    "created_at": now,
                }

        bulkdata._copy(cursor, Question, question_rows(), questions, sys.stdout, "questions")
        bulkdata._copy(cursor, Contact, contact_rows(), questions * PER_QUESTION, sys.stdout, "contacts")
    with connection.cursor() as c:
        c.execute("ANALYZE contact_question; ANALYZE contact_contact")
    return {"loaded": True, "contacts": questions * PER_QUESTION, "seconds": round(time.monotonic() - started, 1)}


AUDIT_SEQ = 10**12  # bulk audit entries are numbered apart from the chain audit.record keeps
READ_ACTIONS = [
    ("cases.case.viewed", "cases.case"),
    ("contact.question.viewed", "contact.question"),
    ("clients.client.read", "clients.client"),
    ("cases.case.updated", "cases.case"),
]


def load_audit(total: int) -> dict:
    """A production-sized audit log (every read of a file is an entry): ``total`` entries by
    the demo staff about the bulk cases, questions and clients, by COPY. They stand outside
    the keyed chain (numbered from AUDIT_SEQ, hashes left blank): `loket audit verify` does
    not hold for this database, the query plans of "who opened my file" do."""
    import bulkdata
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from loket.core.audit_models import AuditEntry

    have = AuditEntry.objects.filter(seq__gte=AUDIT_SEQ).count()
    if have >= total:
        say(f"==> bulk audit entries present: {have:,}")
        return {"loaded": False, "entries": have, "seconds": 0}
    if have:
        raise SystemExit(f"a partial audit load ({have:,}): remove the cluster folder and run again")
    started = time.monotonic()
    actors = list(get_user_model().objects.filter(employee__isnull=False).values_list("username", flat=True))
    with connection.cursor() as c:
        c.execute("SELECT min(id), max(id) FROM cases_case WHERE reference LIKE 'BULK-%'")
        case_lo, case_hi = c.fetchone()
        c.execute("SELECT min(id), max(id) FROM contact_question")
        q_lo, q_hi = c.fetchone()
        c.execute("SELECT min(id), max(id) FROM clients_client WHERE v_number LIKE '9%'")
        client_lo, client_hi = c.fetchone()
    spans = {
        "cases.case": (case_lo, case_hi),
        "contact.question": (q_lo, q_hi),
        "clients.client": (client_lo, client_hi),
    }
    base = (AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    now = datetime.now(UTC)
    say(f"==> bulk load: {total:,} audit entries (COPY)")

    def rows():
        for i in range(total):
            action, object_type = READ_ACTIONS[i % len(READ_ACTIONS)]
            lo, hi = spans[object_type]
            yield {
                "id": base + i,
                "seq": AUDIT_SEQ + i,
                "at": now - timedelta(seconds=(total - i) * 10),
                "actor": actors[i % len(actors)],
                "action": action,
                "object_type": object_type,
                "object_id": str(lo + (i * 7919) % (hi - lo + 1)),
            }

    with transaction.atomic(), connection.cursor() as wrapper:
        bulkdata._copy(wrapper.cursor, AuditEntry, rows(), total, sys.stdout, "audit entries")
    with connection.cursor() as c:
        c.execute("ANALYZE core_auditentry")
    return {"loaded": True, "entries": total, "seconds": round(time.monotonic() - started, 1)}


def make_target(cases: int, contacts: int):
    """The measured client, made once: ``cases`` cases and ``contacts`` contacts."""
    from django.db import transaction

    from loket.clients.models import Client

    client = Client.objects.filter(v_number=TARGET_V).first()
    if client is not None:
        return client
    with transaction.atomic():  # all or nothing: a second run finds the whole client or none
        return _make_target(cases, contacts)


def _make_target(cases: int, contacts: int):
    from django.contrib.auth import get_user_model

    from loket.cases import services as case_services
    from loket.clients.models import Client, ClientEmail
    from loket.contact.models import Answer, Attachment, Contact, Question
    from loket.core import audit
    from loket.core.models import OrgUnit

    client = Client.objects.create(v_number=TARGET_V, display_name="Amal Haddad", language="nl")
    ClientEmail.objects.create(client=client, address="amal.bench@example.org")
    officer = get_user_model().objects.get(username="objection")
    team = OrgUnit.objects.get(code="OBJ1")
    today = datetime.now(UTC).date()
    for n in range(cases):
        case = case_services.open_case(
            actor=officer,
            kind="objection" if n % 4 == 0 else "application",
            track="regular",
            team=team,
            client=client,
            received_on=today - timedelta(days=5 + n),
            contested_decided_on=today - timedelta(days=40) if n % 4 == 0 else None,
            contested_notified_on=today - timedelta(days=39) if n % 4 == 0 else None,
            contested_author_ref="E0902" if n % 4 == 0 else "",
            contested_signatory_ref="E0901" if n % 4 == 0 else "",
        )
        # need to know: only the assigned officer records events (the draw never picks the opener)
        case_services.assign(case=case, officer=officer, via="bench")
        if n == 0:
            case_services.record_event(case=case, actor=officer, type="suspended", on=today - timedelta(days=2))
        audit.record(actor=officer, action="cases.case.viewed", obj=case)
    start = datetime.now(UTC) - timedelta(days=60)
    for q in range(contacts // 10):
        answered = q % 2 == 0
        question = Question.objects.create(
            client=client,
            subject=f"Vraag {q}",
            channel="email",
            opened_at=start,
            last_contact_at=start,
            norm_days=5,
            due_on=today,
            status="answered" if answered else "open",
            answered_at=start if answered else None,
        )
        if answered:
            Answer.objects.create(
                question=question,
                channel="email",
                language="nl",
                subject="Re",
                body="Ons antwoord.",
                sent_at=start + timedelta(days=1),
                within_norm=True,
            )
        made = Contact.objects.bulk_create(
            Contact(
                ref=f"target-{q}-{i}",
                channel="email",
                received_at=start + timedelta(minutes=i),
                client=client,
                question=question,
                body="Mijn vraag.",
            )
            for i in range(10)
        )
        Attachment.objects.create(
            contact=made[0], name="scan.pdf", content_type="application/pdf", size=4, data=b"%PDF"
        )
    return client
