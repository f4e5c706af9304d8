"""Issue 13, acceptance 8, as one journey: the inspector scores the round's checklist on a phone
and records a problem on a "发现一处扣1分" item; the office sees the item score with its reason and
the department's monthly score go down; the department head appeals the deduction on a phone;
the office reverses it, and both scores come back (by a counter-entry: nothing is deleted)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.inspections.models import InspectionRound
from chuangwen.inspections.services.findings import finding_record
from chuangwen.inspections.services.rounds import round_create
from chuangwen.scoring.models import ItemScore, LedgerEntry
from chuangwen.scoring.services import departments as department_services
from chuangwen.standards.scoring_rules import parse_scoring_text
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def _fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"


def test_checklist_to_department_score_to_appeal(page, mobile_page, live_server, e2e_world):
    w, base = e2e_world, live_server.url
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=2)
    graded, smoking = list(std.items.order_by("order"))
    for item, text in ((graded, "等级:A=1,B=0.8,C=0.6"), (smoking, "发现一处扣1分")):
        item.scoring = parse_scoring_text(text)
        item.save()
    camp = f.campaign(w.a, std)
    department_services.scheme_default(unit=w.a, user=w.office)
    today = timezone.localdate()
    month = f"{today:%Y-%m}"
    rnd = round_create(
        user=w.office, owner_unit=w.a, kind=InspectionRound.Kind.UNANNOUNCED, title="门诊暗访",
        starts_on=today, ends_on=today + timedelta(days=2), target_units=[w.a], inspectors=[w.inspector],
        items=[graded, smoking],
    )  # fmt: skip

    # The inspector, on a phone: grades the checklist, then records the problem on the ward.
    _as(mobile_page, base, w.inspector)
    mobile_page.goto(f"{base}/inspections/rounds/{rnd.pk}/")
    mobile_page.get_by_test_id("round-score-links").get_by_role("link").click()
    cards = mobile_page.get_by_test_id("round-score-item")
    expect(cards).to_have_count(2)
    cards.nth(0).get_by_text("B", exact=True).click()
    cards.nth(0).get_by_placeholder("原因").fill("导诊台有人值守，叫号屏偶有故障")
    mobile_page.get_by_test_id("save-scores").click()
    expect(mobile_page.locator(".alert-success")).to_contain_text("已保存 1 个项目的得分")
    _fits_a_phone(mobile_page)
    finding = finding_record(
        user=w.inspector, unit=w.a, round=rnd, department=w.a_med, item=smoking, description="门诊大厅有人吸烟"
    )
    entry = LedgerEntry.objects.get(source="finding", source_id=finding.pk)

    # The office: the item's score and why, and 内科's month one point down.
    _as(page, base, w.office)
    page.goto(f"{base}/scoring/items/campaigns/{camp.pk}/")
    rows = page.get_by_test_id("item-score-row")
    expect(rows.nth(0).get_by_test_id("self-score")).to_have_text("4")
    expect(rows.nth(1).get_by_test_id("self-score")).to_have_text("4")
    rows.nth(1).get_by_text("得分说明").click()
    expect(rows.nth(1).get_by_test_id("score-line").nth(1)).to_contain_text("门诊大厅有人吸烟")
    page.goto(f"{base}/scoring/departments/?month={month}")
    ranking = page.get_by_test_id("ranking-table")
    expect(ranking).to_contain_text("99.00")

    # The head of 内科, on a phone: appeals the deduction.
    _as(mobile_page, base, w.head)
    mobile_page.goto(f"{base}/scoring/departments/ledger/{entry.pk}/")
    panel = mobile_page.get_by_test_id("appeal-panel")
    panel.locator("textarea").fill("吸烟者为外来陪护人员，科室已劝离并张贴禁烟标识。")
    panel.get_by_role("button", name="提交申诉").click()
    expect(mobile_page.get_by_test_id("appeal-status")).to_have_text("待处理")
    _fits_a_phone(mobile_page)

    # The office decides: reversed; both scores come back, the deduction stays in the ledger.
    page.goto(f"{base}/scoring/departments/appeals/")
    page.get_by_test_id("appeal-table").get_by_role("link").first.click()
    decision = page.get_by_test_id("decision-panel")
    decision.locator("select").select_option("1")
    decision.locator("textarea").fill("经核实为外来人员，撤销扣分。")
    decision.get_by_role("button", name="提交处理意见").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("撤销扣分")
    page.goto(f"{base}/scoring/departments/?month={month}")
    expect(page.get_by_test_id("ranking-table")).not_to_contain_text("99.00")
    assert ItemScore.objects.get(campaign=camp, item=smoking, view="self").score == Decimal("5")
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert LedgerEntry.objects.filter(reverses=entry, source="appeal").count() == 1
