"""The bureau's ranking in a browser: the supervisor sees the region's units ranked with their
sparklines, sorts by another column, drills down to a unit's 12 months; on a 390 px phone the
page keeps within the screen (the table scrolls inside its card). Screenshots of both go to
docs/screenshots/."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from chuangwen.ranking import services
from tests import factories as f
from tests.ranking.conftest import TODAY, fill_unit

from .conftest import log_in

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _ranked(w):
    w.standard = f.standard(w.bureau, aspects=2, indicators=1, items=2, points=Decimal("10"))
    f.pass_line(w.county_x, level="county", percent="50")
    w.camp_a = fill_unit(w, "a", met=3, overdue_tasks=1, findings=2, complaints=1, hours="6", rating=5)
    fill_unit(w, "b", met=1, overdue_tasks=2, findings=1, complaints=2, hours="2", rating=4)
    services.snapshots_refresh(on=date(2026, 5, 31))
    services.snapshots_refresh(on=TODAY)
    return w


def test_the_supervisor_ranks_sorts_and_drills_down(page, live_server, e2e_world):
    w = _ranked(e2e_world)
    log_in(page, live_server.url, w.supervisor.username)
    page.goto(f"{live_server.url}/ranking/?month=2026-06")
    rows = page.get_by_test_id("ranking-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("县人民医院")
    expect(rows.nth(0).get_by_test_id("score")).to_have_text("75.0%")
    expect(page.locator("[data-cw-spark] canvas").first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "bureau-ranking.png"), full_page=True)
    page.get_by_test_id("sort-tasks").click()
    expect(rows.nth(0)).to_contain_text("县中医院")
    rows.nth(1).get_by_test_id("unit-link").click()
    expect(page.get_by_test_id("unit-months").locator("tr")).to_have_count(3)
    expect(page.get_by_test_id("trend-chart").locator("canvas")).to_be_visible()
    expect(page.get_by_test_id("progress-link")).to_have_attribute("href", f"/dashboard/progress/{w.camp_a.pk}/")


def test_the_ranking_fits_a_phone(mobile_page, live_server, e2e_world):
    w = _ranked(e2e_world)
    page = mobile_page
    log_in(page, live_server.url, w.supervisor.username)
    page.goto(f"{live_server.url}/ranking/?month=2026-06")
    expect(page.get_by_test_id("ranking-row")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "bureau-ranking-phone.png"), full_page=True)
