"""Queries of the contact app: the work queue, a question with its contacts, tasks, and a
client's timeline (every contact on every channel, every answer, every case).

``timeline_for(client)`` is what the clients app's client page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from loket.clients import services as clients

from ..core.deadlines import days_left
from . import clientlink
from .choices import QuestionStatus
from .models import Answer, Attachment, Contact, Question, QuestionMerge, Task


def open_questions() -> QuerySet[Question]:
    return Question.objects.filter(status=QuestionStatus.OPEN)


def work_queue(
    user, *, channel: str = "", topic: str = "", overdue: bool = False, mine: bool = False, today: date | None = None
) -> QuerySet[Question]:
    """Open questions, soonest deadline first; a question is on the queue once, however
    many contacts joined it."""
    today = today or timezone.localdate()
    questions = open_questions().select_related("client", "owner")
    if channel:
        questions = questions.filter(contacts__channel=channel).distinct()
    if topic:
        questions = questions.filter(topic=topic)
    if overdue:
        questions = questions.filter(due_on__lt=today)
    if mine:
        questions = questions.filter(owner=user)
    return questions.order_by("due_on", "opened_at", "pk")


def contact_counts(question_ids) -> dict[int, int]:
    """How many contacts joined each of these questions: counted for the one page a queue
    shows, not grouped over every open question (11.8 ms a view at a million contacts)."""
    rows = Contact.objects.filter(question_id__in=list(question_ids)).values("question_id").annotate(n=Count("id"))
    return {row["question_id"]: row["n"] for row in rows}


def overdue_days(question: Question, today: date | None = None) -> int:
    """Days past the deadline (0 when not overdue); for an answered question, how late it was."""
    end = timezone.localtime(question.answered_at).date() if question.answered_at else (today or timezone.localdate())
    return max(0, -days_left(question.due_on, end))


def question_with_contacts(pk: int) -> Question:
    """One question with what its page shows: its contacts (oldest first, with their
    attachments' names) and tasks; raises Question.DoesNotExist."""
    contacts = (
        Contact.objects.select_related("client", "agent")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("data")))
        .order_by("received_at")
    )
    return (
        Question.objects.select_related("client", "owner", "merged_into", "follows")
        .prefetch_related(Prefetch("contacts", queryset=contacts), "tasks")
        .get(pk=pk)
    )


def answer_of(question: Question) -> Answer | None:
    return Answer.objects.filter(question=question).first()


def merges_of(question: Question) -> QuerySet[QuestionMerge]:
    return QuestionMerge.objects.filter(Q(keep=question) | Q(merged=question)).select_related("actor", "undone_by")


def open_tasks(user=None) -> QuerySet[Task]:
    tasks = Task.objects.filter(done_at__isnull=True).select_related("question", "answer", "assigned_to")
    if user is not None:
        tasks = tasks.filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
    return tasks.order_by("due_on", "pk")


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # contact | answer | case
    channel: str
    title: str
    detail: str
    url: str
    question: str = ""


def _cases_of(client_ids: set[int]) -> list:
    """The clients' cases, through the relation the cases app puts on Client (``client.cases``).
    Contact and cases are siblings above clients: neither imports the other."""
    try:
        relation = clientlink.client_model()._meta.get_field("cases")
    except FieldDoesNotExist:
        return []
    return list(relation.related_model.objects.filter(client_id__in=client_ids))


def _case_entries(client_ids: set[int]) -> list[TimelineEntry]:
    entries = []
    for case in _cases_of(client_ids):
        day = getattr(case, "received_on", None) or getattr(case, "opened_on", None)
        if day is None:
            continue
        try:
            url = reverse("desk:cases:detail", args=[case.pk])
        except NoReverseMatch:
            url = ""
        kind = case.get_kind_display() if hasattr(case, "get_kind_display") else ""
        entries.append(
            TimelineEntry(
                at=timezone.make_aware(datetime.combine(day, time.min)),
                kind="case",
                channel="",
                title=" ".join(x for x in (str(case), getattr(case, "subject", "")) if x),
                detail=str(kind),
                url=url,
            )
        )
    return entries


def timeline_for(client, *, limit: int = 500) -> list[TimelineEntry]:
    """Everything that happened between the client and the service, newest first: every
    contact on every channel (of this client and every client merged into it), every
    answer, every case."""
    ids = clientlink.merged_ids(client.resolved())
    entries = []
    contacts = (
        Contact.objects.filter(client_id__in=ids)
        .select_related("question")
        .only("pk", "ref", "channel", "received_at", "subject", "body", "topic", "question__id")
        .order_by("-received_at")[:limit]
    )
    for c in contacts:
        entries.append(
            TimelineEntry(
                at=c.received_at,
                kind="contact",
                channel=c.get_channel_display(),
                title=c.subject or c.get_topic_display(),
                detail=c.body[:200],
                url=reverse("desk:contact:contact", args=[c.pk]),
                question=c.question.reference,
            )
        )
    answers = Answer.objects.filter(question__contacts__client_id__in=ids).distinct().select_related("question")
    for a in answers.order_by("-sent_at")[:limit]:
        entries.append(
            TimelineEntry(
                at=a.sent_at,
                kind="answer",
                channel=a.get_channel_display(),
                title=a.subject,
                detail=a.body[:200],
                url=reverse("desk:contact:question", args=[a.question_id]),
                question=a.question.reference,
            )
        )
    entries += _case_entries(ids)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


# The client's own view (My Loket). Every read starts from the client's ids, so that a
# question, contact or file of anyone else is "not found", whatever id is asked for.


def client_questions(client_ids) -> QuerySet[Question]:
    """The client's questions (merged ones live on in the question they joined), newest
    first, each with its answer and the number of contacts: three queries however many."""
    return (
        Question.objects.filter(client_id__in=client_ids)
        .exclude(status=QuestionStatus.MERGED)
        .select_related("answer")
        .annotate(contact_count=Count("contacts"))
        .order_by("-last_contact_at", "-pk")
    )


#: What the client site shows of a question and its answer (``client_question_rows``).
CLIENT_QUESTION_FIELDS = (
    "pk",
    "subject",
    "status",
    "case_ref",
    "opened_at",
    "last_contact_at",
    "contact_count",
    "answer__subject",
    "answer__body",
    "answer__sent_at",
)


def client_question_rows(client_ids) -> QuerySet:
    """The client's questions as plain rows (``CLIENT_QUESTION_FIELDS``), newest first, to
    slice or page: no model objects for a list the client only reads."""
    return client_questions(client_ids).values(*CLIENT_QUESTION_FIELDS)


def client_question_keys(client_ids) -> list[tuple[int, str]]:
    """(id, status) of every question of the client, newest first: small enough to read whole
    (the ids for "who opened my file", the open ones for the upload form)."""
    return list(
        Question.objects.filter(client_id__in=client_ids)
        .exclude(status=QuestionStatus.MERGED)
        .order_by("-last_contact_at", "-pk")
        .values_list("pk", "status")
    )


def client_question(client_ids, pk: int) -> Question:
    """One question of the client with its contacts (oldest first) and their files' names;
    raises Question.DoesNotExist for a question of anyone else."""
    contacts = (
        Contact.objects.defer("match_reasons", "match_candidates", "references")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("data").order_by("pk")))
        .order_by("received_at", "pk")
    )
    return client_questions(client_ids).prefetch_related(Prefetch("contacts", queryset=contacts)).get(pk=pk)


def client_documents(client_ids) -> QuerySet[Attachment]:
    """The files that came with the client's contacts, newest first, without their bytes."""
    return (
        Attachment.objects.filter(contact__client_id__in=client_ids)
        .select_related("contact__question")
        .only(
            "pk",
            "name",
            "content_type",
            "size",
            "contact__received_at",
            "contact__channel",
            "contact__question_id",
            "contact__question__id",
            "contact__question__subject",
            "contact__question__case_ref",
        )
        .order_by("-contact__received_at", "-pk")
    )


def client_document_rows(client_ids) -> list[dict]:
    """The files of the client's contacts as plain rows, newest first, without their bytes."""
    return list(
        Attachment.objects.filter(contact__client_id__in=client_ids)
        .order_by("-contact__received_at", "-pk")
        .values(
            "pk",
            "name",
            "content_type",
            "size",
            "contact__received_at",
            "contact__question_id",
            "contact__question__case_ref",
        )
    )


def client_document(client_ids, pk: int) -> Attachment:
    """One of the client's files with its bytes; raises Attachment.DoesNotExist otherwise."""
    return Attachment.objects.filter(contact__client_id__in=client_ids).get(pk=pk)


def client_contact_ids(client_ids) -> list[int]:
    """The ids of the client's contacts (for the list of who read them, in the audit log)."""
    return list(Contact.objects.filter(client_id__in=client_ids).order_by().values_list("pk", flat=True))


def sender_identities(limit: int):
    """What the newest ``limit`` contacts said about their senders, each with the client it
    is linked to (or None), for the clients app to learn its linkage weights from; streamed."""
    fields = ("name", "birth_date", "nationality", "v_number", "email", "phone", "case_ref")
    rows = Contact.objects.order_by("-received_at").values_list(*fields, "client_id")[:limit]
    for row in rows.iterator(chunk_size=2000):
        yield clients.ContactIdentity(**dict(zip(fields, row[:-1], strict=True))), row[-1]


def doubtful_details(contact: Contact) -> list[tuple[str, str, str]]:
    """(field, as written, why doubtful) of each detail the contact kept as written, in the
    agent's language, in the order of the contact's fields."""
    doubts = contact.doubts or {}
    out = []
    for f in Contact._meta.concrete_fields:
        if f.name in doubts and isinstance(doubts[f.name], dict):
            doubt = doubts[f.name]
            out.append(
                (str(f.verbose_name), str(doubt.get("written", "")), clientlink.doubt_label(doubt.get("reason", "")))
            )
    return out
