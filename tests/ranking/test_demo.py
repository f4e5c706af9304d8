"""Acceptance 2 of issue 17: for the demo, every figure of the bureau's ranking equals what the
unit's own pages show (the progress page, its rectification panel, the satisfaction page, the
complaint list's overdue filter, the ethics marks, the volunteer page), and the trends hold a
year of months."""

import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.core.management.commands import load_demo
from chuangwen.core.roles import Role
from chuangwen.dashboard import progress
from chuangwen.ethics.eligibility import VETO, marks_for
from chuangwen.feedback.selectors import complaints_for, overdue_q
from chuangwen.inspections import stats
from chuangwen.org.models import Person, Unit
from chuangwen.ranking import selectors
from chuangwen.ranking.models import RankingBulletin, UnitSnapshot
from chuangwen.surveys import selectors as surveys
from chuangwen.volunteer import selectors as volunteer
from tests import factories as f

pytestmark = pytest.mark.django_db

STEPS = load_demo.DEMO_STEPS[: load_demo.DEMO_STEPS.index("chuangwen.ranking.demo") + 1]


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def test_the_demo_ranking_equals_every_units_own_pages():
    ctx = load_demo.DemoContext(rng=load_demo.random.Random(load_demo.SEED), stdout=io.StringIO())
    for name in STEPS:
        __import__(name, fromlist=["load"]).load(ctx)
    # The demo's bureau account signs in with an authenticator; a colleague with the same
    # membership (the county, the bureau) reads the pages here.
    bureau = f.user("bureau_colleague")
    f.member(bureau, Role.SUPERVISOR, region=ctx.regions["qingxi"], unit=ctx.units["bureau"])
    client = Client()
    client.force_login(bureau)
    today = progress.local_today()
    month = today.replace(day=1)
    rows = list(selectors.ranking_rows(bureau, month=month))
    hospitals = Unit.objects.filter(kind=Unit.Kind.HOSPITAL, is_active=True)
    assert {r.unit_id for r in rows} == set(hospitals.values_list("pk", flat=True)) and len(rows) == 3
    for s in rows:
        unit = s.unit
        campaign = progress.active_campaign(unit, bureau)
        assert campaign is not None and s.campaign_id == campaign.pk
        page = client.get(reverse("dashboard:campaign_progress", args=[campaign.pk])).content.decode()
        shown = re.search(r'data-testid="overall-percent">([\d.]+)%', page).group(1)
        assert s.score_percent == Decimal(shown), unit.name
        overdue = re.search(r'data-testid="tasks-overdue">.*?：(\d+)', page, re.S).group(1)
        assert s.tasks_overdue == int(overdue), unit.name
        p = progress.campaign_progress(campaign, today=today, user=bureau)
        assert s.pass_percent == _dec(p.readiness.pass_percent) and s.title_vetoes == len(p.readiness.vetoes)
        assert s.projected_percent == _dec(p.readiness.projected_percent)
        period = stats.Period(campaign.starts_on, min(campaign.ends_on, today))
        panel = stats.panel_context(user=bureau, unit=unit, period=period, today=today)["totals"]
        assert (s.findings_total, s.findings_open, s.findings_overdue) == (panel.total, panel.open, panel.overdue)
        assert s.rectification_rate == _dec(panel.closure_rate), unit.name
        index = surveys.dashboard(user=bureau, unit=unit, month=month).total["index"]
        assert s.satisfaction_index == _dec(index), unit.name
        assert s.complaints_overdue == complaints_for(bureau).filter(unit=unit).filter(overdue_q(today)).count()
        people = Person.objects.filter(unit=unit).values_list("pk", flat=True)
        vetoed = [p for p, marks in marks_for(people, today.year).items() if any(m.kind == VETO for m in marks)]
        assert s.ethics_vetoes == len(vetoed)
        staff = Person.objects.visible_to(bureau).filter(unit=unit, is_active=True)
        totals = volunteer.person_totals(staff, unit_id=unit.pk, year=today.year, today=today)
        assert s.volunteer_hours == _dec(volunteer.unit_summary(totals, unit_id=unit.pk, year=today.year).average)
    # the demo's figures are not all zero, and the trends hold twelve months for every unit
    assert any(s.findings_open for s in rows) and any(s.volunteer_hours for s in rows)
    assert any(s.satisfaction_index is not None for s in rows)
    _months, series = selectors.trends([s.unit_id for s in rows], month=month)
    for s in rows:
        assert all(v is not None for v in series[s.unit_id]["score_percent"])
    assert UnitSnapshot.objects.values("month").distinct().count() == 12
    assert RankingBulletin.objects.filter(bureau=ctx.units["bureau"]).count() == 1
    page = client.get(reverse("ranking:ranking"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="ranking-row"') == 3
