"""Bulk import and export of contacts (issue 3, item 8).

``import_jsonl`` takes one contact per line. Each bad line is reported with its number
and reason and nothing of it is stored; a ref already on file adds nothing, so importing
the same file twice changes nothing. Every contact still goes through the matching
service; the speed comes from batches in one transaction each, one query per batch for
the questions the batch may join (``import_index``, instead of one per contact), ``bulk_create``, the
matching service's batch form, and (``workers=1``) the lines read and checked in a second
process ahead of the storing (``reading``).

Clients merged while an import runs get their open questions regrouped when it has
finished (not sooner: the import's own view of the open questions must stay true). Which
clients those are is stored with the batch that merged them (``RegroupDue``), so a run
killed half-way leaves that work on file and the next run of the import finishes it: a
resumed import ends as an uninterrupted one.

``export_jsonl`` writes, per contact, the client and question it belongs to after every
merge.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.utils.translation import gettext as _

from ...core import audit, dbstats, fastreads, fastsql, run_lock
from ...core.bulkwork import paused_collections
from ...core.dberrors import is_deadlock
from ...core.foreign_writes import Watch
from .. import clientlink, signals
from ..inputs import ContactInput, describe
from ..models import Contact, Question, RegroupDue, Task
from ..norms import NormTable
from . import grouping
from .first_import import LearnedFromFile, learn_if_first
from .import_index import CachedIndex, QuestionsChanged, questions_changed
from .intake import contact_values, join, language_for, open_question, promise_call_back
from .questions import finish_regroups, regroup_due
from .reading import Prepared, Reader, bounded_lines

#: Lines per batch: one transaction, and one read of what the batch's contacts can ask about
#: clients that the matching service does not hold yet. Larger batches import faster (at
#: 100,000 contacts: 2,000 lines 1,350/s, 5,000 lines about 1,450/s; bench/RESULTS.md) but
#: hold SQLite's write lock longer: about 3.5 s per batch of 5,000 on two cores, which a web
#: request that writes meanwhile waits out (the timeout is 20 s). The same on PostgreSQL,
#: which has no such lock: with the view of the clients carried from batch to batch there too
#: (``carried.Memory``), batches of 20,000 lines were no faster (100,000 contacts, runs in
#: turn: 104-108 s against 89-105 s; bench/RESULTS.md, issue 16).
BATCH = 5000
#: The first batch is smaller: nothing is stored until the reading process has read it.
FIRST_BATCH = 500
#: Each batch is at most this many times the one before, up to the batch size: the reading
#: process (about 0.5 ms a line) prepares the next batches while this one is stored (0.7 to
#: 1 ms a line), so it stays ahead. A jump from 500 lines to 20,000 left the storing process
#: waiting some 7 s for the second batch, doubling still 2 to 5 s (bench/RESULTS.md, issue 16).
GROWTH = 1.5
#: Batches the reading process may be ahead, counted in lines of the largest batch: with
#: growing batches, a count of batches let it fall behind (see ``reading.READ_AHEAD``).
READ_AHEAD_BATCHES = 2
#: Contacts stored before PostgreSQL's statistics of the clients' tables are first refreshed
#: in an import into a near-empty register; again each time the import has about doubled
#: the contacts on file since (unrefreshed, a merge's reads scanned whole tables).
ANALYZE_FROM = 1000
#: Tries to group and store a batch's contacts: the second reads the questions locked, so a
#: third is only for a deadlock.
STORE_ATTEMPTS = 3
#: What joining a contact changes on a question (``intake.join``), written back per batch as
#: ``join`` would do it to the row as it is on file now: a client or case reference staff
#: gave it meanwhile (another connection, during the batch) is kept, not set back.
_JOINED = {
    "last_contact_at": fastsql.LATER,
    "opened_at": fastsql.EARLIER,
    "client": fastsql.FIRST,
    "case_ref": fastsql.FIRST,
    "due_on": fastsql.EARLIER,  # a call-back promised (``intake.promise_call_back``)
}


@dataclass
class ImportReport:
    lines: int = 0
    stored: int = 0
    duplicates: int = 0
    questions: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0
    regrouped: int = 0  # questions joined after clients were merged
    left_to_regroup: int = 0  # clients an interrupted run left to regroup, found at the start
    learned: LearnedFromFile = field(default_factory=LearnedFromFile)  # what a first import learned first

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds else 0.0


class Importer:
    """One import run; keeps the index and the refs seen across batches."""

    def __init__(
        self,
        *,
        actor,
        source: str = "",
        progress: Callable[[ImportReport], None] | None = None,
        workers: int = 0,
        batch_size: int | None = None,
        learning: Callable | None = None,
        waiting: Callable[[], None] | None = None,
    ):
        batch_size = BATCH if batch_size is None else batch_size
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.actor, self.source, self.progress, self.workers = actor, source, progress, workers
        self.learning = learning  # progress of learning the weights (``first_import``)
        self.waiting = waiting  # told when another import runs and this one waits for it
        self.batch_size = batch_size
        self.report, self.norms = ImportReport(), NormTable.load()
        self.index: CachedIndex | None = None  # the grouping index, made by the first batch
        self.others = Watch(questions_changed.mark)  # whether the index may be carried to the next batch
        self.span = None  # the question window: read once a run has learned from its file (``run``)
        self.rows = fastsql.Rows(Contact)  # contact rows, without a model object each
        self.seen: dict[str, int] = {}
        self.growth = dbstats.Growth(0, first=ANALYZE_FROM)  # when to refresh PostgreSQL's statistics

    def _accept(self, prepared: list[Prepared]) -> list[tuple[int, ContactInput, Prepared]]:
        """The checked contacts of a batch that are new: not bad, not twice in the file, not on file."""
        fresh = []
        for line in prepared:
            if line.data is None:
                self.report.bad.append((line.number, line.error))
            elif line.data.ref in self.seen:
                self.report.bad.append(
                    (
                        line.number,
                        "ref: "
                        + _("“%(ref)s” is already on line %(line)d")
                        % {"ref": line.data.ref, "line": self.seen[line.data.ref]},
                    )
                )
            else:
                self.seen[line.data.ref] = line.number
                fresh.append(line)
        on_file = fastreads.present(Contact, "ref", [line.data.ref for line in fresh])
        self.report.duplicates += sum(1 for line in fresh if line.data.ref in on_file)
        return [(line.number, line.data, line) for line in fresh if line.data.ref not in on_file]

    def _link(self, items, log: list):
        linked = []
        links = clientlink.link_many(
            [d for _n, d, _l in items], actor=self.actor, parsed=[line.identity for _n, _d, line in items], log=log
        )
        for (number, data, line), link in zip(items, links):
            if isinstance(link, Exception):
                self.report.bad.append((number, describe(link) if isinstance(link, ValidationError) else str(link)))
                continue
            linked.append((number, data, line, link))
        return linked

    def batch(self, prepared: list[Prepared]) -> None:
        items = self._accept(prepared)
        if not items:
            return
        carried = self.others.unchanged()
        if self.index is None or not carried:  # someone else wrote questions: the index may be stale
            self.index = CachedIndex()
        log: list[dict] = []  # the batch's audit entries, recorded last
        with transaction.atomic():
            linked = self._link(items, log)
            new, contacts = self._store(linked)
            merged_into = {client_id for *_rest, link in linked for client_id in link.merged_into}
            if merged_into:  # regrouped at the end of the run, or of the next one if this one is cut short
                regroup_due(merged_into)
            log.append(
                dict(
                    action="contact.import.batch",
                    object_type="contact.contact",
                    data={
                        "source": self.source,
                        "first_line": linked[0][0] if linked else None,
                        "last_line": linked[-1][0] if linked else None,
                        "contacts": len(contacts),
                        "questions_opened": len(new),
                    },
                )
            )
            # Last: the audit chain's head is locked after the rows the batch writes, in the
            # order every use case locks them (staff lock a question, then the head).
            audit.record_many(log, actor=self.actor)
        self.report.stored += len(contacts)
        self.report.questions += len(new)
        if self.growth.grew(len(contacts)):
            # the clients' tables have about doubled: PostgreSQL plans the import's prepared
            # reads again, from the tables as they are now (``core.dbstats``)
            clientlink.refresh_statistics()

    def _store(self, linked) -> tuple[list[Question], list]:
        """Group the linked contacts and write them with their questions. When someone else
        changed a question the batch joins after the index read it (staff merged or
        answered it during the batch), that part is undone and done again with an index
        that locks each question it reads (``import_index.QuestionsChanged``); so is a
        deadlock with staff."""
        for attempt in range(STORE_ATTEMPTS):
            try:
                with transaction.atomic():
                    return self._group(linked)
            except (QuestionsChanged, OperationalError) as exc:
                if attempt == STORE_ATTEMPTS - 1 or not (isinstance(exc, QuestionsChanged) or is_deadlock(exc)):
                    raise
                self.index = CachedIndex(locking=True)
        raise AssertionError("unreachable")

    def _group(self, linked) -> tuple[list[Question], list]:
        self.index.preload((d, link) for _n, d, _l, link in linked)
        new, dirty, contacts, call_backs = [], {}, [], []
        for _number, data, line, link in linked:
            topic, detected = line.topic, line.detected
            language, language_detected = language_for(data, fallback=link.language, detected=line.language)
            choice = grouping.choose(data, client_id=link.client_id, topic=topic, index=self.index, span=self.span)
            question = choice.question
            if question is None:
                question = open_question(
                    data,
                    client_id=link.client_id,
                    topic=topic,
                    language=language,
                    norms=self.norms,
                    follows=choice.follows,
                    language_detected=language_detected,
                )
                new.append(question)
                self.index.opened(question)
                had_case = question.case_ref
                had_client = question.client_key
            else:
                had_case, had_client = question.case_ref, question.client_key
                join(question, data, link.client_id)
                if question.pk:
                    dirty[question.pk] = question
            if (due := promise_call_back(question, data, topic, self.norms)) is not None:
                call_backs.append((question, due, data.body[:500]))
            self.index.noted(question, data, had_case, had_client)
            values = contact_values(
                data, link=link, topic=topic, detected=detected, language=language, language_detected=language_detected
            )
            contacts.append((self.rows.make(**values), question))
        self.index.confirm(dirty.values())  # locked from here to the commit
        fastsql.insert_with_ids(Question, new)  # the new questions' ids are needed
        for q in new:
            self.index.questions[q.pk] = q
        fastsql.update(Question, list(dirty.values()), list(_JOINED), how=_JOINED)
        for row, question in contacts:
            self.rows.set(row, "question_id", question.pk)
        self.rows.insert([row for row, _question in contacts])
        Task.objects.bulk_create(
            [Task(question_id=q.pk, kind="callback", due_on=due, note=note) for q, due, note in call_backs]
        )
        self.index.written([*new, *dirty.values()])
        return new, contacts

    def run(self, stream: Iterable[str | bytes]) -> ImportReport:
        # One import at a time: two at once each decided "new client" for a person neither
        # had stored yet (the batches' reads before either's commit), and made two clients.
        with run_lock.one_at_a_time("contact-import", waiting=self.waiting):
            return self._run_alone(stream)

    def _run_alone(self, stream: Iterable[str | bytes]) -> ImportReport:
        clientlink.ensure_fresh_keys()  # StaleKeys before any line is read, not half-way
        self.report.learned = learn_if_first(stream, progress=self.learning)
        self.span = grouping.window()  # one window for the whole run, even if a new estimate comes
        self.report.left_to_regroup = RegroupDue.objects.count()
        self.growth = dbstats.Growth(dbstats.rows_estimate(Contact), first=ANALYZE_FROM)
        signals.defer_regrouping()
        try:
            with paused_collections(), clientlink.session(), questions_changed.listening():
                self._run(stream)
        finally:  # a run that fails leaves its regrouping on file for the next (see above)
            signals.resume_regrouping()
        self.regroup()
        return self.report

    def regroup(self) -> None:
        """Clients merged during this import or an interrupted earlier one: now their open
        questions can be joined, each client in one transaction with the removal of its
        record (``questions.finish_regroup``), so a run killed here too leaves the rest to the next."""
        self.report.regrouped += finish_regroups(actor=self.actor, reason="clients merged during an import")

    def _chunks(self, stream: Iterable[str | bytes]):
        chunk, size = [], min(self.batch_size, FIRST_BATCH)
        for number, text in enumerate(bounded_lines(stream), start=1):
            self.report.lines = number
            if not text.strip():
                continue
            chunk.append((number, text))
            if len(chunk) >= size:
                yield chunk
                chunk, size = [], min(self.batch_size, int(size * GROWTH))
        if chunk:
            yield chunk

    def _run(self, stream: Iterable[str | bytes]) -> ImportReport:
        started, reported = time.perf_counter(), False
        reader = Reader(workers=self.workers, ahead=READ_AHEAD_BATCHES * self.batch_size)
        for prepared in reader.batches(self._chunks(stream)):
            self.batch(prepared)
            self.report.seconds = time.perf_counter() - started
            if self.progress:
                self.progress(self.report)
                reported = True
        self.report.seconds = time.perf_counter() - started
        if self.progress and not reported:  # an empty file: still say so
            self.progress(self.report)
        return self.report


def import_jsonl(
    stream: Iterable[str],
    *,
    actor="import",
    source: str = "",
    progress=None,
    workers: int = 0,
    batch_size: int | None = None,
    learning=None,
    waiting=None,
) -> ImportReport:
    """``workers=1``: read and check the lines in a second process, ahead of the storing;
    ``batch_size``: lines per transaction (None: ``BATCH``); ``learning``: told how far
    learning the weights from the file is, when this is the first import (``first_import``);
    ``waiting``: told when another import is running and this one waits for it to end."""
    importer = Importer(
        actor=actor,
        source=source,
        progress=progress,
        workers=workers,
        batch_size=batch_size,
        learning=learning,
        waiting=waiting,
    )
    return importer.run(stream)


def _resolver(parents: dict[int, int]) -> Callable[[int | None], int | None]:
    cache: dict[int, int] = {}

    def resolve(pk):
        if pk is None:
            return None
        if pk not in cache:
            seen, current = {pk}, pk
            while current in parents and parents[current] not in seen:
                current = parents[current]
                seen.add(current)
            cache[pk] = current
        return cache[pk]

    return resolve


def export_jsonl(out: IO[str], *, actor="export") -> int:
    """One line per contact: ref, client_id and question_id after every merge."""
    client_of = _resolver(
        dict(clientlink.client_model().objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    )
    question_of = _resolver(
        dict(Question.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))
    )
    count = 0
    rows = Contact.objects.order_by("pk").values_list("ref", "client_id", "question_id")
    with paused_collections():
        for ref, client_id, question_id in rows.iterator(chunk_size=5000):
            out.write(
                json.dumps(
                    {"ref": ref, "client_id": client_of(client_id), "question_id": question_of(question_id)},
                    ensure_ascii=False,
                )
                + "\n"
            )
            count += 1
    audit.record(actor=actor, action="contact.export", object_type="contact.contact", data={"contacts": count})
    return count
