"""The integrity officer's pages for signals: the dashboard, one signal, run now.

Thin: the selectors leave out every signal about the reader, the services check the role.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_POST

from loket.core import audit
from loket.core.roles import Role, require_role, roles_required

from ..signal_models import IntegritySignal
from . import selectors, services
from .config import SIGNAL_IDS, from_settings


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


@login_required
@roles_required(Role.INTEGRITY_OFFICER)
def dashboard(request):
    d = selectors.dashboard(request.user)
    glass = selectors.break_glass()
    audit.record(actor=request.user, action="integrity.signals.dashboard.viewed", object_type="integrity.dashboard")
    chart = {
        "codes": list(SIGNAL_IDS),
        "by_code": [n for _c, n in d["by_code"]],
        "teams": [t for t, _n in d["by_team"]],
        "by_team": [n for _t, n in d["by_team"]],
        "weeks": [w.isoformat() for w, _row in d["trend"]],
        "trend": [[row[i] for _w, row in d["trend"]] for i in range(len(SIGNAL_IDS))],
        "names": {"open": _("Open signals"), "team": _("Open signals per team")},
    }
    return render(
        request,
        "integrity/signals_dashboard.html",
        {
            "d": d,
            "glass": glass,
            "chart": chart,
            "codes": SIGNAL_IDS,
            "thresholds": from_settings(),
        },
    )


@login_required
def detail(request, pk: int):
    require_role(request.user, Role.INTEGRITY_OFFICER)
    try:
        signal = selectors.signal_for(request.user, pk)
    except IntegritySignal.DoesNotExist:
        raise Http404 from None
    audit.record(actor=request.user, action="integrity.signal.viewed", obj=signal)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "investigate":
                services.open_investigation(user=request.user, signal_id=signal.pk, reason=form.cleaned_data["reason"])
                messages.success(request, _("An investigation has been opened."))
            else:
                services.dismiss(user=request.user, signal_id=signal.pk, reason=form.cleaned_data["reason"])
                messages.success(request, _("The signal has been dismissed."))
            return redirect("desk:signals:detail", pk=signal.pk)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("reason", message)
    return render(request, "integrity/signals_detail.html", {"signal": signal, "form": form})


@login_required
@require_POST
def run_now(request):
    require_role(request.user, Role.INTEGRITY_OFFICER)
    from .tasks import run_signals_task

    run_signals_task.enqueue()
    messages.success(request, _("The signals are being computed; refresh this page in a moment."))
    return redirect("desk:signals:dashboard")
