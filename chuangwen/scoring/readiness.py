"""创建达标: a unit's standing against its title — the pass line that applies to it, and the
title vetoes (一票否决) that make it ineligible — with the writes that set them.

``pass_line_for(unit, level)``: the line of the nearest region at or above the unit's region,
else the default (no region), else None ("未设定").
``active_vetoes(unit, on)``: vetoes not withdrawn whose ineligibility (``condition.years`` from
the act) still runs on ``on``.
``readiness(unit, level, score_percent, projected_percent, on)``: the three together, for the
progress page and the bureau's rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE, Role, Scope
from chuangwen.core.scoping import can_in_unit
from chuangwen.org.models import Region, Unit

from .models import PassLine, UnitVeto, VetoCondition


def _lines_at_or_above(paths) -> dict[tuple[str, str], PassLine]:
    """The pass lines of these regions and the defaults, by (region path or "", level): one query."""
    rows = PassLine.objects.filter(Q(region__path__in=sorted(paths)) | Q(region__isnull=True)).select_related("region")
    return {(line.region.path if line.region_id else "", line.level): line for line in rows}


def _nearest(lines: dict[tuple[str, str], PassLine], region_path: str, level: str) -> PassLine | None:
    """The line of the nearest region at or above ``region_path``, else the default."""
    for path in [*reversed(Region.paths_at_or_above(region_path)), ""]:
        if (path, level) in lines:
            return lines[(path, level)]
    return None


def _running_vetoes(unit_ids, on: datetime.date) -> dict[int, list[UnitVeto]]:
    """Per unit, its vetoes not withdrawn whose ineligibility still runs on ``on``, newest first."""
    out: dict[int, list[UnitVeto]] = {}
    rows = (
        UnitVeto.objects.filter(unit__in=list(unit_ids), withdrawn_at__isnull=True, occurred_on__lte=on)
        .select_related("condition")
        .order_by("-occurred_on", "-id")
    )
    for v in rows:
        if on <= v.ends_on:
            out.setdefault(v.unit_id, []).append(v)
    return out


def pass_line_for(unit: Unit, level: str) -> PassLine | None:
    return _nearest(_lines_at_or_above(Region.paths_at_or_above(unit.region.path)), unit.region.path, level)


def active_vetoes(unit: Unit, on: datetime.date) -> list[UnitVeto]:
    return _running_vetoes([unit.pk], on).get(unit.pk, [])


@dataclass
class Readiness:
    level: str
    pass_line: PassLine | None
    score_percent: float
    projected_percent: float | None
    vetoes: list[UnitVeto] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.vetoes

    @property
    def pass_percent(self) -> float | None:
        return float(self.pass_line.percent) if self.pass_line else None

    @property
    def gap(self) -> float | None:
        """Points (in %) still missing to the line; 0 once it is reached."""
        if self.pass_line is None:
            return None
        return round(max(0.0, self.pass_percent - self.score_percent), 1)

    @property
    def reached(self) -> bool:
        return self.pass_line is not None and self.score_percent >= self.pass_percent

    @property
    def projected_reaches(self) -> bool | None:
        if self.pass_line is None or self.projected_percent is None:
            return None
        return self.projected_percent >= self.pass_percent


def readiness(
    unit: Unit, level: str, score_percent: float, projected_percent: float | None, on: datetime.date
) -> Readiness:
    return Readiness(level, pass_line_for(unit, level), score_percent, projected_percent, active_vetoes(unit, on))


@dataclass
class Mark:
    """A unit's readiness in a list row: its pass line (None: not set) and a running veto."""

    pass_percent: float | None
    veto: UnitVeto | None

    def reached(self, score_percent) -> bool | None:
        if self.pass_percent is None:
            return None
        return float(score_percent or 0) >= self.pass_percent


def readiness_marks(units, on: datetime.date) -> dict[int, Mark]:
    """``Mark`` per unit of ``units`` (each with ``region`` loaded and a ``target_level``, as the
    bureau's rows have), in two queries whatever their number: the pass lines of every region
    at or above them, and their running vetoes."""
    units = list(units)
    if not units:
        return {}
    lines = _lines_at_or_above({p for u in units for p in Region.paths_at_or_above(u.region.path)})
    vetoes = _running_vetoes([u.pk for u in units], on)
    marks = {}
    for u in units:
        level = getattr(u, "target_level", None)
        line = _nearest(lines, u.region.path, level) if level else None
        running = vetoes.get(u.pk)
        marks[u.pk] = Mark(float(line.percent) if line else None, running[0] if running else None)
    return marks


# --- writes ----------------------------------------------------------------------------------


def supervised_regions(user) -> list[Region]:
    """The regions whose pass lines the user sets: those of their active supervisor memberships."""
    return [
        m.region
        for m in user.memberships.filter(is_active=True, role=Role.SUPERVISOR, scope=Scope.REGION).select_related(
            "region"
        )
        if m.region_id
    ]


@transaction.atomic
def pass_line_set(*, user, region: Region, level: str, percent, note: str = "") -> PassLine:
    """Set (or change) a region's pass line for a level; history keeps the earlier values."""
    if region not in supervised_regions(user):
        raise PermissionDenied
    percent = Decimal(str(percent))
    if not Decimal("1") <= percent <= Decimal("100"):
        raise ValidationError({"percent": _("The pass line is a percentage from 1 to 100.")})
    line, _created = PassLine.objects.select_for_update().get_or_create(
        region=region, level=level, defaults={"percent": percent, "note": note, "set_by": user}
    )
    if not _created:
        line.percent, line.note, line.set_by = percent, note, user
        line._change_reason = "set"
        line.save()
    return line


@transaction.atomic
def veto_record(
    *, user, unit: Unit, condition: VetoCondition, occurred_on: datetime.date, description: str, record: str = ""
) -> UnitVeto:
    if not may_change_vetoes(user, unit):
        raise PermissionDenied
    if not condition.is_active:
        raise ValidationError({"condition": _("This condition is no longer in use.")})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe what happened.")})
    veto = UnitVeto(
        unit=unit,
        condition=condition,
        occurred_on=occurred_on,
        description=description.strip(),
        record=record.strip(),
        recorded_by=user,
    )
    veto.full_clean()
    veto.save()
    return veto


@transaction.atomic
def veto_withdraw(*, user, veto: UnitVeto, reason: str) -> UnitVeto:
    """A veto recorded in error is withdrawn (kept, with who, when and why); never deleted."""
    veto = UnitVeto.objects.select_for_update().get(pk=veto.pk)
    if not may_change_vetoes(user, veto.unit):
        raise PermissionDenied
    if veto.withdrawn_at is not None:
        raise ValidationError(_("This veto has already been withdrawn."))
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": _("Give the reason for withdrawing it.")})
    veto.withdrawn_at, veto.withdrawn_by, veto.withdrawn_reason = timezone.now(), user, reason.strip()[:300]
    veto._change_reason = "withdraw"
    veto.save()
    return veto


def may_change_vetoes(user, unit: Unit) -> bool:
    return can_in_unit(user, UnitVeto, unit, CHANGE)
