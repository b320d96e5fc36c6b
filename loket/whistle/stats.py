"""Figures for the integrity officer's dashboard (stuurinformatie meldpunt).

Everything here reads plain columns only: no report key is needed and nothing is
decrypted. Every figure is taken over the reports the officer may know of
(:func:`selectors.visible_reports`), so a report that names the officer, or someone
below them, counts for nobody's dashboard but the others'. A fixed, small number of
queries, whatever the number of reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..core.deadlines import days_left
from .models import DeadlineBreach, ReportKey, Stage
from .retaliation_selectors import reviewable_by
from .selectors import visible_reports

OPEN_LIMIT = 25
SOON_DAYS = 7


@dataclass
class OpenRow:
    reference: str
    stage_label: str
    step: str
    due: date
    days_left: int
    acknowledge_due: date
    acknowledge_done: bool
    feedback_due: date
    feedback_done: bool


@dataclass
class Dashboard:
    today: date
    by_stage: list[tuple[str, str, int]]
    total: int
    open_rows: list[OpenRow]
    open_count: int
    overdue_count: int
    due_soon_count: int
    breach_counts: list[tuple[str, str, int]]
    recent_breaches: list[DeadlineBreach]
    measures_awaiting: int
    oldest_measure_days: int | None
    mean_days_to_acknowledge: float | None
    mean_days_to_feedback: float | None
    keyless: list[str]
    months: list[dict] = field(default_factory=list)

    def chart_data(self) -> dict:
        """The charts' data for ``json_script``: labels and numbers only."""
        return {
            "stages": {
                "labels": [label for _code, label, _n in self.by_stage],
                "counts": [n for _code, _label, n in self.by_stage],
                "series": _("Reports"),
            },
            "months": {
                "labels": [m["label"] for m in self.months],
                "received": [m["received"] for m in self.months],
                "breaches": [m["breaches"] for m in self.months],
                "received_series": _("Received"),
                "breaches_series": _("Deadlines breached"),
            },
        }


def _next_step():
    return Case(
        When(acknowledged_at__isnull=True, then=Value("acknowledge")),
        When(feedback_sent_at__isnull=True, then=Value("feedback")),
        default=Value(""),
        output_field=CharField(),
    )


def _next_due():
    return Case(
        When(acknowledged_at__isnull=True, then=F("acknowledge_due")),
        When(feedback_sent_at__isnull=True, then=F("feedback_due")),
        default=None,
        output_field=DateField(),
    )


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _month_starts(today: date, months: int) -> list[date]:
    starts, year, month = [], today.year, today.month
    for _i in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(starts))


def _mean_days(pairs) -> float | None:
    spans = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    return round(sum(spans) / len(spans), 1) if spans else None


def open_deadlines(reports: QuerySet, today: date, limit: int = OPEN_LIMIT) -> tuple[list[OpenRow], dict]:
    """Open reports by their nearest deadline, and how many are overdue or due soon."""
    pending = (
        reports.exclude(stage=Stage.CLOSED)
        .filter(content_deleted_at__isnull=True)
        .annotate(next_step=_next_step(), next_due=_next_due())
        .filter(next_due__isnull=False)
    )
    counts = pending.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(next_due__lt=today)),
        soon=Count("pk", filter=Q(next_due__gte=today, next_due__lte=today + timedelta(days=SOON_DAYS))),
    )
    rows = []
    stage_labels = dict(Stage.choices)
    step_labels = dict(DeadlineBreach.Kind.choices)
    for r in pending.order_by("next_due", "pk").values(
        "reference",
        "stage",
        "next_step",
        "next_due",
        "acknowledge_due",
        "acknowledged_at",
        "feedback_due",
        "feedback_sent_at",
    )[:limit]:
        rows.append(
            OpenRow(
                reference=r["reference"],
                stage_label=str(stage_labels[r["stage"]]),
                step=str(step_labels[r["next_step"]]),
                due=r["next_due"],
                days_left=days_left(r["next_due"], today),
                acknowledge_due=r["acknowledge_due"],
                acknowledge_done=r["acknowledged_at"] is not None,
                feedback_due=r["feedback_due"],
                feedback_done=r["feedback_sent_at"] is not None,
            )
        )
    return rows, counts


def monthly(reports: QuerySet, breaches: QuerySet, today: date, months: int = 12) -> list[dict]:
    """Reports received and deadlines breached per month, the last ``months`` months."""
    starts = _month_starts(today, months)
    tz = timezone.get_current_timezone()
    since = timezone.make_aware(datetime(starts[0].year, starts[0].month, 1), tz)  # noqa: DTZ001  (made aware here)
    received = {
        _as_date(row["month"]): row["n"]
        for row in reports.filter(received_at__gte=since)
        .annotate(month=TruncMonth("received_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    breached = {
        _as_date(row["month"]): row["n"]
        for row in breaches.filter(detected_at__gte=since)
        .annotate(month=TruncMonth("detected_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        {
            "month": start.isoformat(),
            "label": formats.date_format(start, "YEAR_MONTH_FORMAT"),
            "received": received.get(start, 0),
            "breaches": breached.get(start, 0),
        }
        for start in starts
    ]


def dashboard(user, *, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    reports = visible_reports(user)
    stage_counts = dict(reports.order_by().values_list("stage").annotate(n=Count("pk")))
    by_stage = [(code, str(label), stage_counts.get(code, 0)) for code, label in Stage.choices]
    rows, counts = open_deadlines(reports, today)

    breaches = DeadlineBreach.objects.filter(report__in=reports)
    kind_counts = dict(breaches.order_by().values_list("kind").annotate(n=Count("pk")))
    breach_counts = [(code, str(label), kind_counts.get(code, 0)) for code, label in DeadlineBreach.Kind.choices]
    recent = list(
        breaches.select_related("report")
        .only("kind", "due", "detected_at", "report__reference")
        .order_by("-detected_at", "-pk")[:10]
    )

    awaiting = reviewable_by(user).order_by()
    oldest = awaiting.order_by("proposed_at").values_list("proposed_at", flat=True).first()

    acknowledged = reports.filter(acknowledged_at__isnull=False).values_list("received_at", "acknowledged_at")
    fed_back = reports.filter(feedback_sent_at__isnull=False).values_list("received_at", "feedback_sent_at")
    keyless = list(
        reports.filter(content_deleted_at__isnull=True)
        .exclude(pk__in=ReportKey.objects.values("report_id"))
        .order_by("received_at")
        .values_list("reference", flat=True)
    )
    return Dashboard(
        today=today,
        by_stage=by_stage,
        total=sum(n for _c, _l, n in by_stage),
        open_rows=rows,
        open_count=counts["open"],
        overdue_count=counts["overdue"],
        due_soon_count=counts["soon"],
        breach_counts=breach_counts,
        recent_breaches=recent,
        measures_awaiting=awaiting.count(),
        oldest_measure_days=(today - timezone.localdate(oldest)).days if oldest else None,
        mean_days_to_acknowledge=_mean_days(acknowledged),
        mean_days_to_feedback=_mean_days(fed_back),
        keyless=keyless,
        months=monthly(reports, breaches, today),
    )
