"""Staff pages about clients: search, a client's file, merges and the review queue.

Thin: every change goes through ``services``; these views only read forms and show results.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..core import audit
from ..core.roles import roles_required
from . import selectors, services
from .forms import MergeForm, ReviewDecisionForm, SearchForm, UndoMergeForm
from .hooks import CLIENT_TIMELINE
from .models import Client, ClientMerge, ReviewItem
from .review_models import ReviewStatus
from .services.common import CLIENT_STAFF

TIMELINE_TEMPLATES = ["contact/_client_timeline.html", "contact/_timeline.html", "clients/_timeline.html"]


def staff_view(view):
    """Signed in and holding a client-handling role (otherwise 403); never cached."""

    return login_required(never_cache(roles_required(*CLIENT_STAFF)(view)))


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@staff_view
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = services.readable(clients=selectors.search_clients(form.cleaned_data["q"]), actor=request.user)
        audit.record(
            actor=request.user,
            action="clients.client.searched",
            object_type="clients.client",
            data={"results": [c.pk for c in results]},
        )
    return render(request, "clients/search.html", {"form": form, "results": results})


def _timeline(client):
    """The timeline of this client and the template that shows it, when an app (contact)
    provides one (this app does not depend on it)."""
    timeline_for = CLIENT_TIMELINE.first()
    if timeline_for is None:
        return None, None
    try:
        template = select_template(TIMELINE_TEMPLATES).template.name
    except TemplateDoesNotExist:
        template = "clients/_timeline.html"
    return timeline_for(client), template


@staff_view
def detail(request, pk):
    client = get_object_or_404(Client, pk=pk)
    services.view_client(client=client, actor=request.user)
    client = selectors.client_detail(client.pk)
    timeline, timeline_template = _timeline(client.resolved())
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "survivor": client.resolved() if client.merged_into_id else None,
            "merges": [
                (m, UndoMergeForm(prefix=f"m{m.pk}") if m.is_active else None) for m in selectors.merges_of(client)
            ],
            "sharing": selectors.clients_sharing(client),
            "timeline": timeline,
            "entries": timeline,
            "timeline_template": timeline_template,
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def merge(request, pk):
    client = get_object_or_404(Client, pk=pk)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = Client.objects.filter(pk=form.cleaned_data["other"]).first()
        if other is None:
            form.add_error("other", _("There is no client with this number."))
        else:
            try:
                services.merge_clients(keep=client, merge=other, actor=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("Client %(other)s was merged into this client.") % {"other": other.pk})
                return redirect("desk:clients:detail", pk=client.resolved().pk)
    return render(request, "clients/merge.html", {"client": client, "form": form}, status=400 if form.errors else 200)


@staff_view
@require_POST
def undo_merge(request, pk):
    record = get_object_or_404(ClientMerge, pk=pk)
    form = UndoMergeForm(request.POST, prefix=f"m{record.pk}")
    if form.is_valid():
        try:
            services.undo_merge(merge=record, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("The merge was undone: both clients are back as they were."))
    else:
        messages.error(request, _("Say why the merge is undone."))
    return redirect("desk:clients:detail", pk=record.keep_id)


#: What a contact said, in the order and words an agent reads it.
IDENTITY_LABELS = {
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Date of birth"),
    "nationality": gettext_lazy("Nationality"),
    "v_number": gettext_lazy("V-number"),
    "case_ref": gettext_lazy("Case"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "language": gettext_lazy("Preferred language"),
}


@staff_view
def review_queue(request):
    items = list(selectors.review_queue()[:50])
    for item in items:
        item.said = [(label, item.identity[key]) for key, label in IDENTITY_LABELS.items() if item.identity.get(key)]
    forms = [(item, ReviewDecisionForm(item=item, prefix=f"r{item.pk}")) for item in items]
    return render(request, "clients/review_queue.html", {"forms": forms, "total": selectors.review_queue().count()})


@staff_view
@require_POST
def review_decide(request, pk):
    item = get_object_or_404(ReviewItem, pk=pk)
    if item.status != ReviewStatus.OPEN:
        messages.error(request, _("This contact was already decided."))
        return redirect("desk:clients:review")
    form = ReviewDecisionForm(request.POST, item=item, prefix=f"r{item.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("desk:clients:review")
    chosen_id = form.chosen_client_id()
    chosen = None if chosen_id is None else Client.objects.filter(pk=chosen_id).first()
    if chosen_id is not None and chosen is None:
        messages.error(request, _("There is no client with this number."))
        return redirect("desk:clients:review")
    try:
        client = services.confirm_review(item=item, client=chosen, actor=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("desk:clients:review")
    messages.success(request, _("The contact now belongs to client %(id)s.") % {"id": client.pk})
    return redirect("desk:clients:review")
