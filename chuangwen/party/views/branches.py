"""Branch pages: the list with this year's 三会一课 summary, a branch (roster, calendar, meetings,
development target), and the bureau's per-unit overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from chuangwen.core.lookups import resolve
from chuangwen.core.roles import Role
from chuangwen.org.models import Unit

from .. import calendar, selectors
from ..development import target_progress
from ..models import BranchMember, DevelopmentTarget, Meeting, StepRecord


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@login_required
def branch_list(request):
    year = _year(request)
    qs = selectors.branch_queryset(request.user)
    if request.current_unit:
        qs = qs.filter(unit=request.current_unit)
    branches = list(qs)
    summaries = selectors.branch_summaries(branches, year=year)
    targets = {t.branch_id: t for t in DevelopmentTarget.objects.filter(branch__in=branches, year=year)}
    developed = dict(
        StepRecord.objects.filter(applicant__branch__in=branches, step__sets_status="probationary", done_on__year=year)
        .values("applicant__branch_id")
        .annotate(n=Count("id"))
        .values_list("applicant__branch_id", "n")
    )
    rows = [
        {"branch": b, "summary": summaries[b.pk], "target": targets.get(b.pk), "developed": developed.get(b.pk, 0)}
        for b in branches
    ]
    return render(request, "party/branch_list.html", {"rows": rows, "year": year})


@login_required
def branch_detail(request, pk: int):
    branch = resolve(selectors.branch_queryset(request.user), pk, user=request.user)
    year = _year(request)
    rows = calendar.branch_calendar(branch, year=year)
    members = list(
        BranchMember.objects.filter(branch=branch, is_active=True).select_related("person__department", "group")
    )
    meetings = list(
        selectors.meeting_queryset(request.user)
        .filter(branch=branch, held_at__year=year)
        .order_by("-held_at", "-id")[:100]
    )
    ctx = {
        "branch": branch,
        "year": year,
        "calendar": rows,
        "summary": calendar.summary(rows),
        "periods": _period_headers(rows),
        "committee": [m for m in members if m.post],
        "members": members,
        "groups": sorted({m.group for m in members if m.group}, key=lambda g: g.pk),
        "meetings": meetings,
        "progress": target_progress(branch, year),
        "can_change": selectors.may_change(request.user, branch),
        "unassigned": [m for m in members if not m.group],
    }
    return render(request, "party/branch_detail.html", ctx)


def _period_headers(rows):
    monthly = [c.label for c in rows[0]["cells"]] if rows else []
    return monthly


@login_required
def overview(request):
    """The bureau's table: each unit's branches, members, meetings held against those due, and
    its development pipeline."""
    user = request.user
    if not (user.is_superuser or user.roles() & {Role.SUPERVISOR, Role.ADMIN, Role.OFFICE}):
        raise PermissionDenied
    year = _year(request)
    units = list(
        Unit.objects.visible_to(user)
        .filter(kind=Unit.Kind.HOSPITAL, party_branches__isnull=False)
        .distinct()
        .order_by("region__path", "name")
    )
    rows = selectors.unit_aggregates(units, year=year)
    meetings = Meeting.objects.filter(unit__in=units, archived_at__isnull=True, held_at__year=year).count()
    return render(request, "party/overview.html", {"rows": rows, "year": year, "meetings": meetings})
