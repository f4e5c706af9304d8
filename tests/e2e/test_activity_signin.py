"""Acceptance 1 of issue 15 on a 390 px phone: the organiser opens the sign-in screen, three
staff sign in by its code, a fourth with a code older than its rotation is refused with a clear
message, a staff member of another hospital is refused; the participation rate on the page
equals the test's computation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.activities.models import Attendance
from chuangwen.activities.signin import step_now, token_for
from chuangwen.core.roles import Role
from tests import factories as f
from tests.e2e.conftest import ARTIFACTS, PHONE, log_in

pytestmark = pytest.mark.browser


def _phone(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _staff(dept, name):
    u = f.user()
    f.member(u, Role.STAFF, unit=dept.unit)
    f.person(dept, name=name, user=u)
    return u


def test_sign_in_by_the_rotating_code(mobile_page, browser, live_server, e2e_world):
    w = e2e_world
    staff = [_staff(w.a_med, n) for n in ("赵敏", "钱程", "孙悦", "李想")]
    stranger = _staff(w.b_med, "周航")
    roster = [u.person for u in staff] + [w.a_p2]
    training = f.activity(
        w.a_med,
        kind=f.shipped_kind("training"),
        title="院感防控培训",
        starts_at=timezone.now() - timedelta(minutes=5),
        roster=roster,
    )

    log_in(mobile_page, live_server.url, w.office.username)
    mobile_page.goto(f"{live_server.url}/activities/{training.pk}/")
    mobile_page.get_by_test_id("open-signin").click()
    expect(mobile_page.get_by_test_id("signin-qr")).to_be_visible()
    link = mobile_page.get_by_test_id("signin-link").get_attribute("href")
    assert f"/activities/s/{training.pk}." in link

    for user in staff[:3]:
        context, phone = _phone(browser)
        log_in(phone, live_server.url, user.username)
        phone.goto(link)
        phone.get_by_test_id("signin-button").click()
        expect(phone.get_by_test_id("signin-done")).to_contain_text("签到成功")
        context.close()

    context, phone = _phone(browser)
    log_in(phone, live_server.url, staff[3].username)
    phone.goto(f"{live_server.url}/activities/s/{token_for(training.pk, step_now() - 2)}/")
    expect(phone.get_by_test_id("signin-refused")).to_contain_text("签到码已过期")
    assert phone.get_by_test_id("signin-button").count() == 0
    context.close()

    context, phone = _phone(browser)
    log_in(phone, live_server.url, stranger.username)
    phone.goto(mobile_page.get_by_test_id("signin-link").get_attribute("href"))
    phone.get_by_test_id("signin-button").click()
    expect(phone.get_by_test_id("signin-refused")).to_contain_text("仅限举办本活动的医院职工签到")
    phone.screenshot(path=str(ARTIFACTS / "activity_signin_refused_phone.png"), full_page=True)
    context.close()

    assert Attendance.objects.filter(activity=training).count() == 3
    expected = round(100 * 3 / len(roster), 1)
    mobile_page.goto(f"{live_server.url}/activities/{training.pk}/")
    expect(mobile_page.get_by_test_id("participation-rate")).to_have_text(f"{expected}%")
    assert "text-danger" in mobile_page.get_by_test_id("participation-rate").get_attribute("class")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
