"""Pieces every report page uses: finding a report the user may see, deadlines with the
days left, and one answer for a locked key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.cache import never_cache

from ...core.deadlines import days_left
from ...whistle import crypto
from ...whistle.keyring import keyring_for
from ...whistle.models import Report
from ...whistle.selectors import next_deadline, visible_reports


def get_visible_report(user, reference: str) -> Report:
    """The report, if ``user`` may know it exists; otherwise the same 404 as for none."""
    report = visible_reports(user).filter(reference=reference).first()
    if report is None:
        raise Http404()
    return report


@dataclass
class DeadlineView:
    """A deadline as a handler reads it: due date, days left, and whether it was met."""

    label: str
    due: date
    done_on: date | None
    days_left: int | None
    met: bool | None
    overdue: bool
    text: str


def deadline_view(label: str, due: date, done_at, today: date) -> DeadlineView:
    if done_at is not None:
        done_on = timezone.localdate(done_at)
        met = done_on <= due
        return DeadlineView(label, due, done_on, None, met, False, _("met") if met else _("met late"))
    left = days_left(due, today)
    if left > 0:
        text = ngettext("%(n)d day left", "%(n)d days left", left) % {"n": left}
    elif left == 0:
        text = _("due today")
    else:
        text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -left) % {"n": -left}
    return DeadlineView(label, due, None, left, None, left < 0, text)


ACKNOWLEDGEMENT = "acknowledge"
FEEDBACK = "feedback"


def _labels() -> dict[str, str]:
    return {ACKNOWLEDGEMENT: _("Acknowledgement"), FEEDBACK: _("Feedback")}


def report_deadlines(report: Report, today: date) -> list[DeadlineView]:
    """Both legal deadlines (directive art. 9(1)(b) and (f))."""
    labels = _labels()
    return [
        deadline_view(labels[ACKNOWLEDGEMENT], report.acknowledge_due, report.acknowledged_at, today),
        deadline_view(labels[FEEDBACK], report.feedback_due, report.feedback_sent_at, today),
    ]


def upcoming_deadline(report: Report, today: date) -> DeadlineView | None:
    """The step the report waits for (``selectors.next_deadline``), or None."""
    pending = next_deadline(report)
    if pending is None:
        return None
    kind, due = pending
    return deadline_view(_labels()[kind], due, None, today)


def report_page(view):
    """Signed in, never cached (pages hold decrypted text), and a clear page when the
    handler's key is locked instead of an error."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except crypto.LockedError:
            keyring = keyring_for(request)
            return render(request, "desk/reports/locked.html", {"unlocked": keyring.unlocked}, status=403)

    return login_required(never_cache(wrapped))
