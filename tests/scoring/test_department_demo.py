"""The 量化考核 demo step: schemes, a year of department scores built from the demo's complaints,
tasks and the office's own entries, published but for this month, and two appeals of 内科 (one
reversed by a counter-entry)."""

import io
import random

import pytest
from django.utils import timezone

from chuangwen.campaigns import demo as campaigns_demo
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.feedback import demo as feedback_demo
from chuangwen.org import demo as org_demo
from chuangwen.scoring.demo import departments as department_demo
from chuangwen.scoring.department_scores import scores_recompute
from chuangwen.scoring.models import Appeal, DepartmentScore, LedgerEntry, Scheme, Source
from chuangwen.standards import demo as standards_demo

pytestmark = pytest.mark.django_db


def test_demo_builds_a_year_of_department_scores():
    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    for step in (org_demo, standards_demo, campaigns_demo, feedback_demo, department_demo):
        step.load(ctx)
    rmyy = ctx.units["rmyy"]
    assert Scheme.objects.count() == 3
    sources = set(LedgerEntry.objects.filter(unit=rmyy).values_list("source", flat=True))
    assert {Source.COMPLAINT, Source.MANUAL, Source.HONOUR, Source.APPEAL} <= sources
    months = sorted(set(DepartmentScore.objects.filter(unit=rmyy).values_list("month", flat=True)))
    this_month = timezone.localdate().replace(day=1)
    assert months[-1] == this_month and len(months) == this_month.month
    published = DepartmentScore.objects.filter(unit=rmyy, published_at__isnull=False)
    assert set(published.values_list("month", flat=True)) == set(months[:-1])
    assert set(Appeal.objects.values_list("status", flat=True)) == {"reversed", "filed"}
    # Stored scores are what the ledger says now.
    for month in months:
        stored = dict(DepartmentScore.objects.filter(unit=rmyy, month=month).values_list("department_id", "score"))
        assert {s.department_id: s.score for s in scores_recompute(unit=rmyy, month=month)} == stored
    assert "量化考核" in ctx.stdout.getvalue()
