"""Party work at county scale: the bureau's per-unit table (三会一课 held vs due, members,
development), one branch's calendar and the daily reminder run, over a year of meetings.

    .venv/bin/python bench/bench_party.py [--units 60 --branches 4 --members 25 --n 20]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_party.py

Meetings are written with ``bulk_create`` (every required meeting of every period of the year
but a few missed), so the measurement is of the reads: ``selectors.unit_aggregates`` (four
queries whatever the units), ``calendar.branch_calendar`` (one query of the branch's year) and
``reminders.reminder_drafts`` (three queries for every branch)."""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, time_calls  # noqa: E402


def generate(*, units_n: int, branches_n: int, members_n: int, year: int, log=print) -> dict:
    """Units (in one county) with branches, members, two groups each and a year of meetings."""
    from django.utils import timezone

    from chuangwen.org.models import Department, Person, Region, Unit
    from chuangwen.party.calendar import periods_of_year
    from chuangwen.party.defaults import seed_defaults
    from chuangwen.party.models import Branch, BranchMember, Meeting, MeetingType, PartyGroup

    seed_defaults()
    rng = random.Random(15)
    region = Region.objects.add_root({"name": "基准县", "level": "county", "code": f"B{rng.randint(0, 10**6):06d}"})
    types = list(MeetingType.objects.filter(is_active=True))
    units, meetings = [], []
    for u in range(units_n):
        unit = Unit.objects.create(region=region, name=f"基准医院{u}", code=f"BP{u:05d}", kind="hospital")
        dept = Department.objects.create(unit=unit, name="内科")
        units.append(unit)
        for b in range(branches_n):
            people = Person.objects.bulk_create(
                Person(
                    unit=unit, department=dept, employee_no=f"{b:02d}{i:04d}", name=f"党员{i}", political_status="cpc"
                )
                for i in range(members_n)
            )
            branch = Branch.objects.create(unit=unit, name=f"第{b + 1}党支部", secretary=people[0])
            groups = [PartyGroup.objects.create(branch=branch, name=n) for n in ("第一党小组", "第二党小组")]
            BranchMember.objects.bulk_create(
                BranchMember(branch=branch, person=p, group=groups[i % 2]) for i, p in enumerate(people)
            )
            for t in types:
                for start, _end in periods_of_year(year, t.frequency):
                    for g in groups if t.per_group else [None]:
                        if rng.random() < 0.05:
                            continue  # a missed meeting: late
                        held = timezone.make_aware(datetime.datetime(start.year, start.month, 10, 15))
                        meetings.append(
                            Meeting(
                                unit=unit, branch=branch, group=g, type=t, title=t.name, held_at=held,
                                place="会议室", host=people[0], recorder=people[1], agenda="学习",
                            )
                        )  # fmt: skip
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    log(f"{units_n} units × {branches_n} branches × {members_n} members, {len(meetings)} meetings")
    return {"units": units, "meetings": len(meetings)}


def measure(data: dict, *, year: int, n: int) -> dict:
    from chuangwen.party import calendar, reminders, selectors
    from chuangwen.party.models import Branch

    today = datetime.date(year, 12, 25)
    branch = Branch.objects.filter(unit=data["units"][0]).first()
    rows = selectors.unit_aggregates(data["units"], year=year, today=today)
    return {
        "rows": len(rows),
        "held": sum(r["held"] for r in rows),
        "late": sum(r["late"] for r in rows),
        "timings": {
            "bureau: per-unit table": time_calls(
                lambda: selectors.unit_aggregates(data["units"], year=year, today=today), n, warmup=1
            ),
            "branch: calendar of the year": time_calls(
                lambda: calendar.branch_calendar(branch, year=year, today=today), n
            ),
            "daily reminders: every branch": time_calls(lambda: reminders.reminder_drafts(today=today), n, warmup=1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--branches", type=int, default=4)
    parser.add_argument("--members", type=int, default=25)
    parser.add_argument("--n", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    year = 2026
    data = generate(units_n=args.units, branches_n=args.branches, members_n=args.members, year=year)
    out = measure(data, year=year, n=args.n)
    report("party", {"units": args.units, "branches_per_unit": args.branches, "meetings": data["meetings"], **out})


if __name__ == "__main__":
    main()
