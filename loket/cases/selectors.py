"""Reading cases: the work queue per team, late cases and their penalties, one case.

A page of the queue costs a fixed number of queries however many rows it has: the current
status is a subquery, events are prefetched once per page, and the days left and the
penalty exposure are computed from those rows by the rules' helpers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Value,
)

from loket.core.models import OrgUnit
from loket.rules.facts import Event

from . import access
from .facts import case_facts, due_on, penalty, row_facts
from .models import Case, CaseEvent, CaseStatus

# Events that suspend the statutory period until a ``resumed`` (as the rules read them).
SUSPENSION_STARTS = ("suspended", "defect_repair_requested")
PENALTY_CHUNK = 2000


def with_status(queryset):
    latest = CaseStatus.objects.filter(case=OuterRef("pk")).order_by("-id").values("status")[:1]
    return queryset.annotate(current_status=Subquery(latest))


def events_prefetch() -> Prefetch:
    return Prefetch("events", queryset=CaseEvent.objects.select_related("by").order_by("on", "id"))


# People a case names who are mostly absent (the contested decision's author and signatory
# are often ids from another system): read in one query per page when there are any, not
# joined. Each LEFT JOIN on the users made PostgreSQL's plan of a page of the queue loop over
# every user for every row (3.7 instead of 1.5 ms) and the case page's plan cost 3.1 ms.
RARE_PEOPLE = ("contested_author", "contested_signatory")


def base_queryset():
    """The cases of a list, without their events: a page's events are read in one query by
    ``annotate_standing`` (a prefetch clones a queryset per case: half the CPU of a page)."""
    return Case.objects.select_related("team", "client").prefetch_related(*RARE_PEOPLE)


def open_cases(user, *, team: OrgUnit | None = None, kind: str = "", track: str = ""):
    """Cases without a decision that ``user`` may read (need to know), soonest deadline first."""
    return access.visible(user, open_cases_in(None, team=team, kind=kind, track=track), open_only=True)


def open_cases_in(units: list[int] | None, *, team: OrgUnit | None = None, kind: str = "", track: str = ""):
    """Open cases of these units (None: all), soonest deadline first."""
    # NOT EXISTS rather than decision__isnull: the LEFT JOIN ... IS NULL form left PostgreSQL
    # estimating one open case of a million, so it joined every case before sorting (58 s a page)
    decisions = Case._meta.get_field("decision").related_model.objects.filter(case=OuterRef("pk"))
    queryset = base_queryset().filter(~Exists(decisions))
    if units is not None:
        queryset = queryset.filter(team_id__in=units)
    if team is not None:
        queryset = queryset.filter(team=team)
    if kind:
        queryset = queryset.filter(kind=kind)
    if track:
        queryset = queryset.filter(track=track)
    return with_status(queryset).order_by(F("due_on").asc(nulls_last=True), "received_on", "pk")


@dataclass(frozen=True)
class Standing:
    """Where a case stands today: its deadline, the days left (negative: late) and the penalty."""

    due_on: date | None
    days_left: int | None
    penalty_days: int
    penalty_owed: Decimal
    notice_on: date | None

    @property
    def late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -self.days_left if self.late else 0


def standing(case: Case, today: date, *, events=None) -> Standing:
    """The deadline and penalty of ``case`` on ``today`` from the rules (events prefetched,
    or given in their order)."""
    facts = case_facts(case, events=events)
    due = due_on(facts, today)
    days, owed, notice_on = penalty(facts, today)
    return Standing(
        due_on=due,
        days_left=(due - today).days if due else None,
        penalty_days=days,
        penalty_owed=owed,
        notice_on=notice_on,
    )


def annotate_standing(cases, today: date) -> list[Case]:
    """Attach ``standing`` to each case of a page, the events of all of them read in one query."""
    rows = list(cases)
    found: dict[int, list[CaseEvent]] = defaultdict(list)
    for event in events_prefetch().queryset.filter(case_id__in=[case.pk for case in rows]):
        found[event.case_id].append(event)
    for case in rows:
        case.standing = standing(case, today, events=found.get(case.pk, ()))
    return rows


def late_cases(user, *, today: date, team: OrgUnit | None = None):
    """Open cases past their statutory deadline, most days late first (a query: page it)."""
    return access.visible(user, late_cases_in(None, today=today, team=team), open_only=True)


def late_cases_in(units: list[int] | None, *, today: date, team: OrgUnit | None = None):
    """Late open cases of these units (None: all), from the stored deadline.

    The stored deadline is exact but for a suspension still open: it is refreshed when the
    suspension is recorded and then runs on, so a case suspended before its deadline lapsed is
    not late while the suspension lasts (one that began after the lapse does not count).
    """
    suspensions = CaseEvent.objects.filter(
        case=OuterRef("pk"), type__in=SUSPENSION_STARTS, on__lte=OuterRef("due_on")
    ).exclude(Exists(CaseEvent.objects.filter(case=OuterRef("case"), type="resumed", on__gte=OuterRef("on"))))
    queryset = open_cases_in(units, team=team).filter(due_on__lt=today).exclude(Exists(suspensions))
    return queryset.order_by("due_on", "pk")


def _with_notice(queryset, today: date):
    """Cases whose notice of default came after the deadline lapsed, by ``today`` (the rules
    count no earlier one): only these can owe a penalty."""
    notices = CaseEvent.objects.filter(
        case=OuterRef("pk"), type="notice_of_default", on__gt=OuterRef("due_on"), on__lte=today
    )
    return queryset.filter(Exists(notices))


def late_totals_per_team(units: list[int] | None, *, today: date, team: OrgUnit | None = None) -> list[dict]:
    """Late cases, days late, notices of default and penalty owed per team, most owed first.

    Counts and days are one aggregate query however many cases are late. The penalty comes
    from the rules for each case with a notice (the only ones that can owe one), read in
    chunks: memory stays at one chunk, and the work grows with the notices, not the cases.
    """
    late = late_cases_in(units, today=today, team=team).order_by()
    days = ExpressionWrapper(Value(today) - F("due_on"), output_field=DurationField())
    teams: dict[int, dict] = {
        row["team"]: {"late": row["late"], "days_late": row["days"].days, "notices": 0, "owed": Decimal(0)}
        for row in late.values("team").annotate(late=Count("pk"), days=Sum(days))
    }
    noticed = _with_notice(late, today)  # events prefetched per chunk (base_queryset)
    for case in noticed.iterator(chunk_size=PENALTY_CHUNK):
        entry = teams[case.team_id]
        entry["notices"] += 1
        entry["owed"] += standing(case, today).penalty_owed
    units_by_pk = OrgUnit.objects.in_bulk(list(teams))
    rows = [{"team": units_by_pk[pk], **entry} for pk, entry in teams.items()]
    return sorted(rows, key=lambda e: (-e["owed"], e["team"].code))


def visible_teams(user):
    """The units ``user`` works in (and may open cases in): their own and those below it."""
    units = access.home_units(user)
    return OrgUnit.objects.all() if units is None else OrgUnit.objects.filter(pk__in=units)


def open_workload(user_ids) -> dict[int, int]:
    """Open cases assigned to each of ``user_ids`` (the draw's weights come from it)."""
    counts = dict.fromkeys(user_ids, 0)
    rows = open_cases_in(None).filter(assigned_to_id__in=list(user_ids)).order_by().values("assigned_to_id")
    for row in rows.annotate(n=Count("pk")):
        counts[row["assigned_to_id"]] = row["n"]
    return counts


def case_detail(pk: int) -> Case:
    """One case with everything its page shows; raises Case.DoesNotExist."""
    return (
        with_status(Case.objects.select_related("team", "client", "representative", "assigned_to"))
        .prefetch_related(
            events_prefetch(),
            Prefetch("statuses", queryset=CaseStatus.objects.select_related("by")),
            "roles__user",
            *RARE_PEOPLE,
            "created_by",
        )
        .get(pk=pk)
    )


def fixed_penalties_per_team(units: list[int] | None) -> dict[int, Decimal]:
    """The penalties fixed by decision (Awb 4:18), summed per team."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    queryset = CaseEvent.objects.filter(type="penalty_fixed")
    if units is not None:
        queryset = queryset.filter(case__team_id__in=units)
    for team_id, amount in queryset.values_list("case__team_id", "amount"):
        totals[team_id] += amount or Decimal(0)
    return dict(totals)


def client_cases_of(client_ids):
    """The cases of one client (``client_ids``: the client and those merged into them), newest
    first, with their current status, events (for the deadline) and the day of the decision,
    if any: a fixed number of queries however many cases the client has. Every read of a client's cases on the client site goes through
    here, so that another client's case cannot be reached by its id."""
    decided = Case._meta.get_field("decision").related_model.objects.filter(case=OuterRef("pk"))
    return (
        with_status(Case.objects.filter(client_id__in=client_ids))
        .annotate(decided_on=Subquery(decided.values("decided_on")[:1]))
        .select_related("team", "contested_author", "contested_signatory")
        .prefetch_related(events_prefetch())
        .order_by("-opened_on", "-pk")
    )


def client_case(client_ids, reference: str) -> Case:
    """One case of one client by its reference; raises Case.DoesNotExist for a case of
    anyone else (the client site answers that as "not found")."""
    return client_cases_of(client_ids).get(reference=reference)


#: The columns of a case that ``client_case_rows`` reads: what the client site shows and what
#: the rules need for the decision date.
CLIENT_CASE_FIELDS = (
    "pk",
    "reference",
    "kind",
    "track",
    "subject",
    "received_on",
    "accelerated",
    "posted_on",
    "contested_decided_on",
    "contested_notified_on",
    "contested_author__username",
    "contested_author_ref",
    "contested_signatory__username",
    "contested_signatory_ref",
    "current_status",
    "decision__decided_on",
)


def client_case_rows(client_ids, today: date) -> list[dict]:
    """The cases of one client as plain rows for the client site, newest first: the fields
    above, ``due_on`` (the statutory decision date on ``today``, from the rules) and
    ``suspensions``. Two queries however many cases, and no model objects: the events of
    all the cases are read at once, as values. Reads only through the client's ids, as
    ``client_cases_of`` does."""
    rows = list(
        with_status(Case.objects.filter(client_id__in=client_ids))
        .order_by("-opened_on", "-pk")
        .values(*CLIENT_CASE_FIELDS)
    )
    events: dict[int, list[Event]] = {row["pk"]: [] for row in rows}
    found = CaseEvent.objects.filter(case_id__in=list(events)).order_by("on", "id")
    for case_id, kind, on, by, by_ref in found.values_list("case_id", "type", "on", "by__username", "by_ref"):
        events[case_id].append(Event(kind, on, by or by_ref or None))
    for row in rows:
        mine = tuple(events[row["pk"]])
        row["due_on"] = due_on(row_facts(row, mine), today)
        row["suspensions"] = suspensions_of(mine)
    return rows


@dataclass(frozen=True)
class Suspension:
    """A stretch in which the decision period stood still (opschorting)."""

    reason: str  # the event that began it: "suspended" or "defect_repair_requested"
    since: date
    until: date | None  # None while it lasts


def suspensions(case: Case) -> list[Suspension]:
    """The suspensions of ``case`` from its (prefetched) events, oldest first, read the way
    the services record them: a suspending event, then a ``resumed``."""
    return suspensions_of(case.events.all())


def suspensions_of(events) -> list[Suspension]:
    """The suspensions in ``events`` (anything with ``type`` and ``on``), oldest first."""
    found: list[Suspension] = []
    current: tuple[str, date] | None = None
    for event in events:
        if event.type in SUSPENSION_STARTS and current is None:
            current = (event.type, event.on)
        elif event.type == "resumed" and current is not None:
            found.append(Suspension(current[0], current[1], event.on))
            current = None
    if current is not None:
        found.append(Suspension(current[0], current[1], None))
    return found
