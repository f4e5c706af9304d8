"""The ethics demo step: last year's evaluations final, this year's at department grading (人民医院)
and in 公示 (中医院), vetoes marking people, office entries in the ledger."""

import io
import random

import pytest
from django.utils import timezone

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.ethics import demo as ethics_demo
from chuangwen.ethics.eligibility import marks_for
from chuangwen.ethics.models import Evaluation, EvaluationRow, RuleSet, VetoRecord
from chuangwen.org import demo as org_demo
from chuangwen.scoring.models import LedgerEntry, Source

pytestmark = pytest.mark.django_db


def test_demo_builds_a_realistic_year():
    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    org_demo.load(ctx)
    ethics_demo.load(ctx)
    year = timezone.localdate().year
    rmyy, zyy = ctx.units["rmyy"], ctx.units["zyy"]
    statuses = dict(Evaluation.objects.filter(year=year).values_list("unit_id", "status"))
    assert statuses == {rmyy.pk: "open", zyy.pk: "publicity"}
    assert set(Evaluation.objects.filter(year=year - 1).values_list("status", flat=True)) == {"final"}
    assert RuleSet.objects.filter(unit=rmyy, year=year).count() == 2
    nurse = EvaluationRow.objects.get(evaluation__unit=rmyy, evaluation__year=year, person__user=ctx.users["zhigong"])
    assert nurse.self_at is None and nurse.department_score is None  # hers and her head's to do
    last = EvaluationRow.objects.filter(evaluation__unit=rmyy, evaluation__year=year - 1)
    assert last.filter(grade="").count() == 0 and last.filter(grade="excellent").count() <= last.count() * 15 // 100
    vetoed = VetoRecord.objects.get(unit=rmyy)
    assert marks_for([vetoed.person_id], year)[vetoed.person_id][0].kind == "veto"
    assert LedgerEntry.objects.filter(source=Source.ETHICS, points__gt=0).count() >= 4
    assert "医德考评" in ctx.stdout.getvalue()
