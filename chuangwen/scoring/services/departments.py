"""Writes of 量化考核 by people: the office's scheme, manual entries and corrections of the
ledger. Each checks the actor's right (the unit's office) whoever calls it, writes through the
ledger's services (never an update or delete) and has the unit-month recomputed on commit."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.org.selectors import units_user_can_change

from ..department_files import close, prepare_files, store_all
from ..department_scheme import DEFAULT_BONUS_CAP, DEFAULT_RULES, rules_clean
from ..models import EntryFile, LedgerEntry, Scheme, Source
from .ledger import entry_add, entry_correct

MANUAL_SOURCES = (Source.MANUAL, Source.HONOUR)


def may_manage(user, unit_id: int) -> bool:
    """The unit's campaign office (or an administrator over it) keeps its ledger and scheme."""
    return units_user_can_change(user, LedgerEntry).filter(pk=unit_id).exists()


def _require_office(user, unit_id: int) -> None:
    if not may_manage(user, unit_id):
        raise PermissionDenied


def _number(value, field: str, label: str, *, allow_none: bool = False) -> Decimal | None:
    if value in (None, "") and allow_none:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, TypeError):
        raise ValidationError({field: _("%(label)s must be a number.") % {"label": label}}) from None
    if not number.is_finite() or abs(number) >= 1000:
        raise ValidationError({field: _("%(label)s is out of range.") % {"label": label}})
    return number


KEEP = object()  # scheme_save(warning_line=KEEP): leave the line as it is


@transaction.atomic
def scheme_save(
    *,
    unit,
    user,
    name: str,
    base_score,
    rules: list,
    bonus_cap=None,
    floor=0,
    appeal_days: int = 5,
    warning_line=KEEP,
) -> Scheme:
    """Create or change the unit's 量化考核方案 (with history). Scores are recomputed by the next
    daily run, or at once for a month the office publishes."""
    _require_office(user, unit.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scheme a name.")})
    base = _number(base_score, "base_score", _("The base score"))
    if base <= 0:
        raise ValidationError({"base_score": _("The base score must be above 0.")})
    cap = _number(bonus_cap, "bonus_cap", _("The bonus cap"), allow_none=True)
    if cap is not None and cap <= 0:
        raise ValidationError({"bonus_cap": _("The bonus cap must be above 0.")})
    low = _number(floor, "floor", _("The lowest score"))
    if not (0 <= low < base):
        raise ValidationError({"floor": _("The lowest score must be between 0 and the base score.")})
    if not isinstance(appeal_days, int) or not (1 <= appeal_days <= 30):
        raise ValidationError({"appeal_days": _("The appeal window is 1 to 30 working days.")})
    cleaned = rules_clean(rules)
    scheme = Scheme.objects.select_for_update().filter(unit=unit).first() or Scheme(unit=unit)
    if warning_line is not KEEP:
        line = _number(warning_line, "warning_line", _("The warning line"), allow_none=True)
        if line is not None and not (0 <= line <= base):
            raise ValidationError({"warning_line": _("The warning line must be between 0 and the base score.")})
        scheme.warning_line = line
    scheme.name, scheme.base_score, scheme.bonus_cap, scheme.floor = name[:80], base, cap, low
    scheme.rules = [r.as_data() for r in cleaned]
    scheme.appeal_days, scheme.updated_by = appeal_days, user
    scheme._history_user = user
    scheme.save()
    return scheme


def scheme_default(*, unit, user) -> Scheme:
    """The scheme a unit starts from: 100 points, the default rules, bonuses at most 10 a month."""
    return scheme_save(
        unit=unit,
        user=user,
        name=_("Monthly department assessment"),
        base_score=100,
        rules=DEFAULT_RULES,
        bonus_cap=DEFAULT_BONUS_CAP,
    )


@transaction.atomic
def manual_entry_add(
    *,
    user,
    unit,
    points,
    reason: str,
    occurred_on: datetime.date,
    source: str = Source.MANUAL,
    department=None,
    person=None,
    item=None,
    uploads=(),
) -> LedgerEntry:
    """The office's own 扣分 or 加分 (a manual entry, or an honour) with its reason, and the files
    that prove it (photos or PDF, optional; all checked before anything is written)."""
    _require_office(user, unit.pk)
    if source not in MANUAL_SOURCES:
        raise ValidationError({"source": _("A manual entry is a manual entry or an honour.")})
    if person is not None and department is not None and person.department_id not in (None, department.pk):
        raise ValidationError({"person": _("The person is not in that department.")})
    if person is not None and department is None:
        department = person.department
    prepared = prepare_files(uploads)
    try:
        entry = entry_add(
            unit=unit,
            department=department,
            person=person,
            item=item,
            points=_number(points, "points", _("Points")),
            source=source,
            reason=reason,
            occurred_on=occurred_on,
            source_label=_("Entered by the office"),
            created_by=user,
        )
        store_all(prepared, lambda **kw: EntryFile(entry=entry, uploaded_by=user, **kw))
    finally:
        close(prepared)
    return entry


@transaction.atomic
def ledger_correct(*, user, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Cancel an entry by a counter-entry with the reason (the office of its unit only)."""
    if not LedgerEntry.objects.visible_to(user, CHANGE).filter(pk=entry.pk).exists():
        raise PermissionDenied
    if hasattr(entry, "appeal") and entry.appeal.status == entry.appeal.Status.FILED:
        raise ValidationError(_("An appeal against this entry is waiting: decide the appeal instead."))
    counter = entry_correct(entry=entry, reason=reason, by=user)
    return counter
