"""The volunteer demo step: the hospital's targets, stars, a year of events and hours (entered
and imported), a few people short of the monthly target, and the hours item checked."""

import io
import random

import pytest
from django.utils import timezone

from chuangwen.campaigns import demo as campaigns_demo
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
from chuangwen.org.models import Person
from chuangwen.standards import demo as standards_demo
from chuangwen.volunteer import demo, selectors
from chuangwen.volunteer.models import Event, ImportBatch, ServiceHours, StarLevel

pytestmark = pytest.mark.django_db


def test_demo_builds_a_year_of_volunteer_service():
    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    for step in (org_demo, standards_demo, campaigns_demo, demo):
        step.load(ctx)
    unit = ctx.units["rmyy"]
    year = timezone.localdate().year
    assert Event.objects.filter(unit=unit).count() >= timezone.localdate().month
    assert ImportBatch.objects.filter(unit=unit, status="committed").count() == 2
    assert ServiceHours.objects.filter(unit=unit, source="imported").exists()
    assert StarLevel.objects.filter(unit=unit).count() == 5
    totals = selectors.person_totals(Person.objects.filter(unit=unit, is_active=True), unit_id=unit.pk, year=year)
    short = [t for t in totals if t.short_months]
    assert 0 < len(short) < len(totals) / 5
    assert any(t.star for t in totals)
    summary = selectors.unit_summary(totals, unit_id=unit.pk, year=year)
    assert 0 < summary.share_short < 10
