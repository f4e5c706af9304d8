"""Roster import of 10,000 staff into a unit with 20 departments: first import (all new), the
same file again (nothing changes) and a file with 10% of rows changed.

Usage: .venv/bin/python bench/bench_roster_import.py"""

import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django  # noqa: E402

ROWS = 10_000
DEPARTMENTS = 20
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
TITLES = ["主任医师", "副主任医师", "主治医师", "住院医师", "主管护师", "护师", "护士", ""]
POLITICAL = ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众", ""]


def build_rows(rng: random.Random, departments: list[str]) -> list[list]:
    rows = []
    for i in range(ROWS):
        rows.append(
            [
                f"{100000 + i}",
                rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN]),
                rng.choice("男女"),
                rng.choice(departments),
                rng.choice(TITLES),
                rng.choice(["临床医生", "护士", "医技", "行政", ""]),
                f"13{rng.randrange(10**9):09d}",
                rng.choice(POLITICAL),
                date(1995, 1, 1) + timedelta(days=rng.randrange(10_000)),
                "在职" if rng.random() > 0.05 else "离职",
            ]
        )
    return rows


def workbook(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    from chuangwen.org.roster import HEADERS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(list(HEADERS))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def timed(unit, user, content: bytes) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chuangwen.org.roster import roster_import

    upload = SimpleUploadedFile("花名册.xlsx", content)
    t0, c0 = time.perf_counter(), time.process_time()
    result = roster_import(unit=unit, uploaded_file=upload, user=user)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "rows_per_s": round(ROWS / seconds),
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def main() -> None:
    setup_django()
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Department, Membership, Person, Region, Unit, User

    region = Region.objects.add_root({"name": "基准县", "code": "439999", "level": Region.Level.COUNTY})
    unit = Unit.objects.create(region=region, name="基准县人民医院", code="BENCH01")
    names = [f"科室{i:02d}" for i in range(DEPARTMENTS)]
    Department.objects.bulk_create([Department(unit=unit, name=n, sort_order=i) for i, n in enumerate(names)])
    user = User.objects.create_user("bench-office", password="bench-pass-1234")
    Membership.objects.create(user=user, role=Role.OFFICE, scope="unit", unit=unit)

    rng = random.Random(20240601)
    rows = build_rows(rng, names)
    first_file = workbook(rows)
    for row in rng.sample(rows, ROWS // 10):
        row[6] = f"15{rng.randrange(10**9):09d}"
    changed_file = workbook(rows)

    first = timed(unit, user, first_file)
    again = timed(unit, user, first_file)
    changed = timed(unit, user, changed_file)
    assert (first["created"], again["unchanged"], changed["updated"]) == (ROWS, ROWS, ROWS // 10)
    assert Person.objects.filter(unit=unit).count() == ROWS
    report(
        "roster_import",
        {
            "rows": ROWS,
            "departments": DEPARTMENTS,
            "file_bytes": len(first_file),
            "first_import": first,
            "reimport_unchanged": again,
            "import_10pct_changed": changed,
            "history_rows": Person.history.filter(unit=unit).count(),
        },
    )


if __name__ == "__main__":
    main()
