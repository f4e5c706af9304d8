"""The big screen's figures: a unit's or a region's, read through the selectors the progress
pages, the bureau's table and the dashboards use (no second formula), as plain JSON values.

A link has no user; it reads as the role it stands for (``KioskViewer``): the campaign office of
its hospital, or the supervisor of its region, so every figure passes the same scope as the
pages. Only aggregates and names of departments and units leave here: no person, no
complainant, no phone, no free text a person typed (a finding's description is left out; a
closure is its number, its standard item's code, where and when)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.months import month_start
from chuangwen.core.roles import Role, Scope
from chuangwen.dashboard import progress
from chuangwen.feedback.models import Complaint
from chuangwen.feedback.selectors import complaints_for
from chuangwen.feedback.selectors import overdue_q as complaint_overdue_q
from chuangwen.inspections import stats
from chuangwen.inspections.models import Finding
from chuangwen.inspections.selectors import overdue_q as finding_overdue_q
from chuangwen.inspections.selectors import visible_findings
from chuangwen.org.models import MembershipScope, Region, Unit
from chuangwen.scoring import department_scores
from chuangwen.scoring.models import DepartmentScore
from chuangwen.scoring.readiness import readiness, readiness_marks
from chuangwen.surveys import selectors as surveys

CLOSURES = 15  # the rolling list's length
RANKED = 20  # rows of a ranking shown
COUNTED = 12  # departments (units) in the today chart


class KioskViewer:
    """The reader a kiosk link reads as: one membership (office of a unit, or supervisor of a
    region), no account. Only ever passed to selectors, never to a service."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, *, unit: Unit | None = None, region: Region | None = None):
        if unit is not None:
            m = MembershipScope(
                id=None,
                role=Role.OFFICE,
                scope=Scope.UNIT,
                region_path="",
                unit_region_path=unit.region.path,
                unit_id=unit.pk,
                department_id=None,
                user_id=None,
                label="kiosk",
            )
        else:
            m = MembershipScope(
                id=None,
                role=Role.SUPERVISOR,
                scope=Scope.REGION,
                region_path=region.path,
                unit_region_path="",
                unit_id=None,
                department_id=None,
                user_id=None,
                label="kiosk",
            )
        self._memberships = [m]

    def scope_memberships(self) -> list[MembershipScope]:
        return self._memberships

    def roles(self) -> set[str]:
        return {m.role for m in self._memberships}


def _num(value) -> float | None:
    if value is None:
        return None
    return round(float(value), 1)


def _unit_name(short: str, name: str) -> str:
    return short or name


# --- one hospital ----------------------------------------------------------------------------


def unit_figures(unit: Unit, *, today: datetime.date) -> dict:
    """Everything a hospital's screen shows."""
    viewer = KioskViewer(unit=unit)
    campaign = progress.active_campaign(unit)
    out = {"score": None, "breakdown": {"title": _("Score by aspect"), "rows": []}}
    tasks_rows = []
    if campaign is not None:
        aspects = progress.item_tree(campaign)
        overall = progress.overall_of(aspects)
        ready = readiness(
            unit, campaign.target_level, overall.percent, progress.projected_percent(aspects, overall), today
        )
        out["score"] = {
            "campaign": campaign.name,
            "level": campaign.get_target_level_display(),
            "percent": overall.percent,
            "projected": ready.projected_percent,
            "pass_percent": ready.pass_percent,
            "items": overall.items,
            "met": overall.met,
            "vetoed": bool(ready.vetoes),
        }
        out["breakdown"]["rows"] = [{"name": a.title, "value": a.score.percent} for a in aspects]
        tasks_rows = progress.department_progress(campaign, today=today)
    out["ranking"] = _department_ranking(viewer, unit, tasks_rows)
    findings = visible_findings(viewer).filter(unit=unit)
    complaints = complaints_for(viewer).filter(unit=unit, kind=Complaint.Kind.COMPLAINT)
    out["today"] = _today(viewer, findings, complaints, today=today, unit=unit, by="department")
    out["satisfaction"] = _satisfaction(viewer, unit, today)
    out["closures"] = _closures(findings, with_unit=False)
    return out


def _department_ranking(viewer, unit: Unit, tasks_rows) -> dict:
    """The latest published month of 量化考核 (scoring.department_scores.ranking), else the
    departments' task completion (the progress page's figures)."""
    month = (
        DepartmentScore.objects.filter(unit=unit, published_at__isnull=False)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if month is not None:
        rows = department_scores.ranking(user=viewer, unit_id=unit.pk, month=month).filter(published_at__isnull=False)
        return {
            "title": _("Department scores, %(year)s-%(month)02d") % {"year": month.year, "month": month.month},
            "unit": _("points"),
            "rows": [{"name": s.department.name, "value": _num(s.score), "rank": s.rank} for s in rows[:RANKED]],
        }
    ranked = sorted(tasks_rows, key=lambda d: (-d.completion, d.overdue, d.name))[:RANKED]
    return {
        "title": _("Task completion by department"),
        "unit": "%",
        "rows": [{"name": d.name, "value": d.completion, "rank": i} for i, d in enumerate(ranked, start=1)],
    }


# --- a region --------------------------------------------------------------------------------


def region_figures(region: Region, *, today: datetime.date) -> dict:
    """Everything a region's screen shows: its hospitals ranked instead of departments."""
    viewer = KioskViewer(region=region)
    units = list(progress.bureau_units(viewer, today=today, region=region, sort="-score").select_related("region"))
    with_campaign = [u for u in units if u.campaign_id]
    marks = readiness_marks(with_campaign, today)
    reached = sum(1 for u in with_campaign if marks[u.pk].reached(u.score_pct))
    below = sum(1 for u in with_campaign if marks[u.pk].reached(u.score_pct) is False)
    mean = sum((u.score_pct for u in with_campaign), Decimal(0)) / len(with_campaign) if with_campaign else None
    out = {
        "score": {
            "campaign": region.name,
            "level": _("%(n)d hospitals") % {"n": len(units)},
            "percent": _num(mean) or 0.0,
            "projected": None,
            "pass_percent": None,
            "items": sum(u.items_total for u in with_campaign),
            "met": sum(u.items_met for u in with_campaign),
            "vetoed": False,
        }
        if with_campaign
        else None,
        "breakdown": {
            "title": _("Hospitals against their pass line"),
            "rows": [
                {"name": _("Reached"), "value": reached},
                {"name": _("Not yet"), "value": below},
                {"name": _("No pass line set"), "value": len(with_campaign) - reached - below},
                {"name": _("No campaign"), "value": len(units) - len(with_campaign)},
            ],
        },
        "ranking": {
            "title": _("Hospitals by score"),
            "unit": "%",
            "rows": [
                {"name": _unit_name(u.short_name, u.name), "value": _num(u.score_pct), "rank": i}
                for i, u in enumerate(with_campaign[:RANKED], start=1)
            ],
        },
    }
    findings = visible_findings(viewer)
    complaints = complaints_for(viewer).filter(kind=Complaint.Kind.COMPLAINT)
    out["today"] = _today(viewer, findings, complaints, today=today, unit=None, by="unit")
    out["satisfaction"] = _satisfaction(viewer, None, today)
    out["closures"] = _closures(findings, with_unit=True)
    return out


# --- shared panels ---------------------------------------------------------------------------


def _today(viewer, findings, complaints, *, today: datetime.date, unit, by: str) -> dict:
    """Today's new findings and complaints by department (or unit), and what is open now by
    state (stats' and the lists' definitions of open and overdue)."""
    found_today = stats.period_findings(period=stats.Period(today, today), unit=unit, user=viewer)
    day_start, day_end = stats.Period(today, today).bounds()
    received_today = complaints.filter(received_at__gte=day_start, received_at__lt=day_end)
    if by == "department":
        key, name_of = "department__name", lambda r: r["department__name"] or stats.NO_DEPARTMENT
        f_rows = found_today.order_by().values("department__name").annotate(n=Count("id"))
        c_rows = received_today.order_by().values("department__name").annotate(n=Count("id"))
    else:
        key, name_of = "unit_id", None
        f_rows = found_today.order_by().values("unit_id", "unit__short_name", "unit__name").annotate(n=Count("id"))
        c_rows = received_today.order_by().values("unit_id", "unit__short_name", "unit__name").annotate(n=Count("id"))
    counts: dict = {}
    for rows, field in ((f_rows, "findings"), (c_rows, "complaints")):
        for r in rows:
            name = name_of(r) if name_of else _unit_name(r["unit__short_name"], r["unit__name"])
            counts.setdefault(r[key], {"name": name, "findings": 0, "complaints": 0})[field] = r["n"]
    places = sorted(counts.values(), key=lambda c: (-(c["findings"] + c["complaints"]), c["name"]))[:COUNTED]

    live = findings.filter(archived_at__isnull=True).exclude(state=Finding.State.CLOSED)
    f_open = {r["state"]: r["n"] for r in live.order_by().values("state").annotate(n=Count("id"))}
    f_overdue = live.filter(finding_overdue_q(today)).count()
    open_complaints = complaints.filter(status__in=Complaint.OPEN_STATUSES).order_by()
    c_open = {r["status"]: r["n"] for r in open_complaints.values("status").annotate(n=Count("id"))}
    c_overdue = complaints.filter(complaint_overdue_q(today)).count()
    return {
        "findings": sum(c["findings"] for c in counts.values()),
        "complaints": sum(c["complaints"] for c in counts.values()),
        "findings_open": sum(f_open.values()),
        "findings_overdue": f_overdue,
        "complaints_open": sum(c_open.values()),
        "complaints_overdue": c_overdue,
        "places": places,
        "states": [
            {"name": str(label), "findings": f_open.get(value, 0)}
            for value, label in Finding.State.choices
            if value != Finding.State.CLOSED
        ]
        + [
            {"name": str(Complaint.Status(value).label), "complaints": c_open.get(value, 0)}
            for value in Complaint.OPEN_STATUSES
        ],
    }


def _satisfaction(viewer, unit, today: datetime.date) -> dict:
    """The satisfaction index of the last 12 months (the satisfaction page's total line)."""
    board = surveys.dashboard(user=viewer, unit=unit, month=month_start(today))
    return {
        "months": [f"{m.month}月" for m in board.months],
        "values": board.trend_total,
        "current": board.total.get("index"),
    }


def _closures(findings, *, with_unit: bool) -> list[dict]:
    """The latest closed findings (销号): number, item code, where, date; never a description."""
    rows = (
        findings.filter(archived_at__isnull=True, state=Finding.State.CLOSED, closed_at__isnull=False)
        .order_by("-closed_at", "-id")
        .values("pk", "item__code", "department__name", "unit__short_name", "unit__name", "closed_at")[:CLOSURES]
    )
    out = []
    for r in rows:
        where = r["department__name"] or stats.NO_DEPARTMENT
        if with_unit:
            where = f"{_unit_name(r['unit__short_name'], r['unit__name'])} · {where}"
        out.append(
            {
                "ref": f"#{r['pk']}",
                "item": r["item__code"] or "",
                "where": where,
                "date": _local(r["closed_at"]).strftime("%m-%d"),
            }
        )
    return out


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value)
