"""Fixtures of the robots tests: the local stand-in of the 企业微信 and 钉钉 servers (a threaded
http.server on 127.0.0.1, no outside network) and hospital A's robots pointing at it."""

from datetime import date

import pytest

from chuangwen.robots import services
from chuangwen.robots.standin import StandIn

SECRET = "SECtest0123456789abcdef"
TODAY = date(2026, 3, 16)  # a Monday


@pytest.fixture
def standin(settings):
    server = StandIn(secrets={"ding-med": SECRET, "ding-unit": SECRET}).start()
    settings.ROBOTS_EXTRA_HOSTS = [server.netloc]
    settings.CHUANGWEN_BASE_URL = "https://cw.example-hospital.cn"
    yield server
    server.stop()


@pytest.fixture
def robots(world, standin):
    """内科's 企业微信 and 钉钉 (signed) robots, enabled, receiving the three events."""
    wecom = services.robot_create(
        unit=world.a,
        department=world.a_med,
        user=world.office,
        name="内科工作群",
        provider="wecom",
        webhook_url=standin.wecom_url("wx-med"),
        is_active=True,
    )
    ding = services.robot_create(
        unit=world.a,
        department=world.a_med,
        user=world.office,
        name="内科钉钉群",
        provider="dingtalk",
        webhook_url=standin.dingtalk_url("ding-med"),
        secret=SECRET,
        is_active=True,
    )
    return wecom, ding
