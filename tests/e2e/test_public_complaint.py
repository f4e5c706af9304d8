"""A patient sends a complaint from a phone (390 px wide) without an account, and gets a
reference number; the page fits the screen and its controls are big enough to tap."""

import pytest

from chuangwen.core.publicforms import COMPLAINT
from chuangwen.feedback.models import Complaint

pytestmark = pytest.mark.browser


def test_public_complaint_on_a_phone(mobile_page, live_server, e2e_world):
    w = e2e_world
    token = COMPLAINT.link(unit_id=w.a.pk, department_id=w.a_med.pk)
    page = mobile_page
    page.goto(f"{live_server.url}/f/{token}/")
    assert "内科" in page.inner_text("header")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
    page.locator("label[for=id_kind_1]").click()  # 建议 (suggestion): a big toggle button
    page.locator("select[name=category]").select_option("process")
    page.locator("textarea[name=content]").fill("门诊等候时间长，希望增加周末门诊。")
    page.locator("input[name=contact_phone]").fill("13900002222")
    page.locator("input[name=consent]").check()
    send = page.locator("button[type=submit]")
    box = send.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    send.click()
    page.get_by_test_id("public-thanks").wait_for()
    complaint = Complaint.objects.get()
    assert page.get_by_test_id("reference").inner_text() == complaint.reference
    assert complaint.kind == "suggestion" and complaint.department == w.a_med and complaint.contact_consent
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_altered_link_on_a_phone(mobile_page, live_server, e2e_world):
    token = COMPLAINT.link(unit_id=e2e_world.a.pk)
    resp = mobile_page.goto(f"{live_server.url}/f/{token}x/")
    assert resp.status == 404
    assert mobile_page.get_by_test_id("public-problem").is_visible()
