"""A province on top of the demo, for the province-scale benchmarks (issue 18).

    DATABASE_URL=postgres://… .venv/bin/python manage.py load_demo
    DATABASE_URL=postgres://… .venv/bin/python bench/province.py [--scale 1.0] [--seed 2026]

Adds, beside the demo's 江州市 / 青溪县 under 湖南省: the province health commission
(湖南省卫生健康委员会) with its supervisor ``shengweijianwei`` (region scope: the whole province;
``ensure_commission``, also run by the benchmark before it measures the demo alone), 13 cities,
their counties and ``2,000 × scale`` hospitals and health centres (人民医院, 中医医院, 妇幼保健院,
乡镇卫生院, 社区卫生服务中心), each with departments and staff (500,000 in all), this year's
campaign on the demo's standard with its phases, tasks (责任分解) and item compliance, evidence
records with a file each (5,000,000; the rows point at the demo's few real files, so no new file
is written), findings (2,000,000) in every rectification state, complaints (200,000), scoring
ledger entries (1,000,000), the two default surveys with six months of responses (10,000,000)
and their answers as the model stores them (one row per rating or choice question), and the
monthly aggregates the satisfaction pages read, counted from those answers as
``aggregates_rebuild`` would. ``--scale`` multiplies every count (units included).

Every row is a copy of a real row of the demo's 青溪县人民医院 with its keys and a few values
changed (``province_copy.template_row``), written with COPY into the model's own table; constraints
and indexes stay as the migrations made them. One unit at a time, one transaction each, so a
province of 2,000 units takes about an hour on two cores (figures in README's benchmark list)."""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOTALS = {
    "units": 2000,
    "staff": 500_000,
    "responses": 10_000_000,
    "findings": 2_000_000,
    "evidence": 5_000_000,
    "complaints": 200_000,
    "ledger": 1_000_000,
}
COMMISSION_CODE = "430000001"
COMMISSION_USERNAME = "shengweijianwei"
DEMO_HOSPITAL = "431021101"  # 青溪县人民医院: the rows copied
MONTHS = 6


def ensure_commission():
    """The province health commission and its supervisor (idempotent); returns the user."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from chuangwen.core.management.commands.load_demo import DEMO_PASSWORD
    from chuangwen.core.roles import Role, Scope
    from chuangwen.org.models import Department, Membership, Person, Region, Unit, User

    user = User.objects.filter(username=COMMISSION_USERNAME).first()
    if user:
        return user
    province = Region.objects.get(code="430000")
    with transaction.atomic():
        unit = Unit.objects.create(
            name="湖南省卫生健康委员会", short_name="省卫健委", code=COMMISSION_CODE, kind=Unit.Kind.AUTHORITY,
            category=Unit.Category.BUREAU, region=province, address="长沙市开福区湘雅路30号",
        )  # fmt: skip
        depts = {
            name: Department.objects.create(unit=unit, name=name, kind=Department.Kind.ADMIN, sort_order=k * 10)
            for k, name in enumerate(["办公室", "医政医管处", "基层卫生健康处", "机关党委"], start=1)
        }
        user = User.objects.create(
            username=COMMISSION_USERNAME, password=make_password(DEMO_PASSWORD), display_name="周建华（省卫健委）",
            first_name="周建华",
        )  # fmt: skip
        Person.objects.create(
            unit=unit, department=depts["医政医管处"], employee_no="00001", name="周建华", gender="M",
            position="处长", political_status=Person.Political.CPC, user=user,
        )  # fmt: skip
        Membership.objects.create(user=user, role=Role.SUPERVISOR, scope=Scope.REGION, region=province, unit=unit)
    return user


class Plan:
    """How many of each a unit gets: the totals × scale, shared by the units' sizes."""

    def __init__(self, scale: float, specs: list[tuple]):
        from bench.province_names import SIZE

        weights = [SIZE[s[2]] for s in specs]
        total_w = sum(weights)
        self.per_unit = {}
        for key, total in TOTALS.items():
            if key == "units":
                continue
            n = round(total * scale)
            shares = [n * w / total_w for w in weights]
            self.per_unit[key] = _round_shares(shares, n)


def _round_shares(shares: list[float], n: int) -> list[int]:
    out = [math.floor(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: out[i] - shares[i])[: n - sum(out)]:
        out[i] += 1
    return out


def generate(scale: float = 1.0, seed: int = 2026, log=print) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from bench import province_names as names
    from bench.province_rows import Templates, unit_rows
    from chuangwen.org.models import Region, Unit

    if Unit.objects.filter(code__startswith="4301", region__level="county").exists():
        raise SystemExit("a province was generated already in this database")
    ensure_commission()
    rng = random.Random(f"province-{seed}")
    n_units = max(1, round(TOTALS["units"] * scale))
    n_counties = max(1, math.ceil(n_units / names.UNITS_PER_COUNTY))
    started = time.perf_counter()
    # regions: cities beside 江州市, counties under them (treebeard keeps the paths)
    province = Region.objects.get(code="430000")
    cities = []
    for prefix, name in names.CITIES[: max(1, min(len(names.CITIES), n_counties))]:
        city = Region.objects.filter(code=f"{prefix}00").first()
        data = {"name": name, "code": f"{prefix}00", "level": Region.Level.CITY}
        cities.append(city or Region.objects.add_child(province, data))
        province.refresh_from_db()
    counties = []
    for k, county_name in enumerate(names.county_names(n_counties)):
        city = cities[k % len(cities)]
        code = f"{city.code[:4]}{21 + k // len(cities):02d}"
        counties.append(Region.objects.add_child(city, {"name": county_name, "code": code, "level": "county"}))
        city.refresh_from_db()
    specs = []
    for i in range(n_units):
        county = counties[i // names.UNITS_PER_COUNTY]
        k = i % names.UNITS_PER_COUNTY
        specs.append((county, f"{county.code}{101 + k:03d}", *names.unit_spec(county.name, k)))
    plan = Plan(scale, [(None, None, s[4]) for s in specs])
    log(f"  {len(cities)} cities, {n_counties} counties, {n_units} units ({time.perf_counter() - started:.1f} s)")

    templates = Templates.load(DEMO_HOSPITAL)
    now = timezone.now()
    counts: dict[str, int] = defaultdict(int)
    for i, (county, code, name, short, category, grade) in enumerate(specs):
        quota = {key: shares[i] for key, shares in plan.per_unit.items()}
        with transaction.atomic():
            written = unit_rows(
                templates, rng, now, county=county, code=code, name=name, short_name=short,
                category=category, grade=grade, quota=quota, months=MONTHS,
            )  # fmt: skip
        for key, n in written.items():
            counts[key] += n
        if log and (i + 1) % max(1, n_units // 40) == 0 or i + 1 == n_units:
            elapsed = time.perf_counter() - started
            log(f"  {i + 1}/{n_units} units, {elapsed:.0f} s, ~{elapsed / (i + 1) * (n_units - i - 1):.0f} s left")
    templates.finish()
    counts["seconds"] = round(time.perf_counter() - started, 1)
    nightly(log)
    return dict(counts)


def generated_units():
    from chuangwen.org.models import Unit

    return Unit.objects.filter(region__code__in=_county_codes()).order_by("id")


def _county_codes():
    from bench.province_names import CITIES
    from chuangwen.org.models import Region

    prefixes = [p for p, _n in CITIES]
    return [c for c in Region.objects.filter(level="county").values_list("code", flat=True) if c[:4] in prefixes]


def nightly(log=print) -> None:
    """What the nightly jobs would have done for the generated units: their department scoring
    scheme (the demo hospital's), this and last month's department scores, and the ranking
    snapshots of every hospital (the bureau's ranking page reads them)."""
    from django.db import connection
    from django.utils import timezone

    from bench.province_copy import reset_sequences
    from bench.province_rows import generated_models
    from chuangwen.core.months import month_start
    from chuangwen.ranking.services import snapshots_refresh
    from chuangwen.scoring.department_scores import scores_recompute
    from chuangwen.scoring.models import Scheme

    started = time.perf_counter()
    reset_sequences(generated_models())  # again, for a run stopped before its end
    if connection.vendor == "postgresql":  # fresh planner statistics for every table, the small ones too
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    demo_scheme = Scheme.objects.filter(unit__code=DEMO_HOSPITAL).first()
    units = list(generated_units().filter(scoring_scheme__isnull=True))
    if demo_scheme:
        fields = {f.attname: getattr(demo_scheme, f.attname) for f in Scheme._meta.concrete_fields}
        fields.pop("id")
        fields["updated_by_id"] = None
        Scheme.objects.bulk_create([Scheme(**{**fields, "unit_id": u.pk}) for u in units], batch_size=1000)
    this_month = month_start(timezone.localdate())
    last_month = month_start(this_month - timedelta(days=1))
    for k, unit in enumerate(generated_units()):
        for month in (last_month, this_month):
            scores_recompute(unit=unit, month=month)
        if (k + 1) % 100 == 0:
            log(f"  department scores: {k + 1} units, {time.perf_counter() - started:.0f} s")
    n = snapshots_refresh()
    log(f"  nightly jobs: schemes, department scores, {n} ranking snapshots ({time.perf_counter() - started:.0f} s)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--nightly-only", action="store_true", help="only rerun the nightly jobs' step")
    args = parser.parse_args(argv)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
    import django

    django.setup()
    from chuangwen.core.management.commands.load_demo import is_loaded

    if not is_loaded():
        raise SystemExit("load the demo first: manage.py load_demo")
    if args.nightly_only:
        nightly(log=lambda s: print(s, flush=True))
        return 0
    counts = generate(args.scale, args.seed, log=lambda s: print(s, flush=True))
    print({k: v for k, v in counts.items()}, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
