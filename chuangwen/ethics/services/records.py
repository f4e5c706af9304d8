"""The daily record (医德档案): veto records on a person (一票否决, withdrawn with a reason, never
deleted) and the office's own entries, written to the scoring ledger with the source 医德档案记录
so the ledger stays the one record.

The office's entries carry the person but no department: a department's 量化考核 counts the
entries on the department, so an ethics entry moves the person's record and grade only. (A
finding or complaint that names the person and the department already counts for both.)"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.scoring.models import EntryFile, LedgerEntry, Source
from chuangwen.scoring.services import entry_add

from ..models import VetoAct, VetoFile, VetoRecord
from .files import store_all


def _office(user, unit) -> None:
    if user is not None and not can_in_unit(user, VetoRecord, unit, CHANGE):
        raise PermissionDenied(_("Only the unit's office keeps the ethics record."))


@transaction.atomic
def veto_record(*, person, act: VetoAct, occurred_on: datetime.date, facts: str, by, files=()) -> VetoRecord:
    """Record a veto act on a person; ``files`` are prepared uploads (``ethics.services.files``)."""
    _office(by, person.unit)
    errors = {}
    if act.unit_id not in (None, person.unit_id) or not act.is_active:
        errors["act"] = _("Choose a veto act in use.")
    if not (facts or "").strip():
        errors["facts"] = _("Describe the facts.")
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    record = VetoRecord.objects.create(
        unit_id=person.unit_id,
        person=person,
        department_id=person.department_id,
        act=act,
        occurred_on=occurred_on,
        facts=facts.strip(),
        recorded_by=by,
    )
    store_all(files, lambda **f: VetoFile(veto=record, uploaded_by=by, **f))
    return record


@transaction.atomic
def veto_withdraw(*, record: VetoRecord, by, reason: str) -> VetoRecord:
    """Withdraw a mistaken veto record with the reason; it stays, marking nobody."""
    record = VetoRecord.objects.select_for_update().get(pk=record.pk)
    if by is not None and not can(by, record, CHANGE):
        raise PermissionDenied(_("Only the unit's office keeps the ethics record."))
    if record.withdrawn_at is not None:
        raise ValidationError(_("The veto record is already withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"withdrawn_reason": _("Give the reason of the withdrawal.")})
    record.withdrawn_at, record.withdrawn_by, record.withdrawn_reason = timezone.now(), by, reason.strip()[:300]
    record.save()
    return record


@transaction.atomic
def record_entry_add(*, person, points, reason: str, occurred_on: datetime.date, by, files=()) -> LedgerEntry:
    """An entry the office adds to a person's 医德档案 (a returned red envelope as a bonus, a
    warning as a deduction), with its files, written to the ledger."""
    _office(by, person.unit)
    try:
        points = Decimal(str(points))
    except InvalidOperation:
        raise ValidationError({"points": _("The points are not a number.")}) from None
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    entry = entry_add(
        unit=person.unit,
        person=person,
        points=points,
        source=Source.ETHICS,
        reason=reason,
        occurred_on=occurred_on,
        source_label=_("Ethics record"),
        created_by=by,
    )
    store_all(files, lambda **f: EntryFile(entry=entry, uploaded_by=by, **f))
    return entry


@transaction.atomic
def veto_act_add(*, unit, name: str, by, fails_cycle: bool = True) -> VetoAct:
    """A unit's own veto act (一票否决事项) beside the shared ones."""
    _office(by, unit)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the veto act.")})
    if (
        VetoAct.objects.filter(unit__isnull=True, name=name).exists()
        or VetoAct.objects.filter(unit=unit, name=name).exists()
    ):
        raise ValidationError({"name": _("The veto act “%(name)s” exists already.") % {"name": name}})
    code = f"u{unit.pk}-{VetoAct.objects.filter(unit=unit).count() + 1}"
    return VetoAct.objects.create(unit=unit, code=code, name=name[:80], fails_cycle=fails_cycle)
