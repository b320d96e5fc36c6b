"""My Loket: a signed-in client's own file, read through the client and nothing else.

Every read starts from the client's ids (the client and anyone merged into them), so an id
of another client's case, question or document is never found. The page costs a fixed
number of queries however many cases and contacts the client has (tests/portal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from loket.cases import selectors as cases
from loket.clients import selectors as clients
from loket.clients.models import Client
from loket.contact import selectors as contact
from loket.core import selectors as core

from . import explain

#: How many reads of the file the page lists (the newest); the log keeps them all.
READS_SHOWN = 100
#: The columns of a question (and its answer) that My Loket shows.
QUESTION_FIELDS = (
    "id",
    "subject",
    "status",
    "case_ref",
    "opened_at",
    "last_contact_at",
    "answer__id",
    "answer__question",
    "answer__subject",
    "answer__body",
    "answer__sent_at",
)


@dataclass
class CaseView:
    reference: str
    kind: str
    track: str
    subject: str
    status: str
    status_label: str
    received_on: date | None
    due_on: date | None  # the statutory decision date, from the rules' calendar
    days_left: int | None
    late: bool
    decided_on: date | None
    suspensions: list
    next_step: str
    can_do: str


@dataclass
class QuestionView:
    pk: int
    reference: str
    subject: str
    status: str
    status_label: str
    case_ref: str
    opened_at: datetime
    last_contact_at: datetime
    contact_count: int
    answer_subject: str
    answer_body: str
    answered_at: datetime | None
    url: str = ""


@dataclass
class DocumentView:
    pk: int
    name: str
    size: int
    content_type: str
    received_at: datetime
    question_pk: int
    question_reference: str
    case_ref: str
    url: str = ""


@dataclass
class ReadView:
    at: datetime
    what: str
    roles: list[str]
    team: str


@dataclass
class MyLoket:
    client: Client
    emails: list[str]
    phones: list[str]
    cases: list[CaseView] = field(default_factory=list)
    questions: list[QuestionView] = field(default_factory=list)
    documents: list[DocumentView] = field(default_factory=list)
    reads: list[ReadView] = field(default_factory=list)


def client_ids(client: Client) -> set[int]:
    return clients.merged_ids(client)


def case_view(case, today: date) -> CaseView:
    standing = cases.standing(case, today)
    status = case.current_status or "received"
    decided = status == "decided" or case.decided_on is not None
    if decided:
        status = "decided"
    late = standing.late and not decided
    return CaseView(
        reference=case.reference,
        kind=str(explain.KIND.get(case.kind, case.kind)),
        track=str(explain.TRACK.get(case.track, case.track)),
        subject=case.subject,
        status=status,
        status_label=str(explain.STATUS.get(status, status)),
        received_on=case.received_on,
        due_on=None if decided else standing.due_on,
        days_left=None if decided else standing.days_left,
        late=late,
        decided_on=case.decided_on,
        suspensions=[
            {"reason": str(explain.SUSPENSION_REASON.get(s.reason, "")), "since": s.since, "until": s.until}
            for s in cases.suspensions(case)
        ],
        next_step=str(explain.NEXT_STEP.get(status, "")),
        can_do=explain.can_do(status, late=late),
    )


def url_maker(name: str):
    """``reverse(name, args=[pk])`` for every row of a list at the price of one reverse: the
    page and the API link each question and document (bench/portal.py)."""
    mark = 987654321987
    head, _, tail = reverse(name, args=[mark]).rpartition(str(mark))
    return lambda pk: f"{head}{int(pk)}{tail}"


def question_view(q, url: str) -> QuestionView:
    answer = answer_of(q) if q.status == "answered" else None
    return QuestionView(
        pk=q.pk,
        reference=q.reference,
        subject=q.subject,
        status=q.status,
        status_label=str(explain.QUESTION_STATUS.get(q.status, q.status)),
        case_ref=q.case_ref,
        opened_at=q.opened_at,
        last_contact_at=q.last_contact_at,
        contact_count=q.contact_count,
        answer_subject=answer.subject if answer else "",
        answer_body=answer.body if answer else "",
        answered_at=answer.sent_at if answer else None,
        url=url,
    )


def answer_of(q):
    try:
        return q.answer
    except Exception:  # RelatedObjectDoesNotExist: an answered question whose answer was not kept
        return None


def my_loket(client: Client, *, today: date | None = None) -> MyLoket:
    """Everything My Loket shows for ``client``."""
    today = today or timezone.localdate()
    ids = client_ids(client)
    emails, phones = clients.contact_details(client.pk)
    case_rows = list(cases.client_cases_of(ids))
    # only what the page shows: a question row carries language detection and routing besides
    questions = list(contact.client_questions(ids).only(*QUESTION_FIELDS))
    documents = list(contact.client_documents(ids))
    view = MyLoket(client=client, emails=emails, phones=phones)
    view.cases = [case_view(c, today) for c in case_rows]
    question_url, document_url = url_maker("portal:my_question"), url_maker("portal:my_document")
    view.questions = [question_view(q, question_url(q.pk)) for q in questions]
    view.documents = [
        DocumentView(
            pk=d.pk,
            name=d.name,
            size=d.size,
            content_type=d.content_type,
            received_at=d.contact.received_at,
            question_pk=d.contact.question_id,
            question_reference=d.contact.question.reference,
            case_ref=d.contact.question.case_ref,
            url=document_url(d.pk),
        )
        for d in documents
    ]
    objects = {
        "clients.client": sorted(ids),
        "cases.case": [c.pk for c in case_rows],
        "contact.question": [q.pk for q in questions],
        "contact.contact": contact.client_contact_ids(ids),
        "contact.attachment": [d.pk for d in documents],
    }
    view.reads = [
        ReadView(
            at=r.at,
            what=str(explain.READ_OF.get(r.object_type, "")),
            roles=[str(explain.ROLE.get(code, code)) for code in r.roles],
            team=r.team,
        )
        for r in core.file_reads(objects, limit=READS_SHOWN)
    ]
    return view
