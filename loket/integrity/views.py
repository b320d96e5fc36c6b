"""Staff pages of the integrity app (mounted at /desk/integrity/access/): breaking the glass,
the integrity officer's list of broken glass, declarations and absences, reassignment
requests and the team lead's approval, and the replay of a case's draws. Thin: the
services and selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.cases.access import GLASS_BREAKERS, led_units, may_read
from loket.cases.models import Case
from loket.clients.models import Client
from loket.core import audit
from loket.core.roles import Role, has_role, require_role, roles_required

from . import selectors, services
from .access_models import DrawPurpose, Reassignment
from .forms import AbsenceForm, BreakGlassForm, ReassignForm, RelationForm
from .services.assignment import candidates_for
from .services.conflicts import DECLARERS
from .services.reassignment import may_decide

OVERSEERS = (Role.INTEGRITY_OFFICER, Role.TEAM_LEAD, Role.INVESTIGATOR)


def add_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: per field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def break_glass(request, pk):
    require_role(request.user, *GLASS_BREAKERS)
    case = get_object_or_404(Case, pk=pk)
    if may_read(request.user, case):
        return redirect("desk:cases:detail", pk=case.pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.warning(
                request, _("You broke the glass for case %(ref)s. You may read it today.") % {"ref": case.reference}
            )
            return redirect("desk:cases:detail", pk=case.pk)
    status = 400 if form.errors else 200
    return render(request, "integrity/break_glass.html", {"case": case, "form": form}, status=status)


@login_required
@roles_required(*OVERSEERS)
def overview(request):
    """The integrity officer's broken glass (today's first) and the team lead's requests."""
    glass = (
        list(selectors.broken_glass()) if has_role(request.user, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR) else None
    )
    today = timezone.localdate()
    if glass is not None:
        audit.record(
            actor=request.user,
            action="integrity.glass.listed",
            object_type="integrity.breakglass",
            data={"entries": [g.pk for g in glass]},
        )
    requests = list(selectors.pending_reassignments(request.user)) if has_role(request.user, Role.TEAM_LEAD) else []
    for row in requests:
        row.can_decide = may_decide(request.user, row)
    context = {
        "glass": glass,
        "glass_today": [g for g in glass or [] if g.on == today],
        "requests": requests,
        "today": today,
    }
    return render(request, "integrity/overview.html", context)


@login_required
@roles_required(*DECLARERS)
def declarations(request):
    """An officer's own declared relations and absences, and the forms to add them."""
    relation_form = RelationForm(request.POST if request.POST.get("form") == "relation" else None, prefix="rel")
    absence_form = AbsenceForm(request.POST if request.POST.get("form") == "absence" else None, prefix="abs")
    if request.method == "POST" and relation_form.is_bound and relation_form.is_valid():
        data = dict(relation_form.cleaned_data)
        v_number = data.pop("v_number").strip()
        client = Client.objects.filter(v_number=v_number).first() if v_number else None
        if v_number and client is None:
            relation_form.add_error("v_number", _("No client has this V-number."))
        else:
            try:
                relation = services.declare_relation(actor=request.user, client=client, **data)
            except ValidationError as exc:
                add_errors(relation_form, exc)
            else:
                moved = getattr(relation, "moved", [])
                messages.success(
                    request,
                    _("Your declaration was recorded.")
                    + (
                        " " + _("These cases go to another officer: %(refs)s.") % {"refs": ", ".join(moved)}
                        if moved
                        else ""
                    ),
                )
                return redirect("desk:integrity_access:declarations")
    if request.method == "POST" and absence_form.is_bound and absence_form.is_valid():
        try:
            services.record_absence(actor=request.user, officer=request.user, **absence_form.cleaned_data)
        except ValidationError as exc:
            add_errors(absence_form, exc)
        else:
            messages.success(request, _("Your absence was recorded."))
            return redirect("desk:integrity_access:declarations")
    context = {
        "relations": selectors.relations_of(request.user),
        "absences": request.user.absences.order_by("-starts_on")[:20],
        "relation_form": relation_form,
        "absence_form": absence_form,
    }
    return render(request, "integrity/declarations.html", context, status=400 if request.method == "POST" else 200)


@login_required
def reassign(request, pk):
    case = get_object_or_404(Case, pk=pk)
    if not may_read(request.user, case):
        raise PermissionDenied(_("You may not open this case."))
    officers = [c["user"] for c in candidates_for(case, purpose=DrawPurpose.OFFICER)[0] if c["user"] != request.user.pk]
    form = ReassignForm(
        request.POST or None, officers=Case.assigned_to.field.related_model.objects.filter(pk__in=officers)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_reassignment(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your request waits for a team lead's approval."))
            return redirect("desk:cases:detail", pk=case.pk)
    return render(request, "integrity/reassign.html", {"case": case, "form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def decide(request, pk):
    row = get_object_or_404(Reassignment.objects.select_related("case"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_reassignment(reassignment=row, actor=request.user, approve=approve)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("desk:integrity_access:overview")
    messages.success(request, _("The reassignment was approved.") if approve else _("The reassignment was refused."))
    return redirect("desk:integrity_access:overview")


@login_required
def draws(request, pk):
    """Every draw of a case, each replayed from its stored seed, candidates and weights."""
    require_role(request.user, *OVERSEERS)
    case = get_object_or_404(Case, pk=pk)
    if not has_role(request.user, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR) and case.team_id not in led_units(
        request.user
    ):
        raise PermissionDenied(_("Only the integrity officer and the case's team lead see its draws."))
    rows = list(selectors.draws_of(case))
    for row in rows:
        row.replay = services.replay(row)
    audit.record(
        actor=request.user,
        action="integrity.draw.replayed",
        obj=case,
        data={"reference": case.reference, "draws": [r.pk for r in rows], "same": all(r.replay["same"] for r in rows)},
    )
    return render(request, "integrity/draws.html", {"case": case, "draws": rows})
