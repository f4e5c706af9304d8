"""Item scores on a phone (390 px): the inspector opens the round, scores its checklist (a grade
for a graded item, a score with a reason for a document item), records a problem on a
"发现一处扣1分" item; the office then sees each item's score and why, in the item scores page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.inspections.models import InspectionRound
from chuangwen.inspections.services.findings import finding_record
from chuangwen.inspections.services.rounds import round_create
from chuangwen.scoring.models import ItemScore
from chuangwen.standards.scoring_rules import parse_scoring_text
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def test_the_inspector_scores_the_checklist_on_a_phone_and_the_office_sees_why(mobile_page, live_server, e2e_world):
    w, page, base = e2e_world, mobile_page, live_server.url
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=3)
    graded, document, smoking = list(std.items.order_by("order"))
    for item, text in ((graded, "等级:A=1,B=0.8,C=0.6"), (smoking, "发现一处扣1分")):
        item.scoring = parse_scoring_text(text)
        item.save()
    camp = f.campaign(w.a, std)
    today = timezone.localdate()
    rnd = round_create(
        user=w.office, owner_unit=w.a, kind=InspectionRound.Kind.UNANNOUNCED, title="门诊暗访",
        starts_on=today, ends_on=today + timedelta(days=2), target_units=[w.a], inspectors=[w.inspector],
        items=[graded, document, smoking],
    )  # fmt: skip

    _as(page, base, w.inspector)
    page.goto(f"{base}/inspections/rounds/{rnd.pk}/")
    page.get_by_test_id("round-score-links").get_by_role("link").click()
    cards = page.get_by_test_id("round-score-item")
    expect(cards).to_have_count(3)
    cards.nth(0).get_by_text("B", exact=True).click()
    cards.nth(0).get_by_placeholder("原因").fill("导诊台有人值守，叫号屏偶有故障")
    cards.nth(1).get_by_placeholder("得分").fill("4")
    cards.nth(1).get_by_placeholder("原因").fill("签到表缺两次")
    expect(cards.nth(2)).to_contain_text("按计分规则计分")
    page.get_by_test_id("save-scores").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存 2 个项目的得分")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finding_record(
        user=w.inspector, unit=w.a, round=rnd, department=w.a_med, item=smoking, description="门诊大厅有人吸烟"
    )

    _as(page, base, w.office)
    page.goto(f"{base}/scoring/items/campaigns/{camp.pk}/")
    rows = page.get_by_test_id("item-score-row")
    expect(rows).to_have_count(3)
    expect(rows.nth(0).get_by_test_id("self-score")).to_have_text("4")
    expect(rows.nth(1).get_by_test_id("self-score")).to_have_text("4")
    expect(rows.nth(2).get_by_test_id("self-score")).to_have_text("4")
    rows.nth(2).get_by_text("得分说明").click()
    expect(rows.nth(2).get_by_test_id("score-line").nth(1)).to_contain_text("−1分")
    expect(rows.nth(2).get_by_test_id("score-line").nth(1)).to_contain_text("暗访发现门诊大厅有人吸烟")
    assert ItemScore.objects.get(campaign=camp, item=document, view="self").score == Decimal("4")
