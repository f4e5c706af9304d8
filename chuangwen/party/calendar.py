"""The branch's calendar (三会一课台账): for each required meeting type and each of its periods of a
year (months, quarters, the year; per party group where the type is held by groups), whether
the meeting was held (done), is still to be held (due) or the period ended without it (late).

One query reads the year's meetings of the branches asked about; the periods are counted in
Python from the types' frequencies (data)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Frequency, Meeting, MeetingType, PartyGroup

DONE = "done"
DUE = "due"
LATE = "late"
UPCOMING = "upcoming"
STATUS_LABELS = {DONE: _("Held"), DUE: _("Due"), LATE: _("Late"), UPCOMING: _("Not yet due")}


def period_of(day: datetime.date, frequency: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month / quarter / year holding ``day``."""
    if frequency == Frequency.MONTHLY:
        start = day.replace(day=1)
        following = (start + datetime.timedelta(days=32)).replace(day=1)
    elif frequency == Frequency.QUARTERLY:
        start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        following = (start + datetime.timedelta(days=93)).replace(day=1)
    else:
        start = datetime.date(day.year, 1, 1)
        following = datetime.date(day.year + 1, 1, 1)
    return start, following - datetime.timedelta(days=1)


def periods_of_year(year: int, frequency: str) -> list[tuple[datetime.date, datetime.date]]:
    step = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(frequency)
    if step is None:
        return [period_of(datetime.date(year, 1, 1), frequency)]
    return [period_of(datetime.date(year, m, 1), frequency) for m in range(1, 13, step)]


def period_label(start: datetime.date, frequency: str) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{start.month}月"
    if frequency == Frequency.QUARTERLY:
        return f"第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年"


@dataclass
class Cell:
    """One required meeting in one period (of one group, or the branch)."""

    type: MeetingType
    group: PartyGroup | None
    start: datetime.date
    end: datetime.date
    held: int
    status: str

    @property
    def label(self) -> str:
        return period_label(self.start, self.type.frequency)

    @property
    def span(self) -> int:
        """Columns the cell spans in a 12-month calendar row."""
        return {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3}.get(self.type.frequency, 12)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def cell_status(held: int, required: int, start: datetime.date, end: datetime.date, today: datetime.date) -> str:
    if held >= required:
        return DONE
    if today > end:
        return LATE
    if today >= start:
        return DUE
    return UPCOMING


def held_counts(branch_ids, year: int) -> dict[tuple, Counter]:
    """(branch id, type id, group id or None) -> {meeting date: meetings held} for the year (one query)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    rows = Meeting.objects.filter(
        branch_id__in=branch_ids, archived_at__isnull=True, held_at__gte=start, held_at__lt=end
    ).values_list("branch_id", "type_id", "group_id", "held_at")
    out: dict[tuple, Counter] = {}
    for b, t, g, at in rows:
        out.setdefault((b, t, g), Counter())[timezone.localtime(at).date()] += 1
    return out


def held_in(counts: dict, branch_id: int, type_id: int, group_id, start, end) -> int:
    days = counts.get((branch_id, type_id, group_id))
    return sum(n for day, n in days.items() if start <= day <= end) if days else 0


def branch_calendar(
    branch, *, year: int, today: datetime.date | None = None, types=None, groups=None, counts=None
) -> list[dict]:
    """Rows of the branch's calendar: one per meeting type (per group for a group type), each
    with its cells for every period of ``year``."""
    today = today or timezone.localdate()
    types = list(MeetingType.objects.filter(is_active=True)) if types is None else types
    if groups is None:
        groups = list(PartyGroup.objects.filter(branch=branch, is_active=True))
    counts = held_counts([branch.pk], year) if counts is None else counts
    rows = []
    for t in types:
        for group in groups if t.per_group else [None]:
            gid = group.pk if group else None
            cells = []
            for start, end in periods_of_year(year, t.frequency):
                held = held_in(counts, branch.pk, t.pk, gid, start, end)
                cells.append(Cell(t, group, start, end, held, cell_status(held, t.required_count, start, end, today)))
            rows.append({"type": t, "group": group, "cells": cells})
    return rows


def summary(rows: list[dict]) -> dict:
    """Counts of held / late / due cells over the rows (the bureau's 'held vs due')."""
    c = Counter(cell.status for row in rows for cell in row["cells"])
    return {"done": c[DONE], "late": c[LATE], "due": c[DUE], "required": c[DONE] + c[LATE] + c[DUE]}
