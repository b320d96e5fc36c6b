"""Which question (klantvraag) a new contact joins.

Contacts from the same client about the same matter join one question, on any channel:

1. the same e-mail thread (Message-ID, In-Reply-To, References; also an answer we sent);
2. the same case reference (zaaknummer) on the same topic within the window, for the same
   client or for a client not yet confirmed (one case raises several matters: its
   status, its fees, a document; and a case reference is no reason to join contacts
   months apart);
3. the same topic within a window of the question's contacts, unless both carry different
   case references. The window is learned from the register (``question_window``: how long
   the register's clients take to answer an e-mail), at least ``CONTACT_QUESTION_WINDOW_DAYS``
   (default 14 days).

Only open questions are joined. A reply in the thread of an answered question starts a
new question that follows up on the old one. The rules are in :func:`choose`; where the
candidates come from (the database, or an import's cache) is the index's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.db.models import Q

from ..choices import QuestionStatus
from ..models import Answer, Contact, Question
from .question_window import current_window


def window() -> timedelta:
    return current_window()


@dataclass
class Choice:
    question: Question | None
    rule: str = ""  # thread | case | topic | "" (a new question)
    follows: Question | None = None


class Index(Protocol):
    def by_thread(self, ids: list[str], own_id: str) -> Question | None: ...

    def open_questions(self, client_id: int | None, case_ref: str) -> Iterable[Question]: ...


def thread_ids(data) -> list[str]:
    ids = [data.in_reply_to, *reversed(data.references)]
    return [i for i in dict.fromkeys(ids) if i]


def _same_matter(a: str, b: str) -> bool:
    """One case can raise several matters (its status, its fees, a document): a case
    reference joins contacts on the same topic, or where one side's topic is unknown."""
    return a == b or "other" in (a, b)


def _in_window(question: Question, at: datetime, span: timedelta) -> bool:
    return question.opened_at - span <= at <= question.last_contact_at + span


def _distance(question: Question, at: datetime) -> timedelta:
    if at < question.opened_at:
        return question.opened_at - at
    return max(at - question.last_contact_at, timedelta(0))


def _age(question: Question) -> float:
    """Ties go to the oldest question (the lowest id; one not stored yet comes last), not to
    whichever the index happened to list first: the choice must not depend on where the
    candidates came from (an import's cache, a resumed import's fresh read, the database)."""
    return question.pk if question.pk is not None else float("inf")


def choose(data, *, client_id: int | None, topic: str, index: Index, span: timedelta | None = None) -> Choice:
    """The open question this contact joins, or None with the question it follows up on."""
    span = span if span is not None else window()
    follows = None
    threaded = (
        index.by_thread(thread_ids(data), data.message_id)
        if (data.message_id or data.in_reply_to or data.references)
        else None
    )
    if threaded is not None:
        if threaded.status == QuestionStatus.OPEN:
            return Choice(threaded, "thread")
        follows = threaded
    candidates = [q for q in index.open_questions(client_id, data.case_ref) if q.status == QuestionStatus.OPEN]
    if data.case_ref:
        same_case = [
            q
            for q in candidates
            if q.case_ref == data.case_ref
            and _same_matter(q.topic, topic)
            and _in_window(q, data.received_at, span)
            and (client_id is None or getattr(q, "client_key", q.client_id) in (None, client_id))
        ]
        if same_case:
            return Choice(max(same_case, key=lambda q: (q.last_contact_at, -_age(q))), "case", follows)
    if client_id is not None:
        same_topic = [
            q
            for q in candidates
            if getattr(q, "client_key", q.client_id) == client_id
            and q.topic == topic
            and not (data.case_ref and q.case_ref and q.case_ref != data.case_ref)
            and _in_window(q, data.received_at, span)
        ]
        if same_topic:
            return Choice(min(same_topic, key=lambda q: (_distance(q, data.received_at), _age(q))), "topic", follows)
    return Choice(None, "", follows)


class DatabaseIndex:
    """Candidates straight from the database: for one contact at a time."""

    def by_thread(self, ids: list[str], own_id: str) -> Question | None:
        question_id = None
        if ids:
            question_id = (
                Contact.objects.filter(message_id__in=ids)
                .order_by("-received_at")
                .values_list("question_id", flat=True)
                .first()
            )
            if question_id is None:
                question_id = Answer.objects.filter(message_id__in=ids).values_list("question_id", flat=True).first()
        if question_id is None and own_id:  # a reply that arrived before the message it answers
            question_id = (
                Contact.objects.filter(Q(in_reply_to=own_id) | Q(references__contains=own_id))
                .values_list("question_id", flat=True)
                .first()
            )
        return Question.objects.get(pk=question_id).resolved() if question_id else None

    def open_questions(self, client_id: int | None, case_ref: str) -> list[Question]:
        from .. import clientlink

        condition = Q(pk__in=[])
        ids: set[int] = set()
        if client_id is not None:
            ids = clientlink.merged_ids(clientlink.client_model()(pk=client_id))
            condition |= Q(client_id__in=ids)
        if case_ref:
            condition |= Q(case_ref=case_ref)
        questions = list(Question.objects.filter(condition, status=QuestionStatus.OPEN))
        for q in questions:
            q.client_key = client_id if q.client_id in ids else q.client_id
        return questions
