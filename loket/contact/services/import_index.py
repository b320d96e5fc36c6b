"""The grouping index of a bulk import (``grouping.Index``, as ``grouping.DatabaseIndex`` is
for one contact): the questions the import has met or opened, held in memory, and what each
batch needs from the database read once per batch, so that the import groups every contact
as intake would, without a query per contact. Used by ``bulk``.

The index is carried from batch to batch only while no other connection changed questions,
contacts or answers (``questions_changed``, as ``clients.services.foreign_writes`` for the
clients): staff who confirm a review, merge clients or answer a question between two
batches change what it holds, and the next batch then reads afresh."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ...core.foreign_writes import Channel
from .. import clientlink
from ..choices import QuestionStatus
from ..inputs import ContactInput
from ..models import Answer, Contact, Question
from . import grouping

#: The tables the index mirrors; on PostgreSQL they notify this channel (migration 0011).
questions_changed = Channel("loket_questions_changed", ("contact_question", "contact_contact", "contact_answer"))


class QuestionsChanged(Exception):
    """Someone else changed a question the batch joins after the index read it (merged or
    answered it while the batch ran): the batch groups its contacts again (``bulk``)."""


#: What a batch checks of each question it joins before it writes (``confirm``): what the
#: import changes there (``bulk._JOINED``), and whether it is still open and unmerged. Staff
#: who narrowed one (split a contact off it, undid a merge that moved its deadline) must
#: not see the batch's copy, read before, written back over theirs.
CHECKED = ("status", "merged_into_id", "client_id", "case_ref", "opened_at", "last_contact_at", "due_on")


def _as_known(question: Question) -> tuple:
    return tuple(getattr(question, name) for name in CHECKED)


class CachedIndex:
    """The grouping index of an import: questions met so far, plus what each batch needs
    from the database, fetched once per batch. ``locking``: each question read is locked
    until the batch commits (a batch done again after ``QuestionsChanged``)."""

    def __init__(self, locking: bool = False):
        self.locking = locking
        self.questions: dict[int, Question] = {}  # identity map of questions read from the database
        self.by_message: dict[str, Question] = {}
        self.replies_waiting: dict[str, Question] = {}  # a parent's Message-ID -> the question of its reply
        self.by_client: dict[int, list[Question]] = defaultdict(list)
        self.by_case: dict[str, list[Question]] = defaultdict(list)
        self.clients_loaded: set[int] = set()
        self.cases_loaded: set[str] = set()

    def _questions(self):
        return Question.objects.select_for_update() if self.locking else Question.objects.all()

    def confirm(self, joined: Iterable[Question]) -> None:
        """Lock the questions the batch joins (its contacts are written to them next) and
        check that each is on file as the import last read or wrote it (``CHECKED``); else
        ``QuestionsChanged``."""
        joined = list(joined)
        if not joined:
            return
        rows = Question.objects.select_for_update().filter(pk__in=[q.pk for q in joined])
        on_file = {row[0]: row[1:] for row in rows.values_list("pk", *CHECKED)}
        if any(on_file.get(q.pk) != q.known for q in joined):
            raise QuestionsChanged

    def written(self, questions: Iterable[Question]) -> None:
        """These questions are on file as they are in memory now (the batch wrote them)."""
        for q in questions:
            q.known = _as_known(q)

    def _adopt(self, question: Question) -> Question:
        known = self.questions.get(question.pk)
        if known is not None:
            return known
        self.questions[question.pk] = question
        question.known = _as_known(question)  # as read: what ``confirm`` expects on file
        question.client_key = question.client_id
        if question.status == QuestionStatus.OPEN:
            if question.client_id is not None:
                self.by_client[question.client_id].append(question)
            if question.case_ref:
                self.by_case[question.case_ref].append(question)
        return question

    def _resolve_ids(self, question_ids: set[int]) -> dict[int, Question]:
        loaded = {q.pk: q for q in self._questions().filter(pk__in=question_ids - set(self.questions))}
        for q in loaded.values():
            self._adopt(q)
        out = {}
        for pk in question_ids:
            q = self.questions.get(pk)
            while q is not None and q.merged_into_id:
                q = self.questions.get(q.merged_into_id) or self._adopt(self._questions().get(pk=q.merged_into_id))
            if q is not None:
                out[pk] = q
        return out

    def preload(self, items: Iterable[tuple[ContactInput, clientlink.Link]]) -> None:
        wanted_ids, own_ids, clients, cases = set(), set(), set(), set()
        for data, link in items:
            wanted_ids.update(i for i in grouping.thread_ids(data) if i not in self.by_message)
            if data.message_id:
                own_ids.add(data.message_id)
            if link.client_id is not None and link.client_id not in self.clients_loaded:
                clients.add(link.client_id)
            if data.case_ref and data.case_ref not in self.cases_loaded:
                cases.add(data.case_ref)
        pairs = []
        if wanted_ids:
            pairs += list(Contact.objects.filter(message_id__in=wanted_ids).values_list("message_id", "question_id"))
            pairs += list(Answer.objects.filter(message_id__in=wanted_ids).values_list("message_id", "question_id"))
        children = (
            list(Contact.objects.filter(in_reply_to__in=own_ids).values_list("in_reply_to", "question_id"))
            if own_ids
            else []
        )
        resolved = self._resolve_ids({qid for _m, qid in pairs + children})
        for message_id, qid in pairs:
            self.by_message.setdefault(message_id, resolved[qid])
        for parent_id, qid in children:
            self.replies_waiting.setdefault(parent_id, resolved[qid])
        if clients:
            self._adopt_new(self._questions().filter(client_id__in=clients, status=QuestionStatus.OPEN))
            self.clients_loaded |= clients
        if cases:
            self._adopt_new(self._questions().filter(case_ref__in=cases, status=QuestionStatus.OPEN))
            self.cases_loaded |= cases

    def _adopt_new(self, questions) -> None:
        """Adopt the questions of this queryset that the index does not hold: their ids first,
        then the rows of the unknown ones (in a later batch of an import most are questions
        the import opened itself, which the index holds and ``_adopt`` would not take)."""
        unknown = set(questions.values_list("pk", flat=True)) - self.questions.keys()
        if unknown:
            for q in questions.filter(pk__in=unknown):
                self._adopt(q)

    def by_thread(self, ids: list[str], own_id: str) -> Question | None:
        for message_id in ids:
            if message_id in self.by_message:
                return self.by_message[message_id].resolved()
        return self.replies_waiting.get(own_id) if own_id else None

    def open_questions(self, client_id: int | None, case_ref: str) -> list[Question]:
        found = list(self.by_client.get(client_id, ())) if client_id is not None else []
        for q in self.by_case.get(case_ref, ()) if case_ref else ():
            if not any(q is f for f in found):
                found.append(q)
        return found

    def opened(self, question: Question) -> None:
        if question.client_key is not None:
            self.by_client[question.client_key].append(question)
        if question.case_ref:
            self.by_case[question.case_ref].append(question)

    def noted(self, question: Question, data: ContactInput, was_case_ref: str, was_client: int | None) -> None:
        """A contact was put on ``question``: later replies, case references and contacts of
        the client it now has (it may have had none) find it, as they would in the database."""
        if question.case_ref and not was_case_ref:
            self.by_case[question.case_ref].append(question)
        if question.client_key is not None and was_client is None:
            self.by_client[question.client_key].append(question)
        if data.message_id:
            self.by_message.setdefault(data.message_id, question)
        for parent in grouping.thread_ids(data):
            if parent not in self.by_message:
                self.replies_waiting.setdefault(parent, question)
