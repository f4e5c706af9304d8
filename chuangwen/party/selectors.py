"""Reads of party work shared by the pages and the API: scoped querysets, the branches' yearly
summaries, the development pipeline and the bureau's per-unit aggregates."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from chuangwen.core.roles import CHANGE, VIEW

from . import calendar
from .development import next_step
from .models import (
    Applicant,
    Branch,
    BranchMember,
    DevelopmentStep,
    Meeting,
    MeetingAttendance,
    MeetingType,
    PartyGroup,
    StepRecord,
)


def branch_queryset(user, action: str = VIEW):
    return (
        Branch.objects.visible_to(user, action)
        .filter(is_active=True)
        .select_related("unit", "secretary")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True), distinct=True))
        .order_by("unit_id", "sort_order", "id")
    )


def meeting_queryset(user, action: str = VIEW):
    return (
        Meeting.objects.visible_to(user, action)
        .filter(archived_at__isnull=True)
        .select_related("branch", "group", "type", "host", "recorder")
        .annotate(
            roster=Count("attendance", distinct=True),
            present=Count("attendance", filter=Q(attendance__status=MeetingAttendance.Status.PRESENT), distinct=True),
        )
    )


def meeting_detail_queryset(user, action: str = VIEW):
    return meeting_queryset(user, action).prefetch_related(
        Prefetch("attendance", queryset=MeetingAttendance.objects.select_related("person").order_by("id")),
        "resolutions",
        "photos",
        "items",
    )


def applicant_queryset(user, action: str = VIEW):
    return (
        Applicant.objects.visible_to(user, action)
        .select_related("branch", "person", "person__department")
        .prefetch_related(
            Prefetch("steps", queryset=StepRecord.objects.select_related("step").prefetch_related("people"))
        )
    )


def may_change(user, obj) -> bool:
    return type(obj).objects.visible_to(user, CHANGE).filter(pk=obj.pk).exists()


def branch_summaries(branches: list[Branch], *, year: int, today: datetime.date | None = None) -> dict[int, dict]:
    """Per branch: held / late / due required meetings of ``year`` (three queries for all)."""
    today = today or timezone.localdate()
    types = list(MeetingType.objects.filter(is_active=True))
    groups: dict[int, list[PartyGroup]] = {}
    for g in PartyGroup.objects.filter(branch__in=branches, is_active=True).order_by("pk"):
        groups.setdefault(g.branch_id, []).append(g)
    counts = calendar.held_counts([b.pk for b in branches], year)
    return {
        b.pk: calendar.summary(
            calendar.branch_calendar(b, year=year, today=today, types=types, groups=groups.get(b.pk, []), counts=counts)
        )
        for b in branches
    }


def pipeline(applicants) -> list[dict]:
    """Each applicant with the steps done, the next step and its date, the warnings so far."""
    steps = {s.number: s for s in DevelopmentStep.objects.order_by("number")}
    out = []
    for a in applicants:
        records = list(a.steps.all())
        done = {r.step.number: r.done_on for r in records}
        warnings = [w for r in records for w in r.warnings]
        out.append(
            {
                "applicant": a,
                "records": records,
                "done": len(done),
                "next": next_step(a, done, steps) if a.status == Applicant.Status.ACTIVE else None,
                "warnings": warnings,
                "last": records[-1] if records else None,
            }
        )
    return out


def unit_aggregates(units, *, year: int, today: datetime.date | None = None) -> list[dict]:
    """The bureau's table: per unit, its branches, members, required meetings held vs due this
    year and applicants per stage."""
    today = today or timezone.localdate()
    branches = list(Branch.objects.filter(unit__in=units, is_active=True).order_by("pk"))
    summaries = branch_summaries(branches, year=year, today=today)
    members = dict(
        BranchMember.objects.filter(branch__unit__in=units, is_active=True)
        .values("branch__unit_id")
        .annotate(n=Count("id"))
        .values_list("branch__unit_id", "n")
    )
    pipeline_counts: dict[int, dict[int, int]] = {}
    for unit_id, stage, n in (
        Applicant.objects.filter(unit__in=units, status=Applicant.Status.ACTIVE)
        .values("unit_id", "stage")
        .annotate(n=Count("id"))
        .values_list("unit_id", "stage", "n")
    ):
        pipeline_counts.setdefault(unit_id, {})[stage] = n
    rows = []
    for u in units:
        mine = [summaries[b.pk] for b in branches if b.unit_id == u.pk]
        done = sum(s["done"] for s in mine)
        required = sum(s["required"] for s in mine)
        rows.append(
            {
                "unit": u,
                "branches": len(mine),
                "members": members.get(u.pk, 0),
                "held": done,
                "required": required,
                "late": sum(s["late"] for s in mine),
                "rate": round(100 * done / required) if required else None,
                "pipeline": pipeline_counts.get(u.pk, {}),
                "applicants": sum(pipeline_counts.get(u.pk, {}).values()),
            }
        )
    return rows
