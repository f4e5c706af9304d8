"""The campaign office reads its audit log: having opened a complaint (its contact in clear), it
finds the menu entry 审计日志, sees that it looked, filters to contact views and exports the list."""

import time

import pytest
from playwright.sync_api import expect

from chuangwen.audit.models import AuditEvent
from chuangwen.feedback import services

pytestmark = pytest.mark.browser


def _wait_for_event(**filters):
    """Events are written once the server has closed the response: wait for that, not a time."""
    for _ in range(100):
        if AuditEvent.objects.filter(**filters).exists():
            return
        time.sleep(0.05)
    raise AssertionError(f"no audit event {filters}")


def test_the_office_sees_who_viewed_a_contact(page, live_server, e2e_world, login_as):
    w = e2e_world
    complaint = services.complaint_create(
        unit=w.a,
        user=w.office,
        channel="phone",
        category="attitude",
        department=w.a_med,
        content="门诊输液室护士态度生硬。",
        complainant_name="张三丰",
        complainant_phone="13812341234",
        contact_consent=True,
    )
    login_as(w.office)
    page.goto(f"{live_server.url}/feedback/complaints/{complaint.pk}/")
    expect(page.get_by_test_id("complaint-contact")).to_contain_text("13812341234")
    _wait_for_event(action="view_contact", username="office")

    page.get_by_role("link", name="审计日志").click()
    expect(page.get_by_role("heading", name="审计日志")).to_be_visible()
    rows = page.get_by_test_id("audit-row")
    expect(rows.filter(has_text="查看投诉人联系方式")).to_contain_text(complaint.reference)

    page.locator("select[name=action]").select_option("view_contact")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_test_id("audit-export").click()
    assert download.value.suggested_filename.startswith("审计日志-")
    _wait_for_event(action="export", username="office", detail__kind="audit_log")
