"""The office's 工作方案 journey: write the plan's texts, generate it, download the Word file and
its PDF; then the 工作方案 and 文档模板 pages on a phone (no sideways scrolling)."""

import datetime

import pytest
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def _campaign(w):
    std = f.standard(w.a, aspects=2, indicators=1, items=2)
    camp = f.campaign(w.a, std, name="2026年创建市级文明单位", guiding_idea="坚持以人民健康为中心。")
    f.phase(camp, kind="mobilise", name="宣传发动")
    items = list(std.items.order_by("order"))
    f.task(camp, w.a_med, title="开展医德医风教育", code="T01", items=[items[0]], deadline=datetime.date(2026, 6, 30))
    f.task(camp, w.a_surg, title="组织志愿服务活动", code="T02", items=[items[2]], deadline=datetime.date(2026, 7, 31))
    f.campaign_member(camp, w.a_p1, group="leading", duty="组长")
    return camp


def test_the_office_writes_generates_and_downloads_the_plan(page, live_server, e2e_world):
    w = e2e_world
    camp = _campaign(w)
    log_in(page, live_server.url, w.office.username)
    page.goto(f"{live_server.url}/campaigns/plans/{camp.pk}/")
    page.get_by_test_id("plan-link").click()
    expect(page.locator("h1")).to_have_text("工作方案")
    page.get_by_label("工作目标").fill("力争2026年通过市级文明单位测评验收。")
    page.get_by_test_id("plan-generate").click()
    expect(page.get_by_text("工作方案已生成")).to_be_visible()
    documents = page.get_by_test_id("plan-documents")
    expect(documents).to_contain_text("青溪县人民医院2026年创建市级文明单位工作方案")
    with page.expect_download() as download:
        page.get_by_test_id("plan-docx").click()
    assert download.value.suggested_filename == "青溪县人民医院2026年创建市级文明单位工作方案.docx"
    # The PDF job ran on commit (tests run jobs at once): its button is there after a reload.
    page.reload()
    with page.expect_download(timeout=60_000) as pdf:
        page.get_by_test_id("plan-pdf").click()
    assert pdf.value.suggested_filename.endswith(".pdf")


def test_the_plan_and_templates_pages_fit_a_phone(mobile_page, live_server, e2e_world):
    w = e2e_world
    camp = _campaign(w)
    log_in(mobile_page, live_server.url, w.office.username)
    mobile_page.goto(f"{live_server.url}/reports/campaigns/{camp.pk}/plan/")
    expect(mobile_page.get_by_test_id("plan-form")).to_be_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
    mobile_page.goto(f"{live_server.url}/reports/templates/")
    expect(mobile_page.get_by_test_id("template-kinds")).to_contain_text("工作方案")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
    mobile_page.goto(f"{live_server.url}/reports/templates/plan/")
    expect(mobile_page.get_by_test_id("template-fields")).to_contain_text("annex_rows")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
