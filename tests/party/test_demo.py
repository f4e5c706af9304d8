"""The party demo step: four branches of 青溪县人民医院 (the demo secretary's 机关党支部 without
October's 支委会), a year of records, three applicants (one with a rule warning), the targets."""

import datetime
import io
import random

import pytest
from django.utils import timezone

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.org import demo as org_demo
from chuangwen.party import calendar
from chuangwen.party import demo as party_demo
from chuangwen.party.models import Applicant, Branch, DevelopmentTarget, Meeting

pytestmark = pytest.mark.django_db


def test_demo_builds_the_party_committee():
    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    org_demo.load(ctx)
    party_demo.load(ctx)
    rmyy = ctx.units["rmyy"]
    branches = list(Branch.objects.filter(unit=rmyy))
    assert len(branches) == 4
    jg = Branch.objects.get(unit=rmyy, name="机关党支部")
    assert jg.secretary.user == ctx.users["shuji"]
    assert Meeting.objects.filter(unit=rmyy).count() > 100
    assert Meeting.objects.exclude(late_warning="").exists()
    today = timezone.localdate()
    if today >= datetime.date(today.year, 11, 1):
        rows = calendar.branch_calendar(jg, year=today.year, today=today)
        committee = next(r for r in rows if r["type"].code == "committee")
        assert committee["cells"][9].status == calendar.LATE
    applicants = list(Applicant.objects.filter(unit=rmyy))
    assert len(applicants) == 3 and len({a.stage for a in applicants}) == 3
    assert any(
        w["rule"].startswith("入党积极分子经过一年以上") for a in applicants for r in a.steps.all() for w in r.warnings
    )
    assert DevelopmentTarget.objects.filter(branch__unit=rmyy, year=today.year).count() == 4
