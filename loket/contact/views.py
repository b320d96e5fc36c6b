"""Staff pages: the work queue, a question with its contacts and what an agent does with
it (take it, answer it, merge, split, undo a merge), a contact, tasks, a client's timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..core import audit
from ..core.filenames import safe_filename
from ..core.roles import Role, has_role, require_role, roles_required
from . import selectors, services
from .choices import Channel, Topic
from .forms import AnswerForm, MergeForm, QueueFilterForm, ReasonForm, TopicForm
from .hooks import CASE_DOCUMENT_READ
from .models import Answer, Attachment, Contact, Question, QuestionMerge, Task

AGENTS = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD)


def _agent(request):
    require_role(request.user, *AGENTS)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@roles_required(*AGENTS)
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    questions = selectors.work_queue(request.user, today=today, **{k: v for k, v in filters.items() if v})
    page = Paginator(questions, 50).get_page(request.GET.get("page"))
    topics = {value: str(label) for value, label in Topic.choices}  # each label translated once a page
    channels = {value: str(label) for value, label in Channel.choices}
    counts = selectors.contact_counts(q.pk for q in page)
    for q in page:
        q.contact_count = counts.get(q.pk, 0)
        q.days_overdue = selectors.overdue_days(q, today)
        q.topic_label, q.channel_label = topics.get(q.topic, q.topic), channels.get(q.channel, q.channel)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "contact/queue.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def question(request, pk):
    _agent(request)
    try:
        q = selectors.question_with_contacts(pk)
    except Question.DoesNotExist:
        raise Http404 from None
    audit.record(actor=request.user, action="contact.question.viewed", obj=q)
    answer = selectors.answer_of(q)
    answer_form = None
    if q.is_open:
        channel, language = services.answer_defaults(q)
        answer_form = AnswerForm(initial={"channel": channel, "language": language})
    return render(
        request,
        "contact/question.html",
        {
            "question": q,
            "contacts": list(q.contacts.all()),
            "answer": answer,
            "answer_form": answer_form,
            "days_overdue": selectors.overdue_days(q),
            "merge_form": MergeForm(),
            "split_form": ReasonForm(),
            "topic_form": TopicForm(initial={"topic": q.topic}),
            "merges": selectors.merges_of(q),
            "tasks": q.tasks.all(),
            "undo_form": ReasonForm(prefix="undo"),
        },
    )


def _back(pk):
    return redirect("desk:contact:question", pk=pk)


@login_required
@require_POST
def take(request, pk):
    q = get_object_or_404(Question, pk=pk)
    services.take_question(question=q, actor=request.user)
    messages.success(request, _("You now own question %(ref)s.") % {"ref": q.reference})
    return _back(pk)


@login_required
@require_POST
def change_topic(request, pk):
    q = get_object_or_404(Question, pk=pk)
    form = TopicForm(request.POST)
    if form.is_valid():
        services.set_topic(question=q, topic=form.cleaned_data["topic"], actor=request.user)
        messages.success(request, _("The topic was changed."))
    return _back(pk)


@login_required
def answer(request, pk):
    _agent(request)
    q = get_object_or_404(Question, pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.answer_question(question=q, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("The answer was sent by %(channel)s; the question and its %(n)d contacts are closed.")
                % {"channel": sent.get_channel_display(), "n": q.contacts.count()},
            )
            return _back(pk)
    preview = (
        services.draft(
            q,
            channel=form.data.get("channel", ""),
            language=form.data.get("language", ""),
            text=form.data.get("text", ""),
        )
        if q.is_open
        else None
    )
    return render(request, "contact/answer.html", {"question": q, "form": form, "preview": preview})


@login_required
@require_POST
def merge(request, pk):
    keep = get_object_or_404(Question, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return _back(pk)
    other = Question.objects.filter(pk=form.cleaned_data["other"]).first()
    if other is None:
        messages.error(request, _("There is no question with that reference."))
        return _back(pk)
    try:
        services.merge_questions(keep=keep, merge=other, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Question %(other)s was merged into this one.") % {"other": other.reference})
    return _back(pk)


@login_required
@require_POST
def undo_merge(request, pk, merge_pk):
    record = get_object_or_404(QuestionMerge, pk=merge_pk, keep_id=pk)
    form = ReasonForm(request.POST, prefix="undo")
    if not form.is_valid():
        messages.error(request, _("Give a reason: it goes into the log."))
        return _back(pk)
    try:
        services.undo_merge(merge=record, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("The merge was undone: %(ref)s is a question of its own again.") % {"ref": record.merged.reference},
        )
    return _back(pk)


@login_required
@require_POST
def split(request, pk):
    q = get_object_or_404(Question, pk=pk)
    form = ReasonForm(request.POST)
    ids = [i for i in request.POST.getlist("contacts") if i.isdigit()]
    if not form.is_valid():
        messages.error(request, _("Give a reason: it goes into the log."))
        return _back(pk)
    try:
        new = services.split_question(
            question=q, contact_ids=ids, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        _errors(request, exc)
        return _back(pk)
    messages.success(request, _("The chosen contacts are now question %(ref)s.") % {"ref": new.reference})
    return _back(new.pk)


@login_required
def contact(request, pk):
    _agent(request)
    c = get_object_or_404(Contact.objects.select_related("question", "client", "agent"), pk=pk)
    audit.record(actor=request.user, action="contact.contact.viewed", obj=c)
    return render(
        request,
        "contact/contact.html",
        {"contact": c, "attachments": c.attachments.defer("data"), "doubts": selectors.doubtful_details(c)},
    )


def _case_ref(contact) -> str:
    """The case a contact belongs to, as written: its own case reference, else its question's."""
    return (contact.case_ref or contact.question.case_ref or "").strip()


@login_required
def attachment(request, pk):
    """Download a client's document. One of a contact that belongs to a case is one of the
    case's documents: need to know decides (the CASE_DOCUMENT_READ hook, which also records
    the read with its result), as for the case itself; the contact desk reads what came in
    for its own work, as it does the client's file."""
    item = get_object_or_404(Attachment.objects.select_related("contact__question"), pk=pk)
    case_ref = _case_ref(item.contact)
    data = {"contact": item.contact_id, "name": item.name}
    decide = CASE_DOCUMENT_READ.first()
    agent = has_role(request.user, Role.CONTACT_AGENT, Role.COUNTER_AGENT)
    verdict = decide(request, item, case_ref) if case_ref and decide and not agent else False
    if isinstance(verdict, HttpResponse):
        return verdict
    if verdict is not True:
        _agent(request)
        audit.record(
            actor=request.user,
            action="contact.attachment.read",
            obj=item,
            data={**data, "case": case_ref, "result": "allowed", "basis": "contact desk"},
        )
    response = HttpResponse(bytes(item.data), content_type=item.content_type or "application/octet-stream")
    # Django quotes or RFC 5987-encodes the name; safe_filename also covers names stored before
    # intake cleaned them: no CR/LF ever reaches the header.
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(item.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@roles_required(*AGENTS)
def tasks(request):
    mine = request.GET.get("all") != "1"
    return render(
        request,
        "contact/tasks.html",
        {"tasks": selectors.open_tasks(request.user if mine else None), "mine": mine, "today": timezone.localdate()},
    )


@login_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(Task, pk=pk)
    try:
        services.complete_task(task=task, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The task is done."))
    return redirect("desk:contact:tasks")


@login_required
def letter(request, pk):
    """The answer as a letter, laid out for printing (any script, right-to-left included)."""
    _agent(request)
    item = get_object_or_404(Answer.objects.select_related("question"), pk=pk)
    audit.record(actor=request.user, action="contact.answer.printed", obj=item)
    return render(request, "contact/letter.html", {"answer": item, "rtl": item.language in ("ar", "fa", "ur", "he")})


@login_required
def timeline(request, client_id):
    _agent(request)
    from .clientlink import client_model

    client = get_object_or_404(client_model(), pk=client_id)
    audit.record(actor=request.user, action="clients.client.timeline_viewed", obj=client)
    return render(request, "contact/timeline.html", {"client": client, "entries": selectors.timeline_for(client)})
