from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from chuangwen.feedback import services

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def make(world):
    """``make(unit=..., **fields)``: a complaint entered by hospital A's office (or ``user``)."""

    def _make(unit=None, user=None, **kw):
        unit = unit or world.a
        kw.setdefault("channel", "phone")
        kw.setdefault("category", "attitude")
        kw.setdefault("content", "门诊输液室护士态度生硬，问话不理睬。")
        kw.setdefault("department", world.a_med if unit == world.a else None)
        kw.setdefault("complainant_name", "张三丰")
        kw.setdefault("complainant_phone", "13812341234")
        kw.setdefault("contact_consent", True)
        return services.complaint_create(unit=unit, user=user or world.office, **kw)

    return _make


@pytest.fixture
def b_complaint(world, make):
    return make(unit=world.b, department=world.b_med, content="中医院收费项目不清楚", complainant_name="王五")
