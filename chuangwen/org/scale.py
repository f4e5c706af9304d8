"""Synthetic data at scale, for benchmarks: a province of counties full of hospitals, each with
departments and staff (``manage.py gen_scale``).

Region codes start with ``prefix`` (default 99, no real province) and unit codes with ``S``, so
they never collide with the demo (43xxxx) or real data. Everything is written in one
transaction, in batches (``bulk_create``; people through one ``executemany`` per batch, which is
five times faster than compiling bulk_create's SQL); no history rows are written."""

from __future__ import annotations

import datetime
import math
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from chuangwen.core.roles import DEFAULT_SCOPE, Role

from .demo import FEMALE_FIRST, FEMALE_SECOND, MALE_FIRST, MALE_SECOND, SURNAMES
from .models import Department, Membership, Person, Region, Unit, User

K = Department.Kind
DEPARTMENTS = [
    ("内科", K.CLINICAL), ("外科", K.CLINICAL), ("儿科", K.CLINICAL), ("妇产科", K.CLINICAL),
    ("急诊科", K.CLINICAL), ("骨科", K.CLINICAL), ("检验科", K.MEDTECH), ("放射科", K.MEDTECH),
    ("药剂科", K.MEDTECH), ("院办", K.ADMIN), ("重症医学科", K.CLINICAL), ("康复科", K.CLINICAL),
    ("中医科", K.CLINICAL), ("口腔科", K.CLINICAL), ("眼耳鼻喉科", K.CLINICAL), ("超声科", K.MEDTECH),
    ("护理部", K.ADMIN), ("党办", K.ADMIN), ("医务科", K.ADMIN), ("财务科", K.ADMIN), ("总务科", K.LOGISTICS),
]  # fmt: skip
CATEGORIES = [Unit.Category.GENERAL, Unit.Category.TCM, Unit.Category.TOWNSHIP, Unit.Category.MATERNAL]
POLITICAL = (
    [Person.Political.CPC] * 30 + [Person.Political.PROBATIONARY] * 3 + [Person.Political.LEAGUE] * 10
    + [Person.Political.DEMOCRATIC] * 2 + [Person.Political.MASSES] * 55
)  # fmt: skip
MOBILE = ("13", "15", "18")
TITLES = ["主任医师", "副主任医师", "主治医师", "医师", "主管护师", "护师", "护士", "技师", "药师", "科员"]


def office_username(i: int) -> str:
    return f"scale_office_{i:05d}"


def county_username(i: int) -> str:
    return f"scale_county_{i:04d}"


def city_username(i: int) -> str:
    return f"scale_city_{i:02d}"


PROVINCE_USERNAME = "scale_province"


@dataclass
class ScaleResult:
    units: int = 0
    departments: int = 0
    people: int = 0
    counties: int = 0
    cities: int = 0
    usernames: dict[str, list[str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class PersonInserter:
    """Inserts rows of (unit_id, department_id, employee_no, name, gender, title, position, phone,
    political_status, hired_on, is_active) with one executemany per batch."""

    FIELDS = [
        "unit", "department", "employee_no", "name", "gender", "title", "position", "phone",
        "political_status", "hired_on", "is_active",
    ]  # fmt: skip

    def __init__(self):
        meta = Person._meta
        q = connection.ops.quote_name
        columns = [meta.get_field(f).column for f in self.FIELDS] + ["created_at", "updated_at"]
        placeholders = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {q(meta.db_table)} ({', '.join(q(c) for c in columns)}) VALUES ({placeholders})"
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.stamps = (now, now)
        self.date = connection.ops.adapt_datefield_value

    def __call__(self, rows: list[tuple]) -> int:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, [row + self.stamps for row in rows])
        return len(rows)


class AlreadyGenerated(Exception):
    pass


def generate(
    *,
    units: int,
    departments: int,
    staff: int,
    counties: int | None = None,
    office_users: int = 5,
    batch_size: int = 2000,
    prefix: str = "99",
    password: str | None = None,
    seed: int = 2026,
    log=None,
) -> ScaleResult:
    if units < 1 or departments < 1 or staff < 0:
        raise ValueError("need at least one unit and one department per unit")
    rng = random.Random(seed)
    counties = max(1, min(counties or math.ceil(units / 50), units))
    n_cities = max(1, math.ceil(counties / 10), math.ceil(counties / 99))
    if n_cities > 99:
        raise ValueError("at most 9801 counties")
    if Region.objects.filter(code=f"{prefix}0000").exists():
        raise AlreadyGenerated(f"region {prefix}0000 exists: scale data with this prefix was generated already")
    res = ScaleResult(counties=counties, cities=n_cities)
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        res.timings[name] = round(now - clock, 2)
        clock = now
        if log:
            log(f"  {name}: {res.timings[name]:.2f} s")

    with transaction.atomic():
        # regions
        province = Region.objects.add_root({"name": "演练省", "code": f"{prefix}0000", "level": Region.Level.PROVINCE})
        cities = [
            Region.objects.add_child(
                province, {"name": f"演练市{c:02d}", "code": f"{prefix}{c:02d}00", "level": Region.Level.CITY}
            )
            for c in range(1, n_cities + 1)
        ]
        county_regions = []
        for k in range(counties):
            city_no = k % n_cities
            data = {"name": f"演练县{k + 1:04d}", "code": f"{prefix}{city_no + 1:02d}{k // n_cities + 1:02d}"}
            county_regions.append(Region.objects.add_child(cities[city_no], {**data, "level": Region.Level.COUNTY}))
        lap("regions")

        # units, in contiguous blocks per county
        unit_objs = []
        for i in range(units):
            county = county_regions[i * counties // units]
            unit_objs.append(
                Unit(
                    name=f"{county.name}第{i + 1:05d}医院",
                    short_name=f"演练医院{i + 1:05d}",
                    code=f"S{prefix}{i + 1:06d}",
                    category=CATEGORIES[i % len(CATEGORIES)],
                    grade="二级甲等" if i % 3 else "一级甲等",
                    region=county,
                )
            )
        unit_objs = Unit.objects.bulk_create(unit_objs, batch_size=batch_size)
        res.units = len(unit_objs)
        lap("units")

        # departments
        dept_objs = []
        for u in unit_objs:
            for m in range(departments):
                name, kind = DEPARTMENTS[m] if m < len(DEPARTMENTS) else (f"科室{m + 1}", K.CLINICAL)
                dept_objs.append(
                    Department(
                        unit=u, name=name, kind=kind, code=f"{m + 1:03d}", sort_order=(m + 1) * 10,
                        phone=f"0736-{7000000 + len(dept_objs) % 3000000}", location=f"门诊楼{m % 6 + 1}楼",
                    )
                )  # fmt: skip
        dept_objs = Department.objects.bulk_create(dept_objs, batch_size=batch_size)
        res.departments = len(dept_objs)
        lap("departments")

        # people, one batch at a time, through executemany (bulk_create's SQL compiling is the bottleneck)
        insert = PersonInserter()
        batch: list[tuple] = []
        seq = 0
        start = datetime.date(1990, 1, 1).toordinal()
        span = datetime.date(2025, 12, 31).toordinal() - start
        choice, rand = rng.choice, rng.random
        for ui, u in enumerate(unit_objs):
            depts = dept_objs[ui * departments : (ui + 1) * departments]
            for k in range(staff):
                seq += 1
                female = rand() < 0.6
                first, second = (FEMALE_FIRST, FEMALE_SECOND) if female else (MALE_FIRST, MALE_SECOND)
                given = choice(second) if rand() < 0.4 else choice(first) + choice(second)
                batch.append(
                    (
                        u.pk,
                        depts[k % departments].pk,
                        f"{k + 1:05d}",
                        choice(SURNAMES) + given,
                        "F" if female else "M",
                        choice(TITLES),
                        "",
                        f"{MOBILE[seq % 3]}{seq:09d}",
                        choice(POLITICAL),
                        insert.date(datetime.date.fromordinal(start + int(rand() * span))),
                        rand() >= 0.02,
                    )
                )
                if len(batch) >= batch_size:
                    res.people += insert(batch)
                    batch = []
        if batch:
            res.people += insert(batch)
        lap("people")

        if staff:
            first_person = Person.objects.filter(department=OuterRef("pk")).order_by("id").values("id")[:1]
            Department.objects.filter(unit__code__startswith=f"S{prefix}").update(head=Subquery(first_person))
        lap("department heads")

        # users for benchmarks to log in as
        hashed = make_password(password)  # unusable when None
        plan: list[tuple[str, Role, dict]] = [(PROVINCE_USERNAME, Role.SUPERVISOR, {"region": province})]
        plan += [(city_username(i + 1), Role.SUPERVISOR, {"region": c}) for i, c in enumerate(cities)]
        plan += [(county_username(i + 1), Role.SUPERVISOR, {"region": c}) for i, c in enumerate(county_regions)]
        plan += [(office_username(i + 1), Role.OFFICE, {"unit": u}) for i, u in enumerate(unit_objs[:office_users])]
        users = User.objects.bulk_create(
            [User(username=name, password=hashed, display_name=name) for name, _r, _w in plan], batch_size=batch_size
        )
        Membership.objects.bulk_create(
            [
                Membership(user=user, role=role, scope=DEFAULT_SCOPE[role], **where)
                for user, (_n, role, where) in zip(users, plan, strict=True)
            ],
            batch_size=batch_size,
        )
        res.usernames = {
            "province": [PROVINCE_USERNAME],
            "city": [city_username(i + 1) for i in range(len(cities))],
            "county": [county_username(i + 1) for i in range(len(county_regions))],
            "office": [office_username(i + 1) for i in range(min(office_users, len(unit_objs)))],
        }
        lap("users")
    return res
