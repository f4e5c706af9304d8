"""My tasks on a phone (390 px wide): cards, no sideways scrolling, big touch targets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests import factories as f
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_my_tasks_fits_a_phone(mobile_page, live_server, e2e_world):
    w = e2e_world
    std = f.standard(w.bureau, applies_to=w.county_x)
    camp = f.campaign(w.a, std)
    today = timezone.localdate()
    f.task(camp, w.a_med, title="内科逾期：每月两次政治学习台账", deadline=today - timedelta(days=4))
    f.task(camp, w.a_med, title="内科文明优质服务示范岗", deadline=today + timedelta(days=20))
    log_in(mobile_page, live_server.url, w.head.username)
    mobile_page.goto(f"{live_server.url}/campaigns/my-tasks/")
    cards = mobile_page.get_by_test_id("task-card")
    assert cards.count() == 2
    assert "逾期" in cards.first.inner_text()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"
    box = cards.first.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 300
