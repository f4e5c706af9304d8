"""The demo step: default surveys, six months of answers, aggregates equal to the raw data, and
the alert of 县人民医院 急诊科."""

import io
import random

import pytest

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
from chuangwen.surveys import demo, services
from chuangwen.surveys.models import DepartmentMonth, Response, SatisfactionAlert, SurveyTemplate

pytestmark = pytest.mark.django_db


def test_demo_loads_surveys_responses_and_an_alert():
    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    org_demo.load(ctx)
    demo.load(ctx)
    rmyy = ctx.units["rmyy"]
    assert set(SurveyTemplate.objects.filter(unit=rmyy).values_list("name", flat=True)) == {
        "门诊患者满意度调查",
        "住院患者出院满意度调查",
    }
    assert Response.objects.count() > 3000
    assert Response.objects.filter(channel="paper").exists() and Response.objects.exclude(suggestion="").exists()
    before = sorted(DepartmentMonth.objects.values_list("department_id", "month", "responses", "index_sum"))
    for t in SurveyTemplate.objects.all():
        services.aggregates_rebuild(template=t)
    assert sorted(DepartmentMonth.objects.values_list("department_id", "month", "responses", "index_sum")) == before
    alerts = list(SatisfactionAlert.objects.select_related("department"))
    assert [(a.unit_id, a.department.name) for a in alerts] == [(rmyy.pk, "急诊科")]
    assert "满意度调查" in ctx.stdout.getvalue()
