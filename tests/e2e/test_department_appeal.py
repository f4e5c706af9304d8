"""量化考核 journey: the office's deduction lowers a department's monthly score; the department
head appeals it on a phone with a photo; the office reverses it and the score is back."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.scoring.department_scores import scores_recompute
from chuangwen.scoring.services import departments as department_services
from tests.api.fuzz_world import photo
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_a_head_appeals_on_a_phone_and_the_office_reverses(page, mobile_page, live_server, e2e_world, tmp_path):
    w = e2e_world
    department_services.scheme_default(unit=w.a, user=w.office)
    entry = department_services.manual_entry_add(
        user=w.office, unit=w.a, department=w.a_med, points="-3", reason="院内夜查：值班人员脱岗",
        occurred_on=timezone.localdate(),
    )  # fmt: skip
    scores_recompute(unit=w.a, month=entry.period)
    month = f"{entry.period:%Y-%m}"

    log_in(page, live_server.url, w.office.username)
    page.goto(f"{live_server.url}/scoring/departments/?month={month}")
    expect(page.get_by_test_id("ranking-row").last).to_contain_text("97.00")

    picture = Path(tmp_path / "说明.jpg")
    picture.write_bytes(photo().read())
    log_in(mobile_page, live_server.url, w.head.username)
    mobile_page.goto(f"{live_server.url}/scoring/departments/ledger/{entry.pk}/")
    panel = mobile_page.get_by_test_id("appeal-panel")
    panel.locator("textarea").fill("当晚值班人员在急诊会诊，有会诊记录为证。")
    panel.locator("input[type=file]").set_input_files(str(picture))
    panel.get_by_role("button", name="提交申诉").click()
    expect(mobile_page.get_by_test_id("appeal-status")).to_have_text("待处理")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"

    page.goto(f"{live_server.url}/scoring/departments/appeals/")
    page.get_by_test_id("appeal-table").get_by_role("link").first.click()
    decision = page.get_by_test_id("decision-panel")
    decision.locator("select").select_option("1")
    decision.locator("textarea").fill("经核实有会诊记录，撤销扣分。")
    decision.get_by_role("button", name="提交处理意见").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("撤销扣分")
    page.goto(f"{live_server.url}/scoring/departments/?month={month}")
    expect(page.get_by_test_id("ranking-table")).not_to_contain_text("97.00")
