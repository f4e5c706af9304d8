"""检查轮次: planning a round (自查 / 督查 / 暗访), its targets, inspectors and checklist."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.org.models import Department, Membership, Unit
from chuangwen.standards.models import Item

from .. import selectors
from ..models import ChecklistEntry, InspectionRound


def _check_round_fields(*, user, owner_unit, kind, starts_on, ends_on, target_units, target_departments, inspectors):
    errors: dict[str, list[str]] = {}
    if not selectors.units_user_can_plan(user).filter(pk=owner_unit.pk).exists():
        raise PermissionDenied
    if ends_on < starts_on:
        errors["ends_on"] = [_("The round cannot end before it starts.")]
    targets = list(target_units)
    if not targets:
        errors["target_units"] = [_("Choose at least one unit to inspect.")]
    inspectable = selectors.units_user_can_inspect(user).filter(pk__in=[u.pk for u in targets])
    allowed = set(inspectable.values_list("pk", flat=True))
    outside = [u.name for u in targets if u.pk not in allowed]
    if outside:
        errors["target_units"] = [_("You may not inspect: %(units)s.") % {"units": "、".join(outside)}]
    if kind == InspectionRound.Kind.SELF_CHECK and any(u.pk != owner_unit.pk for u in targets):
        errors["target_units"] = [_("A self-check inspects the organising unit only.")]
    target_ids = {u.pk for u in targets}
    foreign = [d.name for d in target_departments if d.unit_id not in target_ids]
    if foreign:
        errors["target_departments"] = [
            _("These departments do not belong to an inspected unit: %(names)s.") % {"names": "、".join(foreign)}
        ]
    unit_ids = target_ids | {owner_unit.pk}
    members = set(
        Membership.objects.filter(user__in=list(inspectors), unit_id__in=unit_ids, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    strangers = [str(u) for u in inspectors if u.pk not in members]
    if strangers:
        message = _("Inspectors must belong to the organising or an inspected unit: %(names)s.")
        errors["inspectors"] = [message % {"names": "、".join(strangers)}]
    if errors:
        raise ValidationError(errors)


def _set_checklist(round: InspectionRound, items: Sequence[Item], free_checks: Sequence[str]) -> None:
    """Keep the entries still chosen, add the new ones (items first, in the standard's order,
    then free text lines), drop the others (a checklist is a plan, not a record)."""
    items = list(items)
    allowed = set(selectors.campaign_items(round.target_units.all()).values_list("pk", flat=True))
    wrong = [i.code for i in items if i.pk not in allowed]
    if wrong:
        raise ValidationError(
            {"items": _("Not items of an inspected unit's active campaign: %(codes)s.") % {"codes": "、".join(wrong)}}
        )
    lines = [line.strip()[:300] for line in free_checks if line.strip()]
    existing = list(round.checklist.all())
    keep_items = {i.pk for i in items}
    keep_text = set(lines)
    kept = [e.pk for e in existing if (e.item_id in keep_items if e.item_id else e.text in keep_text)]
    round.checklist.exclude(pk__in=kept).delete()
    have_items = {e.item_id for e in existing if e.item_id}
    have_text = {e.text for e in existing if not e.item_id}
    entries = [
        ChecklistEntry(round=round, item=i, text=i.title[:300], max_deduction=i.points)
        for i in sorted(items, key=lambda i: (i.order, i.pk))
        if i.pk not in have_items
    ] + [ChecklistEntry(round=round, text=line) for line in dict.fromkeys(lines) if line not in have_text]
    ChecklistEntry.objects.bulk_create(entries)
    ordered = sorted(
        round.checklist.select_related("item"), key=lambda e: (0, e.item.order, e.pk) if e.item_id else (1, 0, e.pk)
    )
    for n, entry in enumerate(ordered, start=1):
        if entry.order != n:
            ChecklistEntry.objects.filter(pk=entry.pk).update(order=n)


@transaction.atomic
def round_create(
    *,
    user,
    owner_unit: Unit,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target_units: Sequence[Unit],
    target_departments: Sequence[Department] = (),
    inspectors: Sequence = (),
    items: Sequence[Item] = (),
    free_checks: Sequence[str] = (),
    notes: str = "",
) -> InspectionRound:
    """Plan a round (自查 / 督查 / 暗访 / 上级检查) with its targets, inspectors and checklist
    (from standard items of the targets' active campaigns, or free text, one check a line)."""
    _check_round_fields(
        user=user,
        owner_unit=owner_unit,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
    )
    rnd = InspectionRound(
        owner_unit=owner_unit,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes.strip(),
        created_by=user,
    )
    return _save_round(
        rnd,
        user=user,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
        items=items,
        free_checks=free_checks,
    )


@transaction.atomic
def round_update(
    *,
    round: InspectionRound,
    user,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    status: str,
    target_units: Sequence[Unit],
    target_departments: Sequence[Department] = (),
    inspectors: Sequence = (),
    items: Sequence[Item] = (),
    free_checks: Sequence[str] = (),
    notes: str = "",
) -> InspectionRound:
    """Change a round: its details, status, targets, inspectors and checklist. Units that
    already have findings in the round stay among its targets."""
    if not can(user, round, CHANGE):
        raise PermissionDenied
    _check_round_fields(
        user=user,
        owner_unit=round.owner_unit,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
    )
    with_findings = set(round.findings.values_list("unit_id", flat=True))
    dropped = with_findings - {u.pk for u in target_units}
    if dropped:
        names = "、".join(Unit.objects.filter(pk__in=dropped).values_list("name", flat=True))
        raise ValidationError({"target_units": _("%(units)s already have findings in this round.") % {"units": names}})
    round.kind, round.title, round.status, round.notes = kind, title.strip(), status, notes.strip()
    round.starts_on, round.ends_on = starts_on, ends_on
    return _save_round(
        round,
        user=user,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
        items=items,
        free_checks=free_checks,
    )


def _save_round(
    rnd: InspectionRound, *, user, target_units, target_departments, inspectors, items, free_checks
) -> InspectionRound:
    """Validate and save ``rnd`` (with ``user`` in its history), then set its targets,
    inspectors and checklist."""
    rnd.full_clean()
    rnd._history_user = user
    rnd.save()
    rnd.target_units.set(target_units)
    rnd.target_departments.set(target_departments)
    rnd.inspectors.set(inspectors)
    _set_checklist(rnd, items, free_checks)
    return rnd
