"""创建达标: pass lines as data (the nearest region's line applies), title vetoes that make a
unit ineligible for their years (withdrawn ones kept but not counted), and the page where a
bureau sets lines and a bureau or the office records and withdraws vetoes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from chuangwen.scoring.models import PassLine, UnitVeto, VetoCondition
from chuangwen.scoring.readiness import active_vetoes, pass_line_for, pass_line_set, readiness, veto_withdraw
from tests import factories as f

pytestmark = pytest.mark.django_db
PAGE = reverse("readiness:page")


def test_the_default_conditions_are_seeded():
    assert VetoCondition.objects.filter(code="staff_criminal_case", years=2).exists()
    assert VetoCondition.objects.count() == 4


def test_the_nearest_regions_line_applies_else_the_default(world):
    assert pass_line_for(world.a, "county") is None
    PassLine.objects.create(region=None, level="county", percent=80)
    assert pass_line_for(world.a, "county").percent == 80
    PassLine.objects.create(region=world.city, level="county", percent=85)
    assert pass_line_for(world.a, "county").percent == 85
    PassLine.objects.create(region=world.county_x, level="county", percent=88)
    assert pass_line_for(world.a, "county").percent == 88
    assert pass_line_for(world.c, "county").percent == 85  # county Y has none of its own
    assert pass_line_for(world.a, "city") is None


def test_a_veto_runs_for_its_years_and_a_withdrawn_one_does_not_count(world):
    condition = VetoCondition.objects.get(code="safety_accident")
    veto = f.unit_veto(world.a, condition=condition, occurred_on=date(2025, 6, 30))
    assert active_vetoes(world.a, date(2026, 12, 1)) == [veto]
    assert active_vetoes(world.a, date(2027, 6, 30)) == [veto]
    assert active_vetoes(world.a, date(2027, 7, 1)) == []
    assert active_vetoes(world.a, date(2025, 6, 29)) == []
    assert active_vetoes(world.b, date(2026, 12, 1)) == []
    state = readiness(world.a, "county", 91.0, 93.0, date(2026, 12, 1))
    assert not state.eligible and state.vetoes == [veto]
    veto_withdraw(user=world.office, veto=veto, reason="经核实非本院职工")
    assert active_vetoes(world.a, date(2026, 12, 1)) == []
    assert UnitVeto.objects.filter(pk=veto.pk, withdrawn_reason="经核实非本院职工").exists()  # kept


def test_readiness_compares_the_score_with_the_line(world):
    PassLine.objects.create(region=world.county_x, level="county", percent=85)
    state = readiness(world.a, "county", 80.4, 86.0, date(2026, 12, 1))
    assert (state.eligible, state.reached, state.gap, state.projected_reaches) == (True, False, 4.6, True)


def test_only_a_bureau_sets_its_regions_lines(world):
    line = pass_line_set(
        user=world.supervisor, region=world.county_x, level="city", percent="90", note="青卫〔2026〕8号"
    )
    assert (line.percent, line.set_by) == (90, world.supervisor)
    pass_line_set(user=world.supervisor, region=world.county_x, level="city", percent="92")
    assert PassLine.objects.get(region=world.county_x, level="city").history.count() == 2
    with pytest.raises(PermissionDenied):
        pass_line_set(user=world.office, region=world.county_x, level="city", percent="50")
    with pytest.raises(PermissionDenied):
        pass_line_set(user=world.supervisor, region=world.county_y, level="city", percent="50")


def test_the_bureau_records_a_veto_on_the_page_and_the_office_sees_it(world, login):
    client = login(world.supervisor)
    condition = VetoCondition.objects.get(code="staff_criminal_case")
    r = client.post(PAGE, {"form": "line", "level": "county", "percent": "85", "note": "县文明办通知"})
    assert r.status_code == 302 and PassLine.objects.get(region=world.county_x).percent == 85
    r = client.post(
        PAGE,
        {
            "form": "veto",
            "unit": world.a.pk,
            "condition": condition.pk,
            "occurred_on": "2026-05-10",
            "description": "一名职工因职务犯罪被判刑",
            "record": "青检〔2026〕12号",
        },
    )
    assert r.status_code == 302
    veto = UnitVeto.objects.get()
    assert (veto.unit, veto.recorded_by) == (world.a, world.supervisor)
    page = login(world.office).get(PAGE).content.decode()
    assert "一名职工因职务犯罪被判刑" in page and "2028-05-10" in page and "85%" in page


def test_a_veto_on_another_hospital_cannot_be_recorded_seen_or_withdrawn(world, login):
    client = login(world.office)
    condition = VetoCondition.objects.first()
    r = client.post(
        PAGE,
        {
            "form": "veto",
            "unit": world.b.pk,
            "condition": condition.pk,
            "occurred_on": "2026-05-10",
            "description": "x",
        },
    )
    assert r.status_code == 200 and "不存在或无权访问" in r.content.decode()
    assert not UnitVeto.objects.exists()
    other = f.unit_veto(world.b, condition=condition, description="B院事故")
    assert "B院事故" not in client.get(PAGE).content.decode()
    assert client.post(reverse("readiness:veto_withdraw", args=[other.pk]), {"reason": "x"}).status_code == 404
    assert UnitVeto.objects.get(pk=other.pk).withdrawn_at is None


def test_a_future_date_is_refused_with_the_field_named(world, login):
    client = login(world.office)
    r = client.post(
        PAGE,
        {
            "form": "veto",
            "unit": world.a.pk,
            "condition": VetoCondition.objects.first().pk,
            "occurred_on": "2099-01-01",
            "description": "x",
        },
    )
    assert r.status_code == 200 and "日期不能晚于今天" in r.content.decode()
    assert not UnitVeto.objects.exists()


@pytest.mark.parametrize("who", ["head", "staff", "inspector", "nobody"])
def test_other_roles_find_no_page(world, login, who):
    assert login(getattr(world, who)).get(PAGE).status_code == 404


def test_demo_sets_the_bureaus_lines_and_one_veto():
    import io
    import random

    from chuangwen.core.management.commands.load_demo import DemoContext
    from chuangwen.org import demo as org_demo
    from chuangwen.scoring.demo import readiness as readiness_demo

    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    org_demo.load(ctx)
    readiness_demo.load(ctx)
    assert pass_line_for(ctx.units["rmyy"], "city").percent == 85
    assert active_vetoes(ctx.units["wsy"], date(2026, 12, 1))[0].condition.code == "safety_accident"
    assert active_vetoes(ctx.units["rmyy"], date(2026, 12, 1)) == []
    assert "一票否决 1 件" in ctx.stdout.getvalue()
