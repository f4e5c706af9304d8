"""Menus show only what the role can use: every entry of every demo account's menu opens (no 403,
no 404), with and without a unit chosen, and the entries a role cannot use are not there.

The demo's accounts, units and campaign (org, standards and campaigns steps) are loaded once for
the module, committed and flushed at the end; each test runs in its own transaction on top."""

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.core.management.commands import load_demo
from chuangwen.core.middleware import SESSION_KEY
from chuangwen.org import demo as org_demo
from chuangwen.org.models import Unit, User

STEPS = ["chuangwen.org.demo", "chuangwen.standards.demo", "chuangwen.campaigns.demo"]
USERNAMES = [username for username, *_ in org_demo.ACCOUNTS]
RMYY = "431021101"  # 青溪县人民医院


@pytest.fixture(scope="module")
def demo_accounts(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings = {"MEDIA_ROOT": tmp_path_factory.mktemp("media"), "PASSWORD_HASHERS": fast, "TASKS": immediate}
    with override_settings(**settings), django_db_blocker.unblock():
        original = load_demo.DEMO_STEPS
        load_demo.DEMO_STEPS = STEPS
        try:
            load_demo.load()
        finally:
            load_demo.DEMO_STEPS = original
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def signed_in(username: str, unit_code: str | None = None) -> Client:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    session = client.session
    # The demo's admin and bureau have an authenticator: signed in as having passed it.
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if unit_code:
        session[SESSION_KEY] = Unit.objects.get(code=unit_code).pk
    session.save()
    return client


def menu_of(client: Client) -> dict[str, str]:
    """label → URL of every entry of the side menu on the home page."""
    response = client.get("/")
    assert response.status_code == 200
    return {
        str(entry["label"]): entry["url"] for _section, entries in response.context["nav_menu"] for entry in entries
    }


CASES = [(u, None) for u in USERNAMES] + [("admin", RMYY), ("weijianju", RMYY)]


@pytest.mark.parametrize(("username", "unit_code"), CASES)
def test_every_menu_entry_opens(demo_accounts, db, username, unit_code):
    client = signed_in(username, unit_code)
    broken = {}
    for label, url in menu_of(client).items():
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken[label] = (url, response.status_code)
    assert broken == {}, f"{username} (unit {unit_code}) has menu entries it cannot open: {broken}"


def test_a_nurse_sees_only_what_she_can_use(demo_accounts, db):
    menu = menu_of(signed_in("zhigong"))
    for label in ("创建方案", "责任分解", "投诉档案", "API 令牌", "荣誉类型"):
        assert label not in menu, label
    for label in ("我的任务", "我的学习笔记", "我的志愿服务", "我的医德档案", "消息"):
        assert label in menu, label


def test_the_admin_sees_no_office_only_entries(demo_accounts, db):
    menu = menu_of(signed_in("admin"))
    for label in (
        "投诉登记",
        "意见反馈二维码",
        "导入花名册",
        "我的学习笔记",
        "我的志愿服务",
        "文档模板",
        "科室量化考核",
    ):
        assert label not in menu, label
    assert {"辖区进度", "单位", "审计日志", "API 令牌"} <= set(menu)
    # Once inside a unit, the unit's own pages follow.
    assert "科室量化考核" in menu_of(signed_in("admin", RMYY))


def test_the_office_keeps_its_entries(demo_accounts, db):
    menu = menu_of(signed_in("chuangban"))
    for label in ("创建方案", "责任分解", "台账审核", "投诉登记", "投诉档案", "导入花名册", "API 令牌", "文档模板"):
        assert label in menu, label
