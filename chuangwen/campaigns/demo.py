"""Demo data of the campaigns app: each demo hospital's campaign for 2026, its leading group and
office, and a 责任分解表 written from the seeds' task lists (seed 000 (三), 001 三(一)–(十一),
004 总结2), each task linked to the standard items it serves (by item code), with deadlines from
February to November and statuses as they would stand on 2026-11-23 (``DEMO_TODAY``, in the
last phase 查漏补缺·迎检): about four tasks in five done and accepted, this month's records of
some recurring tasks awaiting review, two or three returned, a few recurring items with a month
missing, and a short tail of overdue tasks (``TAILS``).

Runs after ``chuangwen.org.demo`` and the standards demo; reads ``ctx.units``,
``ctx.departments``, ``ctx.people`` and ``ctx.users``, and leaves ``ctx.extra["campaigns"]``
(unit key -> Campaign), ``ctx.extra["tasks"]`` (every task created) and
``ctx.extra["task_notes"]`` (task id -> its note in ``TAILS``), which the evidence demo turns
into records. A unit without a usable standard gets no campaign (said on stdout)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from chuangwen.org.models import Person

from . import services
from .models import Task

DEMO_TODAY = date(2026, 11, 23)
S = Task.Status
Rc = Task.Recurrence

# The data (plans, tails, the leading group) is in demo.yaml beside this module.
DATA = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))


def _row(task: dict) -> tuple:
    """A task of demo.yaml as a row: phase, title, requirements, department, co-departments,
    deliverable, recurrence, deadline, item codes."""
    return (
        task["phase"],
        task["title"],
        task.get("requirements", ""),
        task.get("department", ""),
        task.get("co_departments", ""),
        task["deliverable"],
        task["recurrence"],
        task["deadline"],
        tuple(task["items"]),
    )


RMYY_TASKS = [_row(t) for t in DATA["rmyy_tasks"]]
CLINICAL_TASKS = [_row(t) for t in DATA["clinical_tasks"]]  # "{dept}" in the title: the department
CLINICAL_DEPARTMENTS = tuple(DATA["clinical_departments"])
SMALL_TASKS = [_row(t) for t in DATA["small_tasks"]]
# unit key -> task title -> (status, note); see demo.yaml's "tails".
TAILS = {
    key: {title: (tail["status"], tail["note"]) for title, tail in tails.items()}
    for key, tails in DATA["tails"].items()
}
# unit key -> (name, target level, number of tasks from SMALL_TASKS, None for the big plan)
CAMPAIGNS = {key: (c["name"], c["target_level"], c["small_tasks"]) for key, c in DATA["campaigns"].items()}
LEADING = tuple(m["duty"] for m in DATA["leading_group"])
LEADING_DEPARTMENTS = tuple(m["department"] for m in DATA["leading_group"])
GUIDING_IDEA = DATA["guiding_idea"]


def _standard_for(unit):
    """The unit's own standard first (an adapted one), else one an authority published for it."""
    own = Case(When(owner_unit=unit, then=Value(0)), default=Value(1), output_field=IntegerField())
    return services.standards_for_unit(unit).annotate(own=own).order_by("own", "-created_at").first()


def load(ctx) -> None:
    ctx.extra.setdefault("campaigns", {})
    user = ctx.users.get("chuangban")
    for key, (name, level, small) in CAMPAIGNS.items():
        unit = ctx.units.get(key)
        if unit is None:
            continue
        standard = _standard_for(unit)
        if standard is None:
            if ctx.stdout:
                ctx.stdout.write(f"{unit.name}：没有可用的测评体系，未创建创建周期。")
            continue
        owner = ctx.users.get(f"{key}_chuangban", user)
        campaign = services.campaign_create(
            unit=unit,
            name=name,
            year=2026,
            target_level=level,
            standard=standard,
            starts_on=date(2026, 2, 1),
            ends_on=date(2026, 11, 30),
            status="active",
            guiding_idea=GUIDING_IDEA,
            user=owner,
        )
        ctx.extra["campaigns"][key] = campaign
        _members(ctx, key, campaign, owner)
        rows = _rows_big() if small is None else _rows_small(small)
        _tasks(ctx, key, campaign, rows, owner)


def _department(ctx, key, name):
    return ctx.departments.get((key, name)) or ctx.departments.get((key, "院办"))


def _members(ctx, key, campaign, user) -> None:
    for order, (duty, dept_name) in enumerate(zip(LEADING, LEADING_DEPARTMENTS, strict=True), start=1):
        department = ctx.departments.get((key, dept_name))
        if department is None or department.head_id is None:
            continue
        services.campaign_member_add(
            campaign=campaign, group="leading", person=department.head, duty=duty, order=order, user=user
        )
    office = Person.objects.filter(unit=campaign.unit, department__name__in=("院办", "党办"), is_active=True)
    for order, (duty, person) in enumerate(
        zip(("主任", "副主任", "干事", "干事"), office.order_by("employee_no"), strict=False)
    ):
        services.campaign_member_add(
            campaign=campaign, group="office", person=person, duty=duty, order=order + 1, user=user
        )


def _rows_big():
    rows = list(RMYY_TASKS)
    for dept in CLINICAL_DEPARTMENTS:
        for p, t, d, _dept, _co, dl, rc, deadline, kw in CLINICAL_TASKS:
            rows.append((p, t.format(dept=dept), d, dept, "", dl, rc, deadline, kw))
    return rows


def _rows_small(n: int):
    return SMALL_TASKS[:n]


def _items_for(items, codes, i):
    """The task's items by code; on a standard without those codes (a test's), one item."""
    by_code = {it.code: it for it in items}
    found = [by_code[c] for c in codes if c in by_code]
    return found or ([items[i % len(items)]] if items else [])


def _status(key: str, title: str, deadline: date, recurrence: str) -> tuple[str, object]:
    """The task's status on DEMO_TODAY and its note (see ``TAILS``)."""
    if title in TAILS.get(key, {}):
        return TAILS[key][title]
    if deadline < DEMO_TODAY or recurrence != Rc.ONCE:
        return S.ACCEPTED, None
    return S.IN_PROGRESS, None


def _accepted_on(ctx, task) -> None:
    """Date the history of a task the demo creates accepted as a real year would have it: most
    accepted some days before their deadline, one in eight a few days late (the summary counts
    the tasks done on time from this history)."""
    late = ctx.rng.random() < 0.125
    days = ctx.rng.randint(1, 6) if late else -ctx.rng.randint(0, 12)
    on = min(task.deadline + timedelta(days=days), DEMO_TODAY)
    at = timezone.make_aware(datetime.combine(on, time(16, 30)))
    task.history.filter(status=S.ACCEPTED).update(history_date=at)


def _tasks(ctx, key, campaign, rows, user) -> None:
    phases = {p.kind: p for p in campaign.phases.all()}
    items = list(campaign.standard.items.order_by("order", "id"))
    notes = ctx.extra.setdefault("task_notes", {})
    for i, (kind, title, description, dept_name, co, deliverable, recurrence, deadline, codes) in enumerate(rows):
        department = _department(ctx, key, dept_name)
        co_departments = [d for d in (_department(ctx, key, n) for n in co.split("、") if n) if d and d != department]
        status, note = _status(key, title, deadline, recurrence)
        task = services.task_create(
            campaign=campaign,
            title=title,
            description=description,
            department=department,
            person=department.head,
            co_departments=list(dict.fromkeys(co_departments)),
            deadline=deadline,
            deliverable=deliverable,
            recurrence=recurrence,
            phase=phases.get(kind),
            items=_items_for(items, codes, i),
            status=status,
            user=user,
        )
        if status == S.ACCEPTED:
            _accepted_on(ctx, task)
        if note is not None:
            notes[task.pk] = note
        ctx.extra.setdefault("tasks", []).append(task)
