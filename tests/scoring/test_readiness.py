"""Readiness: the unit's score and projected score per aspect against the pass line the bureau
set for its target title, and unit vetoes (一票否决) shown with their record."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from chuangwen.evidence.models import ItemCompliance
from chuangwen.scoring.items import item_scores_refresh
from chuangwen.scoring.readiness import readiness
from tests import factories as f

from .conftest import set_rule

pytestmark = pytest.mark.django_db
MAY_1 = datetime.date(2026, 5, 1)


def test_score_and_projection_against_the_county_bureaus_pass_line(sc):
    w = sc.w
    city_bureau = f.unit(w.city, "江州市卫健委", kind="authority", category="bureau")
    f.pass_line(city_bureau, level="city", min_percent=Decimal("95"))
    f.pass_line(w.bureau, level="city", min_percent=Decimal("60"), min_aspect_percent=Decimal("50"))
    set_rule(sc.items[0], "每月0.5分")  # Feb–Nov: 10 months, 5 points
    for item in sc.items[1:]:
        ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=item, status="met")
    item_scores_refresh(campaign=sc.camp, today=MAY_1)
    r = readiness(sc.camp, today=MAY_1)
    assert r.pass_line.owner_unit == w.bureau  # the nearest authority's line wins
    assert (r.points, r.score) == (Decimal("30"), Decimal("25"))  # Feb–Apr lost 1.5 of the monthly item's 5
    assert r.projected == Decimal("28.5")  # May–Nov still to come: 7 months × 0.5
    assert (r.percent, r.projected_percent) == (Decimal("83.3"), Decimal("95.0"))
    assert r.meets and r.projected_meets and r.eligible
    assert [a.code for a in r.aspects] == ["1"] and not r.aspects[0].below


def test_a_veto_makes_the_unit_ineligible_and_names_the_record(sc, login):
    w = sc.w
    f.pass_line(w.bureau, level="city", min_percent=Decimal("10"))
    for item in sc.items:
        ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=item, status="met")
    item_scores_refresh(campaign=sc.camp)
    veto = f.unit_veto(w.a, condition="重大安全责任事故", occurred_on=datetime.date(2025, 8, 1), years=2,
                       record_label="青卫通〔2025〕31号", reason="住院部火灾致1人死亡")  # fmt: skip
    f.unit_veto(w.a, condition="已过期", occurred_on=datetime.date(2020, 1, 1), years=2)
    r = readiness(sc.camp, today=datetime.date(2026, 6, 1))
    assert r.vetoes == [veto] and not r.eligible and r.meets is False
    html = login(w.office).get(reverse("scoring_items:campaign_item_scores", args=[sc.camp.pk])).content.decode()
    assert 'data-testid="veto"' in html and "青卫通〔2025〕31号" in html and "2027-08-01" in html
    veto.archive(by=w.supervisor)  # lifted: recorded in error
    assert readiness(sc.camp, today=datetime.date(2026, 6, 1)).eligible


def test_an_aspect_below_its_line_fails_the_pass_line(sc):
    w = sc.w
    f.pass_line(w.bureau, level="city", min_percent=Decimal("10"), min_aspect_percent=Decimal("50"))
    ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=sc.items[0], status="met")
    item_scores_refresh(campaign=sc.camp)
    r = readiness(sc.camp)
    assert r.percent >= 10 and r.aspects[0].below and r.meets is False
