"""Working days (工作日), the one calendar of every deadline: Monday to Friday, minus the public
holidays, plus the weekend days worked instead (调休). The holidays are data (``CalendarDay``),
seeded from chinesecalendar for the years it ships and entered for later years in the admin or
with ``manage.py holidays`` once the State Council publishes them (around November).

A year with no data (no ``CalendarYear``) still computes, counting weekends only; from
1 November of the year before, ``years_missing`` names it for the home pages' warning and the
``chuangwen.W001`` system check.

The calendar (some 800 rows) is read whole, once per process, and kept: every deadline is then
computed in memory, so a batch of complaints costs no query for its deadlines. A change made
through the ORM or ``core.holidays`` drops the copy at once in the process that made it (and
again when its transaction commits); other processes (app servers, the background worker) read
the calendar again at most ``CACHE_SECONDS`` later. The calendar changes about once a year,
weeks before the days it enters count. Measured (bench/bench_workdays.py, SQLite, 771 days, p50):
reading it 1.3 ms; a 5-working-day deadline from the copy 0.01 ms, against 0.2 ms by one range
query per deadline. The query was the simpler design, but a batch of survey suggestions holds a
fixed number of statements (tests/feedback/test_survey_suggestions.py) and the copy keeps it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import CalendarDay, CalendarYear

CACHE_SECONDS = 300

# From this day (month, day) of a year on, the next year's holidays are expected.
WARN_FROM = (11, 1)


@dataclass(frozen=True)
class _Calendar:
    working: dict[date, bool]  # the calendar's days: date -> is it a working day
    years: frozenset[int]  # the years entered
    read_at: float


_copy: _Calendar | None = None


def _calendar() -> _Calendar:
    global _copy
    copy = _copy
    if copy is None or time.monotonic() - copy.read_at > CACHE_SECONDS:
        rows = CalendarDay.objects.values_list("date", "kind")
        copy = _Calendar(
            working={day: kind == CalendarDay.Kind.WORKING for day, kind in rows},
            years=frozenset(CalendarYear.objects.values_list("year", flat=True)),
            read_at=time.monotonic(),
        )
        _copy = copy
    return copy


def forget_copy() -> None:
    """Forget this process's copy of the calendar (the next call reads it again)."""
    global _copy
    _copy = None


def calendar_changed() -> None:
    """Forget the copy now and when the transaction commits (a copy read in between, by
    another thread, would hold the old days)."""
    forget_copy()
    transaction.on_commit(forget_copy)


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def _on_change(**kwargs) -> None:
    calendar_changed()


def _is_working(day: date, working: dict[date, bool]) -> bool:
    if day in working:
        return working[day]
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _is_working(day, _calendar().working)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count: a complaint
    received on a Friday with 5 working days is due the next Friday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    working = _calendar().working
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if _is_working(day, working):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    working = _calendar().working
    return sum(1 for i in range(1, (end - start).days + 1) if _is_working(start + timedelta(days=i), working))


def local_today() -> date:
    """Today in the site's time zone, the clock of the system check (tests set it)."""
    return timezone.localdate()


def years_expected(today: date) -> list[int]:
    """The years whose holidays should be known on ``today``: this one, and the next from 1 November."""
    return [today.year, today.year + 1] if (today.month, today.day) >= WARN_FROM else [today.year]


def years_missing(*, today: date) -> list[int]:
    """The expected years (``years_expected``) that have no holidays entered yet."""
    entered = _calendar().years
    return [year for year in years_expected(today) if year not in entered]
