"""``manage.py load_demo``: a realistic demo (a county, its health bureau, three hospitals,
their departments and staff, one login per role), used by ``make demo``.

The demo is built by a list of step modules (``DEMO_STEPS``), run in order in one transaction.
Each exposes ``load(ctx)`` and may expose ``accounts()`` (rows for the printed table); the first
one also exposes ``is_loaded()``. An app adds its own demo data (campaigns, tasks, findings...)
by appending its module here and reading what earlier steps left in ``ctx``."""

from __future__ import annotations

import importlib
import os
import random
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.evidence.demo",
    "chuangwen.inspections.demo",
    "chuangwen.feedback.demo",
    "chuangwen.surveys.demo",
    "chuangwen.scoring.demo",
    "chuangwen.activities.demo",
    "chuangwen.volunteer.demo",
    "chuangwen.party.demo",
    "chuangwen.ethics.demo",
    "chuangwen.honours.demo",
    "chuangwen.reports.demo",
    "chuangwen.ranking.demo",
    "chuangwen.screens.demo",
    "chuangwen.robots.demo",
    "chuangwen.dashboard.demo",
    "chuangwen.audit.demo",
]

DEMO_PASSWORD = "Chuangwen@2026"


# Where `make demo` serves it (its HOST and PORT, passed on by the Makefile).
def demo_url() -> str:
    return f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}/"


SEED = 2026


@dataclass
class DemoContext:
    """What the steps share. Keys are documented in each step module."""

    rng: random.Random
    password: str = DEMO_PASSWORD
    stdout: Any = None
    regions: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)  # (unit key, department name) -> Department
    people: dict = field(default_factory=dict)  # unit key -> [Person]
    users: dict = field(default_factory=dict)  # username -> User
    extra: dict = field(default_factory=dict)  # anything else a later step needs


def steps():
    return [importlib.import_module(name) for name in DEMO_STEPS]


def is_loaded() -> bool:
    return steps()[0].is_loaded()


def load(stdout=None) -> DemoContext:
    """Run every step in one transaction; returns the context."""
    validate_password(DEMO_PASSWORD)
    ctx = DemoContext(rng=random.Random(SEED), stdout=stdout)
    with transaction.atomic():
        for step in steps():
            step.load(ctx)
    return ctx


def account_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for step in steps():
        if hasattr(step, "accounts"):
            rows += [(username, DEMO_PASSWORD, role, where) for username, role, where in step.accounts()]
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    out.insert(1, line)
    return "\n".join(out)


class Command(BaseCommand):
    help = "Load the demo data (a county with its health bureau, three hospitals and one login per role)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Empty the database first, then load the demo.")

    def handle(self, *args, reset=False, **options):
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write("数据库已清空。")
        if is_loaded():
            self.stdout.write(
                self.style.WARNING("demo already loaded（演示数据已存在，未写入任何数据；用 --reset 重新加载）")
            )
        else:
            t0 = time.perf_counter()
            load(self.stdout)
            self.stdout.write(self.style.SUCCESS(f"演示数据已加载（{time.perf_counter() - t0:.1f} 秒）。"))
        self.stdout.write("")
        self.stdout.write(f"访问地址：{demo_url()}")
        self.stdout.write("")
        self.stdout.write(format_table(("用户名", "密码", "角色", "范围"), account_rows()))
        self.stdout.write("")
        for step in steps():
            for line in step.notes() if hasattr(step, "notes") else []:
                self.stdout.write(line)
