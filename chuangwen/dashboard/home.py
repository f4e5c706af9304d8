"""What each role does next (待办): the panels of the home page, read from each app's selectors.

A panel per role the user holds in the unit being worked in (several memberships: a panel for
each), each a short list of ``Next`` items: what waits, how many, and the link to the list that
shows exactly those (the list's own filter parameters, so the count on the home page is the
count the list shows). Reads only, a fixed number of queries per panel whatever the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW, Role, Scope


@dataclass(frozen=True)
class Next:
    """One thing to do: its label, how many wait (None: a link without a count) and where."""

    key: str
    label: str
    url: str
    count: int | None = None
    icon: str = "arrow-right-circle"
    urgent: bool = False
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    icon: str
    items: list[Next] = field(default_factory=list)
    action: Next | None = None
    rows: list = field(default_factory=list)


def url(name: str, *args, **query) -> str:
    base = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


def unit_roles(user, unit) -> set[str]:
    """The roles ``user`` holds in ``unit`` itself (not those reaching it from a region)."""
    return {m.role for m in user.scope_memberships() if m.unit_id == unit.pk and m.scope != Scope.REGION}


def head_departments(user, unit) -> list[int]:
    return sorted(
        m.department_id
        for m in user.scope_memberships()
        if m.role == Role.DEPT_HEAD and m.unit_id == unit.pk and m.department_id
    )


# --- the campaign office ---------------------------------------------------------------------


def office_panel(user, unit, *, today: datetime.date, campaign=None, overall=None) -> Panel:
    """What waits for the office: evidence to review, findings to re-check, complaints due today
    and overdue, appeals, 公示 objections, the ledger's gaps (seven queries)."""
    from chuangwen.ethics.evaluation_models import Evaluation, Objection
    from chuangwen.evidence.selectors import review_queue
    from chuangwen.feedback.models import Complaint
    from chuangwen.feedback.selectors import complaints_for, overdue_q
    from chuangwen.inspections.models import Finding
    from chuangwen.inspections.selectors import visible_findings
    from chuangwen.scoring.models import Appeal

    complaints = complaints_for(user).filter(unit=unit)
    objection = (
        Objection.objects.filter(
            evaluation__in=Evaluation.objects.visible_to(user, VIEW).filter(unit=unit), answered_at__isnull=True
        )
        .order_by("-evaluation__year", "evaluation_id")
        .values_list("evaluation_id", flat=True)
    )
    objection_evaluations = list(objection)
    items = [
        Next(
            "evidence-review",
            _("Evidence to review"),
            url("evidence:review_queue"),
            review_queue(user, unit=unit).count(),
            "clipboard-check",
        ),
        Next(
            "findings-recheck",
            _("Findings to re-check"),
            url("inspections:finding_list", state=Finding.State.RESPONDED),
            visible_findings(user).filter(unit=unit, state=Finding.State.RESPONDED).count(),
            "arrow-repeat",
        ),
        Next(
            "complaints-due-today",
            _("Complaints due today"),
            url("feedback:complaint_list", due="today"),
            complaints.filter(status__in=Complaint.OPEN_STATUSES, deadline=today).count(),
            "hourglass-split",
            urgent=True,
        ),
        Next(
            "complaints-overdue",
            _("Complaints overdue"),
            url("feedback:complaint_list", overdue="true"),
            complaints.filter(overdue_q(today)).count(),
            "exclamation-octagon",
            urgent=True,
        ),
        Next(
            "appeals",
            _("Appeals of department scores"),
            url("scoring_departments:appeals", status=Appeal.Status.FILED),
            Appeal.objects.visible_to(user, VIEW).filter(unit=unit, status=Appeal.Status.FILED).count(),
            "megaphone",
        ),
        Next(
            "objections",
            _("Objections to the ethics public notice"),
            url("ethics:evaluation_review", objection_evaluations[0]) if objection_evaluations else url("ethics:index"),
            len(objection_evaluations),
            "chat-square-quote",
        ),
    ]
    if campaign is not None and overall is not None:
        items.append(
            Next(
                "ledger-gaps",
                _("Standard items not met yet"),
                url("dashboard:campaign_progress", campaign.pk, state="unmet"),
                overall.unmet,
                "folder-x",
                note=_("%(met)s of %(items)s met") % {"met": overall.met, "items": overall.items},
            )
        )
    return Panel("office", _("Waiting for the campaign office"), "inbox", items)


# --- a department head -----------------------------------------------------------------------


def head_panel(user, unit, department_ids: list[int], *, today: datetime.date) -> Panel:
    """My tasks, my department's rectifications due, this month's department score and its
    entries, staff to evaluate (six queries)."""
    from chuangwen.campaigns.models import Task
    from chuangwen.campaigns.selectors import my_tasks
    from chuangwen.ethics.evaluation_models import Evaluation, EvaluationRow
    from chuangwen.inspections.models import Finding
    from chuangwen.inspections.selectors import visible_findings
    from chuangwen.org.models import Department
    from chuangwen.scoring.models import DepartmentScore, LedgerEntry

    department = Department.objects.filter(pk=department_ids[0]).first() if department_ids else None
    month = today.replace(day=1)
    items = [
        Next(
            "my-tasks",
            _("My open tasks"),
            url("campaigns:my_tasks", open=1),
            my_tasks(user).exclude(status=Task.Status.ACCEPTED).count(),
            "check2-square",
        ),
    ]
    panel = Panel("head", _("My department"), "diagram-3", items)
    if department is None:
        return panel
    panel.title = department.name
    findings = visible_findings(user).filter(department=department, state=Finding.State.ORDERED)
    items.append(
        Next(
            "rectifications-due",
            _("Rectifications to answer"),
            url("inspections:finding_list", state=Finding.State.ORDERED, department=department.pk),
            findings.count(),
            "tools",
            urgent=True,
        )
    )
    score = (
        DepartmentScore.objects.visible_to(user, VIEW)
        .filter(department=department, month=month)
        .values_list("score", "rank")
        .first()
    )
    entries = LedgerEntry.objects.visible_to(user, VIEW).filter(department=department, period=month).count()
    items.append(
        Next(
            "department-score",
            _("This month's department score"),
            url("scoring_departments:department", department.pk, month=f"{month:%Y-%m}"),
            None,
            "bar-chart-steps",
            note=(
                _("%(score)s points, rank %(rank)s") % {"score": score[0], "rank": score[1]}
                if score
                else _("Not computed yet")
            ),
        )
    )
    items.append(
        Next(
            "department-entries",
            _("Deductions and bonuses this month"),
            url("scoring_departments:ledger", department=department.pk, month=f"{month:%Y-%m}"),
            entries,
            "journal-text",
        )
    )
    evaluation = (
        Evaluation.objects.visible_to(user, VIEW)
        .filter(unit=unit, status=Evaluation.Status.OPEN)
        .order_by("-year", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    if evaluation is not None:
        rows = EvaluationRow.objects.filter(evaluation_id=evaluation, department=department).aggregate(
            total=Count("pk"), waiting=Count("pk", filter=Q(department_at__isnull=True))
        )
    if evaluation is not None and rows["total"]:
        waiting = rows["waiting"]
        items.append(
            Next(
                "staff-to-evaluate",
                _("Staff to evaluate (medical ethics)"),
                url("ethics:evaluation_grade", evaluation, department=department.pk),
                waiting,
                "clipboard-check",
            )
        )
    return panel


# --- the inspector ---------------------------------------------------------------------------


def inspector_panel(user, unit) -> Panel:
    """Record a finding first, then the rounds under way and the findings to re-check (three queries)."""
    from chuangwen.inspections.models import Finding, InspectionRound
    from chuangwen.inspections.selectors import visible_findings, visible_rounds

    current = visible_rounds(user).filter(status=InspectionRound.Status.IN_PROGRESS)
    rounds = list(current.select_related("owner_unit").order_by("-starts_on", "-id")[:5])
    panel = Panel(
        "inspector",
        _("Inspection"),
        "clipboard-data",
        action=Next("record-finding", _("Record a finding"), url("inspections:finding_create"), icon="camera"),
        rows=rounds,
    )
    panel.items = [
        Next(
            "rounds-current",
            _("Rounds under way"),
            url("inspections:round_list", status=InspectionRound.Status.IN_PROGRESS),
            current.count(),
            "clipboard-data",
        ),
        Next(
            "inspector-recheck",
            _("Findings to re-check"),
            url("inspections:finding_list", state=Finding.State.RESPONDED),
            visible_findings(user).filter(unit=unit, state=Finding.State.RESPONDED).count(),
            "arrow-repeat",
        ),
    ]
    return panel


# --- the bureau (supervising authority) ------------------------------------------------------


def bureau_panel(user, *, today: datetime.date) -> Panel:
    """The bureau's own what's next: its rounds under way or planned, the units' overdue findings
    and complaints (four queries)."""
    from chuangwen.feedback.selectors import complaints_for, overdue_q
    from chuangwen.inspections.models import InspectionRound
    from chuangwen.inspections.selectors import overdue_q as finding_overdue_q
    from chuangwen.inspections.selectors import visible_findings, visible_rounds

    live = visible_rounds(user)
    rounds = list(
        live.filter(status__in=[InspectionRound.Status.IN_PROGRESS, InspectionRound.Status.PLANNED])
        .select_related("owner_unit")
        .order_by("status", "-starts_on", "-id")[:5]
    )
    items = [
        Next(
            "bureau-rounds",
            _("Inspection rounds under way"),
            url("inspections:round_list", status=InspectionRound.Status.IN_PROGRESS),
            live.filter(status=InspectionRound.Status.IN_PROGRESS).count(),
            "clipboard-data",
        ),
        Next(
            "bureau-findings-overdue",
            _("Findings overdue in the units"),
            url("inspections:finding_list", overdue="true"),
            visible_findings(user).filter(finding_overdue_q(today)).count(),
            "exclamation-diamond",
            urgent=True,
        ),
        Next(
            "bureau-complaints-overdue",
            _("Complaints overdue in the units"),
            url("feedback:complaint_list", overdue="true"),
            complaints_for(user).filter(overdue_q(today)).count(),
            "exclamation-octagon",
            urgent=True,
        ),
    ]
    return Panel(
        "bureau",
        _("What the bureau does next"),
        "buildings",
        items,
        action=Next("new-round", _("Plan an inspection round"), url("inspections:round_create"), icon="plus-lg"),
        rows=rounds,
    )
