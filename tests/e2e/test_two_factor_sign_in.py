"""The bureau's supervisor must enrol an authenticator at first login: scans the QR code (here:
reads the key under it), confirms with a code, keeps the recovery codes; the next login asks
for the code after the password."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from chuangwen.audit.models import Action, AuditEvent

from .conftest import log_in

pytestmark = pytest.mark.browser


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What the authenticator app shows for ``secret`` now (or a 30-second step later)."""
    key = b32decode(secret.replace(" ", ""))
    return f"{totp(key, t0=-steps_ahead * 30):06d}"


def test_enrol_then_sign_in_with_a_code(page, live_server, e2e_world, settings):
    settings.TWO_FACTOR_ENFORCED = True
    url = live_server.url
    log_in(page, url, e2e_world.supervisor.username)
    # Required for the bureau: every page leads to enrolment until it is done.
    assert "/org/me/two-factor/" in page.url
    page.goto(f"{url}/org/staff/")
    assert "/org/me/two-factor/" in page.url
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    qr = page.get_by_test_id("two-factor-qr")
    expect(qr).to_be_visible()
    page.wait_for_function("document.querySelector('[data-testid=two-factor-qr]').complete")
    assert page.evaluate("document.querySelector('[data-testid=two-factor-qr]').naturalWidth") > 0  # drawn
    secret = page.get_by_test_id("two-factor-secret").inner_text()

    page.get_by_label("验证码").fill(app_code(secret))
    with page.expect_navigation():
        page.get_by_role("button", name="确认").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    with page.expect_navigation():
        page.get_by_role("link", name="完成").click()
    expect(page.get_by_test_id("two-factor-on")).to_be_visible()
    page.goto(f"{url}/org/staff/")
    assert "/org/staff/" in page.url

    # Next login: password, then the code (the next one: a code is accepted only once).
    page.context.clear_cookies()
    log_in(page, url, e2e_world.supervisor.username)
    assert "/login/verify/" in page.url
    page.get_by_label("验证码").fill("000000")
    with page.expect_navigation():
        page.get_by_role("button", name="验证").click()
    expect(page.get_by_test_id("otp-error")).to_contain_text("验证码错误")
    time.sleep(1.1)  # django-otp refuses any code for 1 s after a wrong one
    page.get_by_label("验证码").fill(app_code(secret, steps_ahead=1))
    with page.expect_navigation():
        page.get_by_role("button", name="验证").click()
    assert "/login/" not in page.url
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    actions = set(AuditEvent.objects.filter(username="supervisor").values_list("action", flat=True))
    assert {Action.LOGIN, Action.OTP_ENROL, Action.LOGIN_FAILED} <= actions
