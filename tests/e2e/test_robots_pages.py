"""The group robot pages at desk width and on a 390 px phone: the office's robots with a failure
banner, the robot form, the messages with their errors, and a nurse's notification settings;
screenshotted, none scrolling sideways on the phone."""

import pytest
from playwright.sync_api import expect

from chuangwen.robots import services
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.robots import factories as rf

pytestmark = pytest.mark.browser


def _robots(w):
    unit_group = rf.robot(w.a, name="创文工作群", kinds=["task_assigned", "finding_ordered", "complaint_escalated"])
    med = rf.robot(w.a, department=w.a_med, name="内科工作群", kinds=["task_assigned", "finding_ordered"])
    ding = rf.robot(w.a, department=w.a_med, provider="dingtalk", name="内科钉钉群", secret="SECabc", is_active=True)
    for i, r in enumerate((unit_group, med, ding)):
        rf.delivery(r, status="sent", title=f"新任务 RW00{i + 1}：每月开展政治学习，形成学习记录并上传台账资料")
    rf.delivery(ding, status="failed", attempts=services.MAX_ATTEMPTS, last_error="errcode 310000: sign not match")
    rf.delivery(med, status="retrying", attempts=2, last_error='HTTP 502 {"errcode": -1, "errmsg": "system busy"}')
    return ding


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_robot_pages(browser, live_server, e2e_world, viewport):
    w = e2e_world
    ding = _robots(w)
    size = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}[viewport]
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=size, is_mobile=viewport == "phone"
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url, w.office.username)
        pages = {
            "list": "/robots/",
            "form": f"/robots/{ding.pk}/edit/",
            "new": "/robots/new/",
            "deliveries": "/robots/deliveries/",
            "settings": "/robots/settings/",
        }
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            if name == "list":
                expect(page.get_by_test_id("robot-failures")).to_contain_text("1 条消息未能送达")
            if name == "deliveries":
                assert "sign not match" in page.content()
            if name == "form":
                assert "SECabc" not in page.content()
            page.screenshot(path=str(ARTIFACTS / f"robots_{name}_{viewport}.png"), full_page=True)
            if viewport == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{path} scrolls sideways: {width}px"
    finally:
        context.close()
