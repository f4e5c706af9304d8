"""The working-day calendar's cost (``chuangwen/core/workdays.py``): why it is read whole, once
per process, rather than queried for each deadline.

    .venv/bin/python bench/bench_workdays.py [--n 2000]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_workdays.py

Timed, p50/p95 over ``--n`` calls, on the seeded calendar (2004–2026, about 770 days):

1. ``read``: reading the whole calendar into the process's copy (days and years, two queries),
   what the first deadline after a start or a change costs;
2. ``deadline_cached``: a 5-working-day reply deadline from the copy, what every other costs;
3. ``deadline_query``: the same deadline read from the database by one indexed range query
   per call (the alternative: always current in every process, no copy to keep).

The copy is worth keeping when (3) is large beside (2) in a batch: ``suggestions_receive`` computes
a deadline per distinct day of a batch, and holds its statement count fixed (tests)."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    setup_django()
    from chuangwen.core import workdays
    from chuangwen.core.models import CalendarDay

    start = datetime.date(2026, 9, 30)
    expected = datetime.date(2026, 10, 13)

    def read():
        workdays.forget_copy()
        workdays._calendar()

    def deadline_cached():
        assert workdays.add_working_days(start, 5) == expected

    def deadline_query():
        rows = CalendarDay.objects.filter(date__range=(start, start + datetime.timedelta(days=40)))
        working = {day: kind == CalendarDay.Kind.WORKING for day, kind in rows.values_list("date", "kind")}
        day, left = start, 5
        while left:
            day += datetime.timedelta(days=1)
            left -= working.get(day, day.weekday() < 5)
        assert day == expected

    figures = {
        "calendar_days": CalendarDay.objects.count(),
        "read": time_calls(read, max(50, args.n // 20)),
        "deadline_cached": time_calls(deadline_cached, args.n),
        "deadline_query": time_calls(deadline_query, args.n),
    }
    report("bench_workdays", figures)


if __name__ == "__main__":
    main()
