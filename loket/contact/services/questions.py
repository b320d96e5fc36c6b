"""Work on questions (klantvragen): take one, set its topic, merge two, undo a merge,
split contacts off into a new one, and confirm the client of a contact under review.

A merge moves contacts, never deletes them, and records exactly what moved so that it
can be undone; every step is in the audit log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import audit, fastsql
from ...core.roles import Role, require_role
from ..choices import QuestionStatus, Topic
from ..models import Contact, Question, QuestionMerge, QuestionSplit, RegroupDue, Task
from ..norms import NormTable

AGENT_ROLES = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD)
_KEPT_FIELDS = ("opened_at", "last_contact_at", "due_on", "client_id", "case_ref")


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: it goes into the log.")]})
    return reason


def _lock(question: Question) -> Question:
    return Question.objects.select_for_update().get(pk=question.pk)


def take_question(*, question: Question, actor, owner=None) -> Question:
    """Make ``owner`` (default: the actor) the one owner of the question. Only a team
    lead hands a question to someone else."""
    require_role(actor, *AGENT_ROLES)
    owner = owner or actor
    if owner != actor:
        require_role(actor, Role.TEAM_LEAD)
        require_role(owner, *AGENT_ROLES)
    with transaction.atomic():
        question = _lock(question)
        previous = question.owner_id
        question.owner = owner
        question.save(update_fields=["owner"])
        audit.record(
            actor=actor,
            action="contact.question.assigned",
            obj=question,
            data={"owner": owner.get_username(), "previous_owner_id": previous},
        )
    return question


def set_topic(*, question: Question, topic: str, actor) -> Question:
    require_role(actor, *AGENT_ROLES)
    if topic not in Topic.values:
        raise ValidationError({"topic": [_("Choose one of the topics.")]})
    with transaction.atomic():
        question = _lock(question)
        old, question.topic = question.topic, topic
        question.save(update_fields=["topic"])
        audit.record(
            actor=actor, action="contact.question.topic_changed", obj=question, data={"from": old, "to": topic}
        )
    return question


def merge_questions(*, keep: Question, merge: Question, actor, reason: str) -> QuestionMerge:
    """Two questions are one matter: ``merge``'s contacts and tasks move to ``keep``, which
    keeps the earlier deadline. Both must be open."""
    require_role(actor, *AGENT_ROLES)
    reason = _need_reason(reason)
    with transaction.atomic():
        return _merge(_lock(keep), _lock(merge), actor=actor, reason=reason)


def _merge(keep: Question, merge: Question, *, actor, reason: str, client_merge=None, log=None) -> QuestionMerge:
    """The merge itself, for an agent or (``actor`` a label) for the system. ``log``, a
    list: its audit entry is added there, for the caller to record with others."""
    if keep.pk == merge.pk:
        raise ValidationError({"question": [_("A question cannot be merged with itself.")]})
    if keep.status != QuestionStatus.OPEN or merge.status != QuestionStatus.OPEN:
        raise ValidationError({"question": [_("Only open questions can be merged.")]})
    previous = {f: getattr(keep, f) for f in _KEPT_FIELDS}
    contact_ids = fastsql.update_returning(Contact.objects.filter(question=merge), question=keep)
    previous["task_ids"] = fastsql.update_returning(merge.tasks.filter(done_at__isnull=True), question=keep)
    keep.opened_at = min(keep.opened_at, merge.opened_at)
    keep.last_contact_at = max(keep.last_contact_at, merge.last_contact_at)
    keep.due_on = min(keep.due_on, merge.due_on)
    keep.client_id = keep.client_id or merge.client_id
    keep.case_ref = keep.case_ref or merge.case_ref
    keep.save()
    merge.status, merge.merged_into = QuestionStatus.MERGED, keep
    merge.save(update_fields=["status", "merged_into"])
    user = None if isinstance(actor, str) else actor
    record = QuestionMerge.objects.create(
        keep=keep,
        merged=merge,
        contact_ids=contact_ids,
        previous=_jsonable(previous),
        reason=reason,
        actor=user,
        client_merge=client_merge,
    )
    entry = dict(
        action="contact.question.merged",
        obj=keep,
        reason=reason,
        data={"merged": merge.pk, "contacts": contact_ids, "merge": record.pk},
    )
    if log is None:
        audit.record(actor=actor, **entry)
    else:
        log.append(entry)
    return record


def regroup_client(*, client, actor="regroup", reason: str, client_merge=None) -> list[QuestionMerge]:
    """Once it is known that contacts belong to ``client`` (a review decided, two clients
    merged), its open questions on one topic whose contacts lie within the window of one
    another are one matter: they are merged, logged and undoable like an agent's merge.
    ``client_merge``, the merge of clients that caused it, parts them again when undone."""
    with transaction.atomic():
        return _regroup({client.resolved().pk: client_merge}, actor=actor, reason=reason)


def _regroup(causes: dict, *, actor, reason: str, by_path: bool = False) -> list[QuestionMerge]:
    """``regroup_client`` for each client in ``causes`` (survivors of every merge), each
    with the merge of clients that caused it, in a query or two for all of them.
    ``by_path``: each join is credited to the merge that made its two questions' clients
    one person (``_joined_by``), the client's own cause only where there is none; so an
    import that merged several clients into one parts, when one merge is undone, the
    questions of that merge and no others."""
    from .. import clientlink
    from .grouping import window

    span, merges, entries = window(), [], []
    person = {cid: root for root, ids in clientlink.merged_ids_of(causes).items() for cid in ids}
    made_by = clientlink.merge_of_each(person) if by_path else {}
    questions = Question.objects.select_for_update().filter(client_id__in=person, status=QuestionStatus.OPEN)
    chains: dict[tuple[int, str], list[Question]] = {}
    for q in questions.order_by("opened_at", "pk"):
        chains.setdefault((person[q.client_id], q.topic), []).append(q)
    for (root, _topic), chain in chains.items():
        keep = chain[0]
        for q in chain[1:]:
            other_case = q.case_ref and keep.case_ref and q.case_ref != keep.case_ref
            if not other_case and q.opened_at <= keep.last_contact_at + span:
                cause = _joined_by(keep.client_id, q.client_id, made_by) or causes[root]
                merges.append(_merge(keep, q, actor=actor, reason=reason, client_merge=cause, log=entries))
            else:
                keep = q
    audit.record_many(entries, actor=actor)
    return merges


def _joined_by(a: int, b: int, made_by: dict):
    """The merge of clients that made clients ``a`` and ``b`` one person: the newest on the
    way from one to the other through the merges (``made_by``: merged client -> its merge),
    as regrouping at each merge would have credited it. None for one client, or none known."""

    def up(cid) -> dict:  # each client on the way to the survivor, with the merge that moved it on
        path = {}
        while cid in made_by and cid not in path:
            path[cid] = made_by[cid]
            cid = made_by[cid].keep_id
        return path

    from_a, from_b = up(a), up(b)
    ancestors_b = {b, *(m.keep_id for m in from_b.values())}
    meet = next((cid for cid in (a, *(m.keep_id for m in from_a.values())) if cid in ancestors_b), None)
    if a == b or meet is None:
        return None
    on_way = []
    for start, path in ((a, from_a), (b, from_b)):
        cid = start
        while cid != meet:
            on_way.append(path[cid])
            cid = path[cid].keep_id
    return max(on_way, key=lambda m: (m.created_at, m.pk))


def regroup_due(client_ids) -> None:
    """Record these clients as due to regroup (``RegroupDue``), in the caller's transaction:
    the record stands or falls with the merge that made it due."""
    RegroupDue.objects.bulk_create([RegroupDue(client_id=c) for c in sorted(client_ids)], ignore_conflicts=True)


def finish_regroup(client_id: int, *, actor: str, reason: str, client_merge=None) -> list[QuestionMerge]:
    """Regroup a client recorded as due (``RegroupDue``), in one transaction with the removal
    of the record: a process killed before this leaves the record, and the next run finishes
    it (``finish_regroups``). Nothing when another run finished it meanwhile."""
    return _finish([client_id], actor=actor, reason=reason, client_merge=client_merge)


def _finish(client_ids, *, actor: str, reason: str, client_merge=None) -> list[QuestionMerge]:
    """``finish_regroup`` for several clients in one transaction."""
    from .. import clientlink

    with transaction.atomic():
        due = RegroupDue.objects.select_for_update().filter(client_id__in=client_ids)
        due = sorted(due.values_list("client_id", flat=True))
        if not due:
            return []
        RegroupDue.objects.filter(client_id__in=due).delete()
        last = {} if client_merge else clientlink.last_merges_into(due)
        causes = {}
        for client_id, survivor in clientlink.survivors_of(due).items():
            causes.setdefault(survivor, client_merge or last.get(client_id))
        return _regroup(causes, actor=actor, reason=reason, by_path=client_merge is None)


#: Clients regrouped per transaction by ``finish_regroups``: a commit per client cost an
#: import that merged 1,400 clients 1,400 flushes of the write-ahead log.
REGROUP_AT_ONCE = 100


def finish_regroups(*, actor: str, reason: str) -> int:
    """Every client left due to regroup, ``REGROUP_AT_ONCE`` to a transaction, each with the
    removal of its record (a run killed half-way leaves the rest); the questions joined."""
    joined = 0
    due = list(RegroupDue.objects.order_by("client_id").values_list("client_id", flat=True))
    for start in range(0, len(due), REGROUP_AT_ONCE):
        joined += len(_finish(due[start : start + REGROUP_AT_ONCE], actor=actor, reason=reason))
    return joined


def undo_merge(*, merge: QuestionMerge, actor, reason: str) -> QuestionMerge:
    """Put the contacts of a merged question back where they were."""
    require_role(actor, *AGENT_ROLES)
    reason = _need_reason(reason)
    with transaction.atomic():
        return _undo(merge, actor=actor, reason=reason)


def part_questions(*, client_merge, actor="regroup") -> list[QuestionMerge]:
    """A merge of two clients was undone: the questions it brought together are parted
    again, newest first (the system does it; each step is logged). A question answered
    since stays as it is, and the log says why."""
    parted = []
    with transaction.atomic():
        merges = QuestionMerge.objects.filter(client_merge=client_merge, undone_at__isnull=True).order_by("-at", "-pk")
        for merge in merges:
            try:
                with transaction.atomic():
                    parted.append(
                        _undo(
                            merge, actor=actor, reason=f"clients parted again (client merge {client_merge.pk} undone)"
                        )
                    )
            except ValidationError as error:
                audit.record(
                    actor=actor,
                    action="contact.question.not_parted",
                    obj=merge.keep,
                    reason="; ".join(error.messages),
                    data={"merge": merge.pk, "client_merge": client_merge.pk},
                )
    return parted


def _undo(merge: QuestionMerge, *, actor, reason: str) -> QuestionMerge:
    """The undo itself, for an agent or (``actor`` a label) for the system."""
    merge = QuestionMerge.objects.select_for_update().get(pk=merge.pk)
    keep, merged = _lock(merge.keep), _lock(merge.merged)
    if merge.undone_at is not None:
        raise ValidationError({"merge": [_("This merge was already undone.")]})
    if keep.status != QuestionStatus.OPEN:
        raise ValidationError({"merge": [_("The question was answered or merged since; undo that first.")]})
    if merged.merged_into_id != keep.pk:
        raise ValidationError({"merge": [_("The merged question has changed since; this merge cannot be undone.")]})
    moved = list(Contact.objects.filter(pk__in=merge.contact_ids, question=keep).values_list("pk", flat=True))
    Contact.objects.filter(pk__in=moved).update(question=merged)
    Task.objects.filter(pk__in=merge.previous.get("task_ids", []), question=keep).update(question=merged)
    for name in ("due_on", "opened_at", "last_contact_at"):
        setattr(keep, name, _parse_field(keep, name, merge.previous[name]))
    keep.client_id, keep.case_ref = merge.previous["client_id"], merge.previous["case_ref"]
    keep.save()
    merged.status, merged.merged_into = QuestionStatus.OPEN, None
    merged.save(update_fields=["status", "merged_into"])
    merge.undone_at, merge.undo_reason = timezone.now(), reason
    merge.undone_by = None if isinstance(actor, str) else actor
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    audit.record(
        actor=actor,
        action="contact.question.merge_undone",
        obj=keep,
        reason=reason,
        data={"merge": merge.pk, "restored": merged.pk, "contacts": moved},
    )
    return merge


def split_question(*, question: Question, contact_ids, actor, reason: str) -> Question:
    """Take contacts out of a question into a new one: they are another matter. The new
    question's deadline is the norm of its first contact."""
    require_role(actor, *AGENT_ROLES)
    reason = _need_reason(reason)
    with transaction.atomic():
        question = _lock(question)
        if question.status != QuestionStatus.OPEN:
            raise ValidationError({"question": [_("Only an open question can be split.")]})
        ids = {int(i) for i in contact_ids}
        all_ids = set(Contact.objects.filter(question=question).values_list("pk", flat=True))
        if not ids or not ids <= all_ids:
            raise ValidationError({"contacts": [_("Choose contacts of this question.")]})
        if ids == all_ids:
            raise ValidationError({"contacts": [_("Leave at least one contact in the question.")]})
        moving = list(Contact.objects.filter(pk__in=ids).order_by("received_at"))
        first, last = moving[0], moving[-1]
        days, due = NormTable.load().due(first.channel, first.topic, first.received_at)
        new = Question.objects.create(
            client_id=first.client_id or question.client_id,
            topic=first.topic,
            case_ref=first.case_ref,
            subject=(first.subject or first.body[:120])[:300],
            channel=first.channel,
            language=first.language or question.language,
            opened_at=first.received_at,
            last_contact_at=last.received_at,
            norm_days=days,
            due_on=due,
        )
        Contact.objects.filter(pk__in=ids).update(question=new)
        remaining = Contact.objects.filter(question=question).order_by("received_at")
        question.opened_at = remaining.first().received_at
        question.last_contact_at = remaining.last().received_at
        question.save(update_fields=["opened_at", "last_contact_at"])
        QuestionSplit.objects.create(source=question, created=new, contact_ids=sorted(ids), reason=reason, actor=actor)
        audit.record(
            actor=actor,
            action="contact.question.split",
            obj=question,
            reason=reason,
            data={"new_question": new.pk, "contacts": sorted(ids)},
        )
    return new


def confirm_client(*, contact: Contact, client, actor) -> Contact:
    """An agent confirms which client a contact under review came from; its question
    takes that client when it had none."""
    require_role(actor, *AGENT_ROLES)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        client = client.resolved()
        contact.client, contact.match_outcome = client, "linked"
        contact.save(update_fields=["client", "match_outcome"])
        Question.objects.filter(pk=contact.question_id, client__isnull=True).update(client=client)
        audit.record(actor=actor, action="contact.contact.client_confirmed", obj=contact, data={"client": client.pk})
    return contact


def _jsonable(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _parse_field(question: Question, name: str, value):
    return question._meta.get_field(name).to_python(value)
