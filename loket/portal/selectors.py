"""My Loket: a signed-in client's own file, read through the client and nothing else.

Every read starts from the client's ids (the client and anyone merged into them), so an id
of another client's case, question or document is never found. The page costs a fixed
number of queries however many cases and contacts the client has (tests/portal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from loket.cases import selectors as cases
from loket.clients import selectors as clients
from loket.clients.models import Client
from loket.contact import selectors as contact
from loket.contact.models import Question
from loket.core import selectors as core
from loket.core.rows import url_maker

from . import explain

#: How many reads of the file the reads page and the API list (the newest); the log keeps them all.
READS_SHOWN = 100
#: How many of the newest reads and documents My Loket's home shows; the rest are on pages of their own.
READS_ON_HOME = 10
DOCUMENTS_ON_HOME = 10
#: How many of the newest questions My Loket's home shows; the rest are a page of their own.
QUESTIONS_SHOWN = 10
#: Questions per page of "my questions" (the page and the API).
QUESTIONS_PER_PAGE = 20


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
    size_label: str = ""  # "4 bytes", "1.2 MB" in the client's language


@dataclass
class ReadView:
    at: datetime
    what: str
    roles: list[str]
    team: str
    roles_text: str = ""  # the roles as the page lists them ("—" for none)


@dataclass
class MyLoket:
    client: Client
    emails: list[str]
    phones: list[str]
    cases: list[CaseView] = field(default_factory=list)
    questions: list[QuestionView] = field(default_factory=list)  # the newest QUESTIONS_SHOWN
    question_count: int = 0  # all of them
    open_questions: list[tuple[int, str]] = field(default_factory=list)  # (id, reference): uploads go there
    documents: list[DocumentView] = field(default_factory=list)
    reads: list[ReadView] = field(default_factory=list)


def client_ids(client: Client) -> set[int]:
    return clients.merged_ids(client)


class Words:
    """The client's words for codes (explain.py), each translated once per request: a lazy
    text is translated again every time it is turned into a string."""

    def __init__(self):
        self._seen: dict[tuple[int, str], str] = {}

    def of(self, table: dict, code: str, default: str | None = None) -> str:
        key = (id(table), code)
        found = self._seen.get(key)
        if found is None:
            text = table.get(code)
            found = self._seen[key] = str(text) if text is not None else (code if default is None else default)
        return found

    def can_do(self, status: str, *, late: bool) -> str:
        key = (0, f"can_do:{status}:{late}")
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = explain.can_do(status, late=late)
        return found


def case_view(row: dict, today: date, words: Words) -> CaseView:
    """A case for the client from its row (``cases.client_case_rows``)."""
    status = row["current_status"] or "received"
    decided_on = row["decision__decided_on"]
    decided = status == "decided" or decided_on is not None
    if decided:
        status = "decided"
    due = None if decided else row["due_on"]
    days_left = (due - today).days if due is not None else None
    late = days_left is not None and days_left < 0
    return CaseView(
        reference=row["reference"],
        kind=words.of(explain.KIND, row["kind"]),
        track=words.of(explain.TRACK, row["track"]),
        subject=row["subject"],
        status=status,
        status_label=words.of(explain.STATUS, status),
        received_on=row["received_on"],
        due_on=due,
        days_left=days_left,
        late=late,
        decided_on=decided_on,
        suspensions=[
            {"reason": words.of(explain.SUSPENSION_REASON, s.reason, ""), "since": s.since, "until": s.until}
            for s in row["suspensions"]
        ],
        next_step=words.of(explain.NEXT_STEP, status, ""),
        can_do=words.can_do(status, late=late),
    )


def question_view(row: dict, url: str, words: Words) -> QuestionView:
    """A question for the client from its row (``contact.client_question_rows``)."""
    answered = row["status"] == "answered" and row["answer__subject"] is not None
    return QuestionView(
        pk=row["pk"],
        reference=Question.reference_of(row["pk"]),
        subject=row["subject"],
        status=row["status"],
        status_label=words.of(explain.QUESTION_STATUS, row["status"]),
        case_ref=row["case_ref"],
        opened_at=row["opened_at"],
        last_contact_at=row["last_contact_at"],
        contact_count=row["contact_count"],
        answer_subject=row["answer__subject"] if answered else "",
        answer_body=row["answer__body"] if answered else "",
        answered_at=row["answer__sent_at"] if answered else None,
        url=url,
    )


def question_views(rows) -> list[QuestionView]:
    url, words = url_maker("portal:my_question"), Words()
    return [question_view(row, url(row["pk"]), words) for row in rows]


def answer_of(q):
    try:
        return q.answer
    except Exception:  # RelatedObjectDoesNotExist: an answered question whose answer was not kept
        return None


def question_page(client: Client, number) -> Page:
    """One page of all the client's questions, newest first (an unknown page number: the last
    page, as Django's ``get_page`` does). A count and a page: two queries."""
    paginator = Paginator(contact.client_question_rows(client_ids(client)), QUESTIONS_PER_PAGE)
    page = paginator.get_page(number)
    page.object_list = question_views(page.object_list)
    return page


def read_view(read, words: Words) -> ReadView:
    roles = [words.of(explain.ROLE, code) for code in read.roles]
    return ReadView(
        at=read.at,
        what=words.of(explain.READ_OF, read.object_type, ""),
        roles=roles,
        team=read.team,
        roles_text=", ".join(roles) or "—",
    )


def document_views(rows) -> list[DocumentView]:
    """The client's documents from their rows (``contact.client_document_rows``)."""
    document_url, sizes = url_maker("portal:my_document"), {}
    return [
        DocumentView(
            pk=d["pk"],
            name=d["name"],
            size=d["size"],
            content_type=d["content_type"],
            received_at=d["contact__received_at"],
            question_pk=d["contact__question_id"],
            question_reference=Question.reference_of(d["contact__question_id"]),
            case_ref=d["contact__question__case_ref"],
            url=document_url(d["pk"]),
            size_label=sizes.get(d["size"]) or sizes.setdefault(d["size"], filesizeformat(d["size"])),
        )
        for d in rows
    ]


def file_objects(ids, *, case_pks, question_pks, attachment_pks) -> dict[str, list]:
    """What belongs to the client's file, by type, for the reads of it (core.file_reads)."""
    return {
        "clients.client": sorted(ids),
        "cases.case": list(case_pks),
        "contact.question": list(question_pks),
        # a list, not a subquery: with `IN (SELECT ...)` PostgreSQL reads every read of any
        # contact by its type and filters after (bench/RESULTS.md, My Loket)
        "contact.contact": contact.client_contact_ids(ids),
        "contact.attachment": list(attachment_pks),
    }


def my_documents(client: Client) -> list[DocumentView]:
    """All the client's documents, newest first (My Loket's home shows the newest)."""
    return document_views(contact.client_document_rows(client_ids(client)))


def file_reads(client: Client, *, limit: int = READS_SHOWN) -> list[ReadView]:
    """Who at the service opened the client's file, the newest ``limit`` (AVG art. 15)."""
    ids = client_ids(client)
    objects = file_objects(
        ids,
        case_pks=cases.client_cases_of(ids).values_list("pk", flat=True),
        question_pks=[pk for pk, _status in contact.client_question_keys(ids)],
        attachment_pks=[d["pk"] for d in contact.client_document_rows(ids)],
    )
    words = Words()
    return [read_view(r, words) for r in core.file_reads(objects, limit=limit)]


def my_loket(client: Client, *, today: date | None = None, reads: int = READS_SHOWN) -> MyLoket:
    """What My Loket shows for ``client``: a fixed number of queries, and plain values rather
    than model objects (bench/portal.py). ``reads``: how many of the newest reads of the file."""
    today = today or timezone.localdate()
    ids = client_ids(client)
    emails, phones = clients.contact_details(client.pk)
    words = Words()
    case_rows = cases.client_case_rows(ids, today)
    keys = contact.client_question_keys(ids)
    documents = contact.client_document_rows(ids)
    view = MyLoket(client=client, emails=emails, phones=phones)
    view.cases = [case_view(row, today, words) for row in case_rows]
    view.question_count = len(keys)
    view.open_questions = [(pk, Question.reference_of(pk)) for pk, status in keys if status == "open"]
    view.questions = question_views(contact.client_question_rows(ids)[:QUESTIONS_SHOWN]) if keys else []
    view.documents = document_views(documents)
    objects = file_objects(
        ids,
        case_pks=[row["pk"] for row in case_rows],
        question_pks=[pk for pk, _status in keys],
        attachment_pks=[d["pk"] for d in documents],
    )
    view.reads = [read_view(r, words) for r in core.file_reads(objects, limit=reads)]
    return view
