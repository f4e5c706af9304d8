"""Reads of activities shared by pages and the API, all through ``visible_to``.

受训率 (participation rate), the rule shown on every page: the invited people present (on time
or late) divided by the invited people minus those on approved leave. People who came without
being invited are counted apart (walk-ins) and never raise the rate; with nobody left to
expect, there is no rate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth

from chuangwen.core.roles import VIEW
from chuangwen.org.models import Person

from .models import Activity, ActivityKind, Attendance, StudyNote, StudyTarget

CAME = (Attendance.Status.PRESENT, Attendance.Status.LATE)


@dataclass(frozen=True)
class Participation:
    expected: int
    attended: int
    late: int
    leave: int
    walk_ins: int
    required: int | None

    @property
    def rate(self) -> float | None:
        due = self.expected - self.leave
        return round(100 * self.attended / due, 1) if due > 0 else None

    @property
    def below(self) -> bool:
        return self.required is not None and self.rate is not None and self.rate < self.required


def _count(qs) -> Subquery:
    return Coalesce(
        Subquery(
            qs.order_by().values("activity_id").annotate(c=Count("pk")).values("c")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def with_counts(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities annotated with what ``participation`` needs (subqueries: one query in all)."""
    roster = Activity.roster.through.objects.filter(activity_id=OuterRef(OuterRef("pk"))).values("person_id")
    mine = Attendance.objects.filter(activity_id=OuterRef("pk"))
    return qs.annotate(
        n_expected=_count(Activity.roster.through.objects.filter(activity_id=OuterRef("pk"))),
        n_attended=_count(mine.filter(status__in=CAME, person_id__in=roster)),
        n_late=_count(mine.filter(status=Attendance.Status.LATE)),
        n_leave=_count(mine.filter(status=Attendance.Status.LEAVE, person_id__in=roster)),
        n_walk_ins=_count(mine.filter(status__in=CAME).exclude(person_id__in=roster)),
    )


def participation(activity: Activity) -> Participation:
    """The participation of an activity from ``with_counts``' annotations (or counted now)."""
    if not hasattr(activity, "n_expected"):
        activity = with_counts(Activity.objects.filter(pk=activity.pk)).select_related("kind").get()
    return Participation(
        activity.n_expected,
        activity.n_attended,
        activity.n_late,
        activity.n_leave,
        activity.n_walk_ins,
        activity.kind.required_rate,
    )


def visible_activities(user, action: str = VIEW) -> QuerySet[Activity]:
    """Activities ``user`` may see (archived ones too; lists leave them out)."""
    return Activity.objects.visible_to(user, action)


def activity_list(user) -> QuerySet[Activity]:
    return with_counts(
        visible_activities(user).filter(archived_at__isnull=True).select_related("kind", "department", "unit")
    )


def kinds_for(unit) -> QuerySet[ActivityKind]:
    """The active kinds a unit uses: the shipped ones and its own."""
    q = Q(unit__isnull=True) | (Q(unit=unit) if unit is not None else Q(pk__in=[]))
    return ActivityKind.objects.filter(q, is_active=True)


def attendance_rows(user, activity: Activity) -> list[dict]:
    """The roster and the walk-ins of an activity, each with their attendance (if any), as far
    as the user may see attendance (a staff member: her own), ordered by department."""
    visible = Attendance.objects.visible_to(user).filter(activity=activity)
    taken = {a.person_id: a for a in visible.select_related("person__department")}
    roster = list(activity.roster.select_related("department").order_by("department__sort_order", "employee_no"))
    visible_people = set(
        Person.objects.visible_to(user).filter(pk__in=[p.pk for p in roster]).values_list("pk", flat=True)
    )
    rows = [{"person": p, "attendance": taken.get(p.pk), "invited": True} for p in roster if p.pk in visible_people]
    invited = {p.pk for p in roster}
    rows += [{"person": a.person, "attendance": a, "invited": False} for pid, a in taken.items() if pid not in invited]
    return rows


def targets_for(unit_id: int, year: int) -> dict:
    """The unit's targets of a year: kind id (None: all study sessions) -> words per person."""
    return dict(StudyTarget.objects.filter(unit_id=unit_id, year=year).values_list("kind_id", "words_per_person"))


@dataclass(frozen=True)
class Progress:
    person: Person
    words: int
    notes: int
    target: int | None

    @property
    def behind(self) -> bool:
        return self.target is not None and self.words < self.target

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.words / self.target)) if self.target else 100


def notes_progress(people: QuerySet[Person], *, unit_id: int, year: int) -> list[Progress]:
    """Each person's words and notes of ``year`` against the unit's all-sessions target (two
    queries whatever the number of people)."""
    target = targets_for(unit_id, year).get(None)
    totals = StudyNote.objects.filter(person_id=OuterRef("pk"), year=year).order_by().values("person_id")
    rows = people.annotate(
        words=Coalesce(Subquery(totals.annotate(s=Sum("word_count")).values("s")[:1]), Value(0)),
        notes=Coalesce(Subquery(totals.annotate(c=Count("pk")).values("c")[:1]), Value(0)),
    ).select_related("department")
    return [Progress(p, p.words, p.notes, target) for p in rows]


def year_figures(activities: QuerySet[Activity], unit_ids) -> tuple[dict[int, dict], dict[str, list[int]]]:
    """Per unit of ``unit_ids``: the activities (not archived) of ``activities`` (already limited
    to a year) in all and by kind, the participation rates of the rated ones (kinds with a
    required rate), their mean and how many fell below their kind's rate; and per kind the
    count by month. One query. The bureau's page and the year-end summary read it."""
    rows = (
        with_counts(activities.filter(archived_at__isnull=True))
        .annotate(month=ExtractMonth("starts_at"))
        .values("unit_id", "kind__name", "kind__required_rate", "month", "n_expected", "n_attended", "n_leave")
    )
    per_unit = {pk: {"total": 0, "kinds": defaultdict(int), "rates": [], "below": 0} for pk in unit_ids}
    months: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for r in rows:
        u = per_unit[r["unit_id"]]
        u["total"] += 1
        u["kinds"][r["kind__name"]] += 1
        months[r["kind__name"]][r["month"] - 1] += 1
        due = r["n_expected"] - r["n_leave"]
        if r["kind__required_rate"] is not None and due > 0:
            rate = 100 * r["n_attended"] / due
            u["rates"].append(rate)
            u["below"] += rate < r["kind__required_rate"]
    for u in per_unit.values():
        u["mean_rate"] = round(sum(u["rates"]) / len(u["rates"]), 1) if u["rates"] else None
    return per_unit, months
