"""The big screen on the wall: opened by its kiosk link with no login at 1920×1080, it draws
every panel with ECharts under the Content-Security-Policy, refreshes itself from its data
endpoint after data changes, and turns into a full-screen message once the link is revoked.
The links page is checked at desk width and on a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from chuangwen.screens.services import link_revoke
from tests import factories as f
from tests.screens.builders import PRIVATE, build_screen

from .conftest import ARTIFACTS, PHONE, _new_page

pytestmark = pytest.mark.browser
WALL = {"width": 1920, "height": 1080}


@pytest.fixture
def wall(request, browser, transactional_db):
    yield from _new_page(request, browser, viewport=WALL)


@pytest.fixture
def phone(request, browser, transactional_db):
    yield from _new_page(request, browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def _console_errors(page) -> list[str]:
    seen = []
    page.on(
        "console", lambda m: seen.append(m.text) if m.type == "error" or "Content Security Policy" in m.text else None
    )
    page.on("pageerror", lambda e: seen.append(str(e)))
    return seen


def test_the_wall_screen_draws_refreshes_and_stops(wall, live_server, e2e_world, settings):
    settings.SCREENS_CACHE_SECONDS = 0
    w = build_screen(e2e_world)
    link = f.kiosk_link(w.a, created_by=w.office, refresh_seconds=10)
    errors = _console_errors(wall)
    wall.goto(f"{live_server.url}/screens/k/{link.token}/")
    expect(wall.get_by_test_id("screen-title")).to_contain_text("青溪县人民医院")
    for panel in ("screen-gauge", "screen-ranking", "screen-breakdown", "screen-satisfaction"):
        expect(wall.get_by_test_id(panel).locator("canvas")).to_have_count(1)
    expect(wall.locator("#cw-t-findings")).to_have_text("1")
    expect(wall.get_by_test_id("screen-closures")).to_contain_text(f"#{w.closed.pk}")
    first_update = wall.get_by_test_id("screen-updated").inner_text()
    assert first_update
    ARTIFACTS.mkdir(exist_ok=True)
    wall.screenshot(path=str(ARTIFACTS / "big_screen_1920x1080.png"))
    text = wall.locator("body").inner_text()
    assert not [s for s in PRIVATE if s in text]

    # A finding recorded now shows at the next refresh, with a later "last updated".
    f.finding(w.a, department=w.a_surg, description="新问题", found_at=w.closed.found_at + timedelta(days=9))
    expect(wall.locator("#cw-t-findings")).to_have_text("2", timeout=25_000)
    assert wall.get_by_test_id("screen-updated").inner_text() != first_update

    # Revoked: the whole screen says so at its next refresh.
    link_revoke(link=link, by=w.office)
    expect(wall.get_by_test_id("screen-stopped")).to_be_visible(timeout=25_000)
    expect(wall.get_by_test_id("screen-stopped")).to_contain_text("停用")
    # The browser logs the 410 it was answered; nothing else may go wrong (script errors, CSP).
    assert not [e for e in errors if "status of 410" not in e], errors


def test_the_links_page_at_desk_and_phone_width(page, phone, live_server, login_as, e2e_world):
    f.kiosk_link(e2e_world.a, created_by=e2e_world.office)
    login_as(e2e_world.office)
    page.goto(f"{live_server.url}/screens/")
    page.get_by_label("名称").fill("门诊大厅大屏")
    page.get_by_role("button", name="生成链接").click()
    expect(page.get_by_test_id("new-link")).to_be_visible()
    url = page.locator("#cw-new-link").input_value()
    assert "/screens/k/kiosk_" in url
    expect(page.get_by_test_id("link-row")).to_have_count(2)
    page.screenshot(path=str(ARTIFACTS / "big_screen_links_1366.png"), full_page=True)

    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/screens/")
    expect(phone.get_by_test_id("link-table")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
