"""The team lead's figures (bereikbaarheid): the share of questions answered within the
service norm per channel per week, the backlog by age, and how many contacts each
question drew in. Each figure comes as rows, so a page can show a chart and a table of
the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from .choices import Channel, QuestionStatus
from .models import Question

AGE_BUCKETS = [(0, 2, "0–2"), (3, 5, "3–5"), (6, 10, "6–10"), (11, 20, "11–20"), (21, None, "21+")]
CONTACT_BUCKETS = ["1", "2", "3", "4", "5+"]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def reachability(*, weeks: int = 8, today: date | None = None) -> dict:
    """Per channel (of the question's first contact) and ISO week of opening: questions
    whose deadline has come (answered, or due before today) and the share of those
    answered on or before their due date."""
    today = today or timezone.localdate()
    first_week = _monday(today) - timedelta(weeks=weeks - 1)
    start = timezone.make_aware(datetime.combine(first_week, time.min))
    rows = (
        Question.objects.exclude(status=QuestionStatus.MERGED)
        .filter(opened_at__gte=start)
        .values_list("channel", "opened_at", "due_on", "status", "answered_at")
    )
    due = defaultdict(int)
    met = defaultdict(int)
    for channel, opened_at, due_on, status, answered_at in rows.iterator(chunk_size=5000):
        week = _monday(timezone.localtime(opened_at).date())
        if status == QuestionStatus.ANSWERED:
            due[channel, week] += 1
            met[channel, week] += timezone.localtime(answered_at).date() <= due_on
        elif due_on < today:
            due[channel, week] += 1
    week_list = [first_week + timedelta(weeks=n) for n in range(weeks)]
    series = []
    for channel, label in Channel.choices:
        points = []
        for week in week_list:
            n = due[channel, week]
            points.append(
                {
                    "week": week,
                    "due": n,
                    "met": met[channel, week],
                    "share": round(100 * met[channel, week] / n, 1) if n else None,
                }
            )
        series.append({"channel": channel, "label": str(label), "points": points})
    return {"weeks": week_list, "series": series}


def backlog_by_age(*, today: date | None = None) -> list[dict]:
    """Open questions by calendar days since the first contact, with how many are overdue."""
    today = today or timezone.localdate()
    counts, overdue = Counter(), Counter()
    for opened_at, due_on in Question.objects.filter(status=QuestionStatus.OPEN).values_list("opened_at", "due_on"):
        age = max(0, (today - timezone.localtime(opened_at).date()).days)
        label = next(lbl for lo, hi, lbl in AGE_BUCKETS if age >= lo and (hi is None or age <= hi))
        counts[label] += 1
        overdue[label] += due_on < today
    return [{"age": lbl, "open": counts[lbl], "overdue": overdue[lbl]} for _lo, _hi, lbl in AGE_BUCKETS]


def contacts_per_question(*, since: date | None = None) -> dict:
    """How many contacts joined each question (merged questions left out): the spread and
    the mean. A mean above 1 is work the channels would otherwise each have done."""
    questions = Question.objects.exclude(status=QuestionStatus.MERGED)
    if since:
        questions = questions.filter(opened_at__date__gte=since)
    spread, total, n = Counter(), 0, 0
    for count in questions.annotate(n=Count("contacts")).values_list("n", flat=True).iterator(chunk_size=5000):
        spread["5+" if count >= 5 else str(count)] += 1
        total, n = total + count, n + 1
    return {
        "rows": [{"contacts": b, "questions": spread[b]} for b in CONTACT_BUCKETS],
        "mean": round(total / n, 2) if n else None,
        "questions": n,
        "contacts": total,
    }
