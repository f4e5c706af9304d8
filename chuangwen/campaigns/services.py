"""Writes of the campaigns app: campaigns, their phases and members, tasks of the 责任分解表.

Every function is keyword-only, runs in one transaction, validates the whole change before
saving and records the acting user in the history (django-simple-history)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.org.models import Department, Person, Region, Unit
from chuangwen.standards.models import Item, Standard

from .models import Campaign, CampaignMember, Phase, Task
from .notify import tasks_assigned_notify

# --- phases ------------------------------------------------------------------------------------

# The three phases of seed 000 (二): 宣传发动 → 全面创建 → 查漏补缺·迎检, split 3 : 3 : 2.
DEFAULT_PHASES = (
    (Phase.Kind.MOBILISE, "宣传发动", 3),
    (Phase.Kind.IMPLEMENT, "全面创建", 3),
    (Phase.Kind.REVIEW, "查漏补缺·迎检", 2),
)


@dataclass(frozen=True)
class PhaseSpec:
    """One phase as a page, the API or an import describes it (``id`` for an existing one)."""

    name: str
    starts_on: date
    ends_on: date
    kind: str = Phase.Kind.OTHER
    id: int | None = None


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _snap(d: date) -> date:
    """A phase boundary on a month end: the end of ``d``'s month, or of the month before when
    ``d`` falls in the first half (Feb 1 – Sep 30 splits as Feb–Apr, May–Jul, Aug–Sep)."""
    return _month_end(d) if d.day > 15 else d.replace(day=1) - timedelta(days=1)


def default_phases(starts_on: date, ends_on: date) -> list[PhaseSpec]:
    """The three default phases spread over the campaign's dates like seed 000 (二)."""
    days = (ends_on - starts_on).days + 1
    total = sum(w for _k, _n, w in DEFAULT_PHASES)
    bounds, acc = [], 0
    for _kind, _name, weight in DEFAULT_PHASES[:-1]:
        acc += weight
        end = starts_on + timedelta(days=round(days * acc / total) - 1)
        if days >= 90:
            end = _snap(end)
        bounds.append(end)
    specs, start = [], starts_on
    for (kind, name, _w), end in zip(DEFAULT_PHASES, [*bounds, ends_on], strict=True):
        end = max(start, min(end, ends_on))
        specs.append(PhaseSpec(name=name, starts_on=start, ends_on=end, kind=kind))
        start = min(end + timedelta(days=1), ends_on)
    return specs


def _check_phases(campaign: Campaign, phases: Sequence[PhaseSpec]) -> None:
    errors = []
    for i, p in enumerate(phases, start=1):
        label = p.name or str(i)
        if not p.name.strip():
            errors.append(_("Phase %(n)s: enter a name.") % {"n": i})
        if p.ends_on < p.starts_on:
            errors.append(_("Phase %(name)s: the end date is before the start date.") % {"name": label})
        if p.starts_on < campaign.starts_on or p.ends_on > campaign.ends_on:
            errors.append(_("Phase %(name)s lies outside the campaign's dates.") % {"name": label})
    if errors:
        raise ValidationError({"phases": errors})


@transaction.atomic
def campaign_phases_set(*, campaign: Campaign, phases: Sequence[PhaseSpec], user) -> list[Phase]:
    """Make the campaign's phases exactly ``phases`` (in order): existing ones (by id) are updated,
    new ones created, missing ones removed — refused while a task still belongs to one."""
    _check_phases(campaign, phases)
    existing = {p.pk: p for p in campaign.phases.all()}
    kept = {p.id for p in phases if p.id}
    unknown = kept - existing.keys()
    if unknown:
        raise ValidationError({"phases": _("Phase not found in this campaign.")})
    removed = [p for pk, p in existing.items() if pk not in kept]
    busy = Task.objects.filter(phase__in=removed).values_list("phase__name", flat=True).distinct()
    if busy:
        raise ValidationError(
            {"phases": _("Phase %(name)s still has tasks and cannot be removed.") % {"name": "、".join(busy)}}
        )
    for p in removed:
        p._history_user = user
        p.delete()
    result = []
    for order, spec in enumerate(phases, start=1):
        phase = existing.get(spec.id) if spec.id else Phase(campaign=campaign)
        phase.name, phase.kind = spec.name.strip(), spec.kind
        phase.starts_on, phase.ends_on, phase.order = spec.starts_on, spec.ends_on, order
        phase.full_clean()
        phase._history_user = user
        phase.save()
        result.append(phase)
    return result


# --- campaigns ---------------------------------------------------------------------------------


def standards_for_unit(unit: Unit):
    """Standards a unit may run a campaign against: its own, or a published one of an authority
    issued for the unit's region or a region above it."""
    above = Region.paths_at_or_above(unit.region.path)
    published = Q(status=Standard.Status.PUBLISHED, applies_to__path__in=above)
    return Standard.objects.filter(Q(owner_unit=unit) | published).exclude(status=Standard.Status.RETIRED)


def _check_campaign(campaign: Campaign) -> None:
    errors = {}
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    if campaign.standard_id and not standards_for_unit(campaign.unit).filter(pk=campaign.standard_id).exists():
        errors["standard"] = _("This standard is neither the unit's own nor published for its region.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(
    *,
    unit: Unit,
    name: str,
    year: int,
    target_level: str,
    standard: Standard,
    starts_on: date,
    ends_on: date,
    user,
    phases: Sequence[PhaseSpec] | None = None,
    guiding_idea: str = "",
    status: str = Campaign.Status.PLANNING,
) -> Campaign:
    """A new campaign with its phases (the three default ones unless ``phases`` is given)."""
    campaign = Campaign(
        unit=unit,
        name=name.strip(),
        year=year,
        target_level=target_level,
        standard=standard,
        starts_on=starts_on,
        ends_on=ends_on,
        guiding_idea=guiding_idea,
        status=status,
    )
    campaign.full_clean()
    _check_campaign(campaign)
    campaign._history_user = user
    campaign.save()
    campaign_phases_set(campaign=campaign, phases=phases or default_phases(starts_on, ends_on), user=user)
    return campaign


CAMPAIGN_FIELDS = {"name", "year", "target_level", "standard", "starts_on", "ends_on", "guiding_idea", "status"}


@transaction.atomic
def campaign_update(*, campaign: Campaign, user, phases: Sequence[PhaseSpec] | None = None, **changes) -> Campaign:
    """Change the campaign's fields (and its phases when given). The standard cannot change once
    tasks are linked to its items."""
    unknown = set(changes) - CAMPAIGN_FIELDS
    if unknown:
        raise TypeError(f"campaign_update() got unexpected fields {sorted(unknown)}")
    new_standard = changes.get("standard")
    if (
        new_standard is not None
        and new_standard.pk != campaign.standard_id
        and Task.items.through.objects.filter(task__campaign=campaign).exists()
    ):
        raise ValidationError({"standard": _("Tasks are already linked to items of the current standard.")})
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    _check_campaign(campaign)
    campaign._history_user = user
    campaign.save()
    if phases is not None:
        campaign_phases_set(campaign=campaign, phases=phases, user=user)
    else:
        _check_phases(
            campaign, [PhaseSpec(p.name, p.starts_on, p.ends_on, p.kind, p.pk) for p in campaign.phases.all()]
        )
    return campaign


@transaction.atomic
def campaign_member_add(
    *, campaign: Campaign, group: str, person: Person, duty: str, user, order: int | None = None
) -> CampaignMember:
    """Put a staff member of the campaign's unit in its leading group or office (组长, 主任 …)."""
    if person.unit_id != campaign.unit_id:
        raise ValidationError({"person": _("The staff member belongs to another unit.")})
    current = CampaignMember.objects.filter(campaign=campaign, group=group, archived_at__isnull=True)
    if current.filter(person=person).exists():
        raise ValidationError({"person": _("%(name)s is already in this group.") % {"name": person.name}})
    if order is None:
        order = current.count() + 1
    member = CampaignMember(campaign=campaign, group=group, person=person, duty=duty.strip(), order=order)
    member.full_clean()
    member._history_user = user
    member.save()
    return member


@transaction.atomic
def campaign_member_remove(*, member: CampaignMember, user) -> None:
    """Take someone off the leading group or office: the row is archived (by ``user``, now), never
    deleted, so the record of who sat in the group stays."""
    if member.is_archived:
        raise ValidationError(_("%(name)s is no longer in this group.") % {"name": member.person.name})
    member._history_user = user
    member.archive(by=user)


# --- tasks -------------------------------------------------------------------------------------

TASK_FIELDS = {
    "phase",
    "code",
    "title",
    "description",
    "department",
    "person",
    "deadline",
    "deliverable",
    "recurrence",
    "status",
}


def _check_task(task: Task, items: Iterable[Item] | None, co_departments: Iterable[Department] | None) -> None:
    """Everything a task refers to must belong to its campaign (items to its standard, the rest
    to its unit); errors name the field."""
    campaign = task.campaign
    errors: dict[str, str] = {}
    if task.department_id and task.department.unit_id != campaign.unit_id:
        errors["department"] = _("The department belongs to another unit.")
    if task.person_id and task.person.unit_id != campaign.unit_id:
        errors["person"] = _("The responsible person belongs to another unit.")
    if task.phase_id and task.phase.campaign_id != campaign.pk:
        errors["phase"] = _("The phase belongs to another campaign.")
    if items is not None:
        foreign = [i.code for i in items if i.standard_id != campaign.standard_id]
        if foreign:
            errors["items"] = _("Items %(codes)s are not in the campaign's standard.") % {"codes": "、".join(foreign)}
    if co_departments is not None:
        if any(d.unit_id != campaign.unit_id for d in co_departments):
            errors["co_departments"] = _("A co-operating department belongs to another unit.")
        elif any(d.pk == task.department_id for d in co_departments):
            errors["co_departments"] = _("The responsible department cannot also be a co-operating one.")
    if task.code and Task.objects.filter(campaign=campaign, code=task.code).exclude(pk=task.pk).exists():
        errors["code"] = _("Task number %(code)s is already used in this campaign.") % {"code": task.code}
    if errors:
        raise ValidationError(errors)


_NUMBER = re.compile(r"^(\D*)(\d+)$")


def next_task_code(campaign: Campaign) -> str:
    """The next free 任务编号 of a campaign (``RW001``, ``RW002`` …)."""
    highest = 0
    for code in Task.objects.filter(campaign=campaign).values_list("code", flat=True):
        m = _NUMBER.match(code or "")
        if m:
            highest = max(highest, int(m.group(2)))
    return f"RW{highest + 1:03d}"


def _save_task(task: Task, *, user, items, co_departments) -> Task:
    task.full_clean(validate_constraints=False)  # the code clash gets a clearer message below
    _check_task(task, items, co_departments)
    if not task.code:
        task.code = next_task_code(task.campaign)
    task._history_user = user
    task.save()
    if items is not None:
        task.items.set(items)
    if co_departments is not None:
        task.co_departments.set(co_departments)
    return task


@transaction.atomic
def task_create(
    *,
    campaign: Campaign,
    title: str,
    department: Department,
    deadline: date,
    user,
    person: Person | None = None,
    phase: Phase | None = None,
    items: Iterable[Item] = (),
    co_departments: Iterable[Department] = (),
    code: str = "",
    description: str = "",
    deliverable: str = "",
    recurrence: str = Task.Recurrence.ONCE,
    status: str = Task.Status.PENDING,
    notify: bool = True,
) -> Task:
    """A task of the plan for a responsible department (and person), linked to standard items.
    A blank ``code`` gets the next free 任务编号. The department's heads and the person are told
    (``notify=False``: the caller tells them)."""
    task = Task(
        campaign=campaign,
        unit_id=campaign.unit_id,
        phase=phase,
        code=code.strip(),
        title=title.strip(),
        description=description,
        department=department,
        person=person,
        deadline=deadline,
        deliverable=deliverable,
        recurrence=recurrence,
        status=status,
        created_by=user if getattr(user, "pk", None) else None,
    )
    task = _save_task(task, user=user, items=list(items), co_departments=list(co_departments))
    if notify:
        tasks_assigned_notify([task])
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    user,
    items: Iterable[Item] | None = None,
    co_departments: Iterable[Department] | None = None,
    **changes,
) -> Task:
    """Change a task's fields and, when given, its items and co-operating departments."""
    unknown = set(changes) - TASK_FIELDS
    if unknown:
        raise TypeError(f"task_update() got unexpected fields {sorted(unknown)}")
    if task.is_archived:
        raise ValidationError(_("An archived task cannot be changed."))
    before = (task.department_id, task.person_id)
    for name, value in changes.items():
        setattr(task, name, value.strip() if name in ("code", "title") and isinstance(value, str) else value)
    task = _save_task(
        task,
        user=user,
        items=list(items) if items is not None else None,
        co_departments=list(co_departments) if co_departments is not None else None,
    )
    if (task.department_id, task.person_id) != before:
        tasks_assigned_notify([task])  # given to another department or person: they are told
    return task


@transaction.atomic
def task_archive(*, task: Task, user) -> Task:
    """Take a task off the plan without deleting it: it leaves the lists, keeps its evidence and
    its history."""
    if not task.is_archived:
        task.archived_at = timezone.now()
        task.archived_by = user
        task._history_user = user
        task.save(update_fields=["archived_at", "archived_by", "updated_at"])
    return task


@dataclass
class Assignment:
    """Items given to one department (and person) with one deadline, for bulk assignment."""

    item_ids: Sequence[int]
    department: Department
    deadline: date
    person: Person | None = None
    co_departments: Sequence[Department] = field(default_factory=tuple)


@transaction.atomic
def task_assign_items_bulk(
    *,
    campaign: Campaign,
    assignments: Sequence[Assignment],
    user,
    combine: bool = False,
    title: str = "",
    phase: Phase | None = None,
    recurrence: str = Task.Recurrence.ONCE,
    deliverable: str = "",
) -> list[Task]:
    """Assign many standard items at once: one task per item (its title from the item), or with
    ``combine`` one task per assignment covering all its items (``title`` or the first item's)."""
    ids = {pk for a in assignments for pk in a.item_ids}
    items = {i.pk: i for i in Item.objects.filter(pk__in=ids).select_related("indicator")}
    missing = ids - items.keys()
    if missing or any(i.standard_id != campaign.standard_id for i in items.values()):
        raise ValidationError({"items": _("Some selected items are not in the campaign's standard.")})
    if not ids:
        raise ValidationError({"items": _("Select at least one item.")})
    created = []
    for a in assignments:
        chosen = [items[pk] for pk in a.item_ids]
        groups = [chosen] if combine else [[i] for i in chosen]
        for group in groups:
            first = group[0]
            created.append(
                task_create(
                    campaign=campaign,
                    title=(title.strip() if combine and title.strip() else first.title)[:200],
                    description=first.materials if len(group) == 1 else "",
                    department=a.department,
                    person=a.person,
                    deadline=a.deadline,
                    phase=phase,
                    items=group,
                    co_departments=a.co_departments,
                    recurrence=recurrence,
                    deliverable=deliverable,
                    user=user,
                    notify=False,
                )
            )
    tasks_assigned_notify(created)
    return created


# --- recurrence --------------------------------------------------------------------------------


def expected_occurrences(recurrence: str, start: date, end: date) -> int:
    """How many records a recurrence implies from ``start`` to ``end`` (both counted): twice a
    month from March to November is 18, quarterly from March to November is 4 (Q1–Q4)."""
    if end < start:
        end = start
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    R = Task.Recurrence
    if recurrence == R.WEEKLY:
        return -(-((end - start).days + 1) // 7)
    if recurrence == R.TWICE_MONTHLY:
        return 2 * months
    if recurrence == R.MONTHLY:
        return months
    if recurrence == R.QUARTERLY:
        return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1
    if recurrence == R.HALF_YEARLY:
        return (end.year - start.year) * 2 + (end.month - 1) // 6 - (start.month - 1) // 6 + 1
    if recurrence == R.YEARLY:
        return end.year - start.year + 1
    return 1


def task_window(task: Task) -> tuple[date, date]:
    """When a recurring task runs: from its phase's start (or the campaign's) to its deadline."""
    start = task.phase.starts_on if task.phase_id else task.campaign.starts_on
    return start, max(start, task.deadline)


def task_expected_occurrences(task: Task) -> int:
    """Records a task should produce over its window (1 for a one-off task)."""
    start, end = task_window(task)
    return expected_occurrences(task.recurrence, start, end)
