"""Staff pages for cases: the work queue per team, a case, opening a case, recording what
happened, and the late cases with their penalties. Thin: services and selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.core import audit
from loket.core.roles import roles_required

from . import access, selectors, services
from .forms import CaseForm, EventForm, HearingForm, QueueFilterForm
from .models import Case
from .pages import CappedPaginator, add_errors, render_case_page

PAGE_SIZE = 50
QUEUE_COUNT_CAP = 10_000  # the queue counts its open cases up to here (see pages.CappedPaginator)


@login_required
@roles_required(*access.CASE_READERS)
def queue(request):
    teams = selectors.visible_teams(request.user)
    form = QueueFilterForm(request.GET or None, teams=teams)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    cases = selectors.open_cases(
        request.user, team=filters.get("team"), kind=filters.get("kind", ""), track=filters.get("track", "")
    )
    page = CappedPaginator(cases, PAGE_SIZE, cap=QUEUE_COUNT_CAP).get_page(request.GET.get("page"))
    rows = selectors.annotate_standing(page.object_list, today)
    audit.record(
        actor=request.user,
        action="cases.queue.viewed",
        object_type="cases.case",
        data={"page": page.number, "cases": [c.reference for c in rows]},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/queue.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()})


def _case_for(request, pk) -> Case:
    case = get_object_or_404(Case, pk=pk)
    access.require_case_access(request.user, case)
    return case


def refused(request, case):
    """The page a refused reader gets: why, and the way to break the glass."""
    return render(request, "cases/no_access.html", access.refusal_context(request.user, case), status=403)


@login_required
def case_detail(request, pk):
    case = get_object_or_404(Case, pk=pk)
    try:
        access.open_case_for(request.user, case)
    except PermissionDenied:
        return refused(request, case)
    return render_case_page(request, case)


@login_required
@roles_required(*access.CASE_WORKERS)
def open_case(request):
    teams = selectors.visible_teams(request.user)
    form = CaseForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        client = data.pop("v_number")
        try:
            case = services.open_case(actor=request.user, client=client, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Case %(ref)s was opened.") % {"ref": case.reference})
            return redirect("desk:cases:detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form}, status=400 if form.errors else 200)


def _record(request, case, form_name: str, form, **fixed):
    if form.is_valid():
        try:
            services.record_event(case=case, actor=request.user, **fixed, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Recorded."))
            return redirect("desk:cases:detail", pk=case.pk)
    return render_case_page(request, case, forms={form_name: form}, status=400)


@login_required
@require_POST
def record_event(request, pk):
    case = _case_for(request, pk)
    return _record(request, case, "event", EventForm(request.POST, prefix="event"))


@login_required
@require_POST
def record_hearing(request, pk):
    case = _case_for(request, pk)
    return _record(request, case, "hearing", HearingForm(request.POST, prefix="hearing"), type="hearing_held")


@login_required
@roles_required(*access.CASE_READERS)
def late(request):
    """Cases past their statutory period, days late, notices of default and penalties (DW-01/02)."""
    today = timezone.localdate()
    teams = selectors.visible_teams(request.user)
    form = QueueFilterForm(request.GET or None, teams=teams)
    team = form.cleaned_data.get("team") if form.is_valid() else None
    # The page from the database, the totals from aggregate queries: never every late case in memory.
    cases = selectors.late_cases(request.user, today=today, team=team)
    page = CappedPaginator(cases, PAGE_SIZE, cap=QUEUE_COUNT_CAP).get_page(request.GET.get("page"))
    rows = selectors.annotate_standing(page.object_list, today)
    per_team = selectors.late_totals_per_team(access.visible_units(request.user), today=today, team=team)
    audit.record(
        actor=request.user,
        action="cases.late.viewed",
        object_type="cases.case",
        data={"page": page.number, "cases": [c.reference for c in rows]},
    )
    chart = {
        "labels": [str(e["team"]) for e in per_team],
        "owed": [float(e["owed"]) for e in per_team],
        "late": [e["late"] for e in per_team],
        "names": {"owed": _("penalty owed (EUR)"), "late": _("late cases")},
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/late.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "per_team": per_team,
            "chart": chart,
            "query": query.urlencode(),
            "today": today,
        },
    )
