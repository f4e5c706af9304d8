"""Two-factor sign-in: required for admins and region-scope (bureau) users, optional for
others; enrolment with a QR code on the user's own page, recovery codes, the second login step
on every login path (admin login included), wrong codes throttled, and the audit trail."""

import re
import time
from datetime import timedelta

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.audit.models import Action, AuditEvent
from chuangwen.org import two_factor
from tests import factories as f

PASSWORD = "pass-1234-word"


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.TWO_FACTOR_ENFORCED = True


def code(device, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or ``steps_ahead`` 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = two_factor._new_recovery_codes(user)
    return device, codes


def wait_out_throttle(device) -> None:
    """As if the user waited: django-otp refuses any code for 2^(n-1) s after n wrong ones."""
    device.refresh_from_db()
    past = device.throttling_failure_timestamp - timedelta(minutes=1)
    type(device).objects.filter(pk=device.pk).update(throttling_failure_timestamp=past)


def log_in(client, username, path="/login/"):
    return client.post(path, {"username": username, "password": PASSWORD})


def test_required_for_admins_and_region_scope_only(world):
    assert two_factor.two_factor_required(world.admin)  # admin role on the city
    assert two_factor.two_factor_required(world.supervisor)  # region scope: the bureau
    assert two_factor.two_factor_required(f.user("root", is_superuser=True))
    for user in (world.office, world.head, world.staff, world.nobody):
        assert not two_factor.two_factor_required(user)


def test_optional_user_without_device_signs_in_with_password(world, client):
    assert log_in(client, "office")["Location"] == "/"
    assert client.get("/org/staff/").status_code == 200


def test_required_user_must_enrol_before_anything_else(world, client):
    log_in(client, "supervisor")
    resp = client.get("/org/staff/")
    assert resp.status_code == 302 and resp["Location"].startswith("/org/me/two-factor/?next=")
    assert client.get("/api/org/units").status_code == 403
    page = client.get("/org/me/two-factor/")
    html = page.content.decode()
    assert page.status_code == 200 and "两步验证" in html and 'data-testid="two-factor-required"' in html
    assert 'data-testid="current-unit"' not in html  # no menu before enrolment
    qr = client.get("/org/me/two-factor/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=world.supervisor, confirmed=False)
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert device.config_url.count(secret.replace(" ", "")) == 1

    wrong = client.post("/org/me/two-factor/confirm/", {"token": "000000"}, follow=True)
    assert "验证码错误" in wrong.content.decode()
    assert client.get("/org/staff/").status_code == 302
    wait_out_throttle(device)

    done = client.post("/org/me/two-factor/confirm/", {"token": code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z2-7]+)</li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/org/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action=Action.OTP_ENROL, actor=world.supervisor).count() == 1


def test_second_step_asks_for_the_code(world, client):
    device, _codes = enrolled(world.office)  # optional, but once enrolled always asked
    resp = log_in(client, "office")
    assert resp.status_code == 302
    resp = client.get("/org/staff/")
    assert resp["Location"] == "/login/verify/?next=%2Forg%2Fstaff%2F"
    assert client.get("/api/org/units").status_code == 403
    page = client.get("/login/verify/")
    assert "身份验证器" in page.content.decode()
    wrong = client.post("/login/verify/", {"token": "123456"})
    assert "验证码错误" in wrong.content.decode()
    failure = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
    assert failure.username == "office" and failure.detail["step"] == "otp"
    wait_out_throttle(device)
    ok = client.post("/login/verify/", {"token": code(device), "next": "/org/staff/"})
    assert ok.status_code == 302 and ok["Location"] == "/org/staff/"
    assert client.get("/org/staff/").status_code == 200
    steps = list(AuditEvent.objects.filter(action=Action.LOGIN).order_by("id").values_list("detail", flat=True))
    assert steps == [{"path": "/login/", "second_factor": "verify"}, {"path": "/login/verify/", "step": "otp"}]


def test_recovery_code_signs_in_once(world, client):
    _device, codes = enrolled(world.supervisor)
    log_in(client, "supervisor")
    assert client.post("/login/verify/", {"token": codes[0].upper()})["Location"] == "/"
    client.post("/logout/")
    log_in(client, "supervisor")
    resp = client.post("/login/verify/", {"token": codes[0]})
    assert resp.status_code == 200 and "验证码错误" in resp.content.decode()
    assert StaticToken.objects.filter(device__user=world.supervisor).count() == 9


def test_admin_login_does_not_skip_the_second_step(world, client):
    """Signing in at /admin/login/ with the password alone must not open the admin."""
    root = f.user("root", is_staff=True, is_superuser=True)
    device, _ = enrolled(root)
    assert log_in(client, "root", path="/admin/login/").status_code == 302
    resp = client.get("/admin/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/verify/")
    assert client.get("/admin/org/user/").status_code == 302
    client.post("/login/verify/", {"token": code(device)})
    assert client.get("/admin/org/user/").status_code == 200


def test_admin_without_device_is_sent_to_enrol_from_the_admin(world, client):
    f.user("root", is_staff=True, is_superuser=True)
    log_in(client, "root", path="/admin/login/")
    resp = client.get("/admin/")
    assert resp.status_code == 302 and resp["Location"].startswith("/org/me/two-factor/")


def test_wrong_codes_lock_the_pair_and_end_the_session(world, client):
    enrolled(world.office)
    log_in(client, "office")
    for _ in range(4):
        assert client.post("/login/verify/", {"token": "000000"}).status_code == 200
    resp = client.post("/login/verify/", {"token": "000000"})
    assert resp.status_code == 429 and "已锁定" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(client, "office").status_code == 429


def test_new_recovery_codes_replace_the_old(world, client):
    device, old = enrolled(world.office)
    client.force_login(world.office)
    client.post("/login/verify/", {"token": code(device)})
    resp = client.post("/org/me/two-factor/recovery-codes/")
    new = re.findall(r"<li class=\"col\">([a-z2-7]+)</li>", resp.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=world.office).values_list("token", flat=True)) == set(new)


def test_disable_is_recorded_and_required_users_enrol_again(world, client):
    device, _ = enrolled(world.supervisor)
    client.force_login(world.supervisor)
    client.post("/login/verify/", {"token": code(device)})
    assert client.get("/org/me/").status_code == 200
    client.post("/org/me/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=world.supervisor).exists()
    assert AuditEvent.objects.filter(action=Action.OTP_DISABLE, actor=world.supervisor).exists()
    resp = client.get("/org/staff/")
    assert resp.status_code == 302 and resp["Location"].startswith("/org/me/two-factor/")


def test_optional_user_can_turn_it_off(world, client):
    device, _ = enrolled(world.office)
    client.force_login(world.office)
    client.post("/login/verify/", {"token": code(device)})
    client.post("/org/me/two-factor/disable/")
    assert client.get("/org/staff/").status_code == 200
    client.post("/logout/")
    assert log_in(client, "office")["Location"] == "/"
    assert client.get("/org/staff/").status_code == 200


def test_profile_page_shows_the_state(world, client):
    client.force_login(world.office)
    html = client.get("/org/me/").content.decode()
    assert "未开启" in html and "/org/me/two-factor/" in html


def test_qr_code_only_while_enrolling(world, client):
    device, _ = enrolled(world.office)
    client.force_login(world.office)
    client.post("/login/verify/", {"token": code(device)})
    assert client.get("/org/me/two-factor/qr.svg").status_code == 404
