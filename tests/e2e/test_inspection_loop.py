"""The rectification loop on a phone (390 px): the inspector records a problem with a photo in
the ward, the office sends the order, the department head answers with a photo, the re-check
fails with a reason, the head answers again, the re-check passes and the finding is closed
(销号). The timeline shows every step."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from chuangwen.inspections.models import Finding, InspectionRound
from chuangwen.inspections.services.rounds import round_create

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def _jpeg(path, color):
    buf = io.BytesIO()
    Image.new("RGB", (800, 600), color).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return str(path)


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"


def test_finding_to_closure_on_a_phone(mobile_page, live_server, e2e_world, tmp_path):
    w, page, base = e2e_world, mobile_page, live_server.url
    today = timezone.localdate()
    rnd = round_create(
        user=w.office,
        owner_unit=w.a,
        kind=InspectionRound.Kind.SELF_CHECK,
        title="11月病区环境自查",
        starts_on=today,
        ends_on=today + timedelta(days=3),
        target_units=[w.a],
        inspectors=[w.inspector],
        free_checks=["病区走廊无杂物堆放"],
    )

    # 1. the inspector, in the ward, records the problem with a photo from the camera
    _as(page, base, w.inspector)
    page.goto(f"{base}/inspections/rounds/{rnd.pk}/")
    button = page.get_by_test_id("record-finding")
    box = button.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 48  # a big target for a thumb
    button.click()
    form = page.get_by_test_id("finding-form")
    form.locator("[name=department]").select_option(str(w.a_med.pk))
    form.locator("[name=description]").fill("病区走廊杂物堆放，消防通道不畅")
    form.locator("[name=location]").fill("住院部3楼东侧走廊")
    form.locator("[name=points_deducted]").fill("1")
    form.locator("[name=photos]").set_input_files(_jpeg(tmp_path / "found.jpg", (160, 120, 90)))
    _fits(page)
    form.get_by_test_id("save-finding").click()
    expect(page.get_by_test_id("finding-description")).to_have_text("病区走廊杂物堆放，消防通道不畅")
    expect(page.get_by_test_id("photo-link")).to_have_count(1)
    finding = Finding.objects.get()
    detail = f"{base}/inspections/findings/{finding.pk}/"

    # 2. the office sends the order to 内科 with a deadline
    _as(page, base, w.office)
    page.goto(detail)
    dispatch = page.get_by_test_id("dispatch-form")
    dispatch.locator("[name=department]").select_option(str(w.a_med.pk))
    dispatch.locator("[name=responsible_person]").select_option(str(w.a_p1.pk))
    dispatch.locator("[name=deadline]").fill(str(today + timedelta(days=5)))
    dispatch.get_by_test_id("dispatch-submit").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "ordered")

    # 3. the head of 内科 answers with a photo
    _as(page, base, w.head)
    page.goto(detail)
    respond = page.get_by_test_id("respond-form")
    respond.locator("[name=text]").fill("已清理走廊杂物，张贴禁止堆放提示")
    respond.locator("[name=photos]").set_input_files(_jpeg(tmp_path / "fixed.jpg", (200, 230, 200)))
    _fits(page)
    respond.get_by_test_id("respond-submit").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "responded")

    # 4. the re-check fails, with a reason
    _as(page, base, w.inspector)
    page.goto(detail)
    recheck = page.get_by_test_id("recheck-form")
    recheck.locator("[name=decision][value=fail]").check()
    recheck.locator("[name=reason]").fill("楼梯转角处仍有纸箱堆放")
    recheck.get_by_test_id("recheck-submit").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "ordered")
    expect(page.get_by_test_id("timeline")).to_contain_text("楼梯转角处仍有纸箱堆放")

    # 5. the head answers again
    _as(page, base, w.head)
    page.goto(detail)
    respond = page.get_by_test_id("respond-form")
    respond.locator("[name=text]").fill("楼梯转角纸箱已清走，已安排每日巡查")
    respond.locator("[name=photos]").set_input_files(_jpeg(tmp_path / "fixed2.jpg", (190, 220, 240)))
    respond.get_by_test_id("respond-submit").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "responded")

    # 6. the re-check passes: closed
    _as(page, base, w.inspector)
    page.goto(detail)
    recheck = page.get_by_test_id("recheck-form")
    recheck.locator("[name=decision][value=pass]").check()
    recheck.get_by_test_id("recheck-submit").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "closed")

    events = page.get_by_test_id("event")
    kinds = [events.nth(i).get_attribute("data-kind") for i in range(events.count())]
    assert kinds == ["recorded", "dispatched", "responded", "recheck_failed", "responded", "recheck_passed"]
    expect(page.get_by_test_id("photo-link")).to_have_count(3)
    _fits(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "inspection_loop_closed_phone.png"), full_page=True)
    finding.refresh_from_db()
    assert finding.state == Finding.State.CLOSED and finding.closed_at is not None
    assert finding.version == 6
