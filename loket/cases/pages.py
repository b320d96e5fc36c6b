"""The case page (zaakdossier): facts, deadline, penalty, events, statuses, roles, and the
decision panel. Rendered by the case view and, with bound forms and errors, by the views
that post to it (here and in the decisions app), so a refused form shows on the same page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property

from loket.core.roles import has_role

from . import selectors
from .access import CASE_WORKERS
from .forms import EventForm, HearingForm
from .hooks import CASE_PAGE_PANELS


class IdsFirstPaginator(Paginator):
    """Reads a page in two steps: the ids of its rows first (the filters and the order only,
    from an index), then those rows with their joins and annotations. In one query PostgreSQL
    computed the joins and the status subquery of every row it skipped: page 100 of the queue
    (OFFSET 4950) cost 150 ms at a million cases. Same rows, same order: the second query
    keeps the queryset's filters and ordering and narrows it to the page's ids."""

    def page(self, number):
        rows = self.object_list
        if not hasattr(rows, "values_list") or not rows.ordered:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        return self._get_page(rows.filter(pk__in=ids), number, self)


class CappedPaginator(IdsFirstPaginator):
    """Counts at most ``cap`` rows: an exact count of a million open cases took a second per
    page view on PostgreSQL. Past the cap, ``capped`` is True and the pages stop there (the
    filters narrow the list)."""

    def __init__(self, object_list, per_page, cap: int = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1): no order, no annotations to compute
        rows = self.object_list
        if hasattr(rows, "values"):
            rows = rows.values("pk").order_by()
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.cap


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            known = field in form.fields
            form.add_error(field if known else None, errors)
            if known:  # as DesignSystemFormMixin does for the form's own errors
                attrs = form.fields[field].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{form.add_prefix(field)}-error"
    else:
        form.add_error(None, exc.messages)


def render_case_page(request, case, *, forms: dict | None = None, stopped=None, status: int = 200):
    forms = forms or {}
    case = selectors.case_detail(case.pk)
    today = timezone.localdate()
    context = {
        "case": case,
        "standing": selectors.standing(case, today),
        "events": list(case.events.all()),
        "statuses": list(case.statuses.all()),
        "roles": list(case.roles.all()),
        "can_record": has_role(request.user, *CASE_WORKERS),
        "event_form": forms.get("event") or EventForm(prefix="event", initial={"on": today}),
        "hearing_form": forms.get("hearing")
        or HearingForm(prefix="hearing", initial={"on": today, "by": request.user.pk}),
        "today": today,
    }
    for panel in CASE_PAGE_PANELS.functions:
        context.update(panel(request, case, forms=forms, stopped=stopped))
    return render(request, "cases/case_detail.html", context, status=status)
