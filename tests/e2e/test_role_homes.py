"""Each role's home at 1366 px and 390 px: the "what's next" items link to the right filtered
lists. Click an item, land on its list with the filter applied, and find as many records there as
the home page counted. Screenshots of both sizes go to test-artifacts/ (docs/screenshots/ holds
the demo's, from scripts/screenshots.py)."""

import re

import pytest

from tests.dashboard.homes_data import build_busy
from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

# item key → (the query the list must carry, the pattern of a record's link on that list)
DETAIL = {
    "evidence-review": ("", r"^/evidence/\d+/$"),
    "findings-recheck": ("state=responded", r"^/inspections/findings/\d+/$"),
    "inspector-recheck": ("state=responded", r"^/inspections/findings/\d+/$"),
    "complaints-due-today": ("due=today", r"^/feedback/complaints/\d+/$"),
    "complaints-overdue": ("overdue=true", r"^/feedback/complaints/\d+/$"),
    "appeals": ("status=filed", r"^/scoring/departments/appeals/\d+/$"),
    "ledger-gaps": ("state=unmet", None),
    "my-tasks": ("open=1", r"^/campaigns/tasks/\d+/$"),
    "rectifications-due": ("state=ordered", r"^/inspections/findings/\d+/$"),
    "department-entries": ("month=", r"^/scoring/departments/ledger/\d+/$"),
    "rounds-current": ("status=in_progress", r"^/inspections/rounds/\d+/$"),
    "bureau-rounds": ("status=in_progress", r"^/inspections/rounds/\d+/$"),
    "bureau-findings-overdue": ("overdue=true", r"^/inspections/findings/\d+/$"),
    "bureau-complaints-overdue": ("overdue=true", r"^/feedback/complaints/\d+/$"),
    "pipeline": ("status=active", r"^/party/development/\d+/$"),
}
ROLES = {
    "office": [
        "evidence-review",
        "findings-recheck",
        "complaints-due-today",
        "complaints-overdue",
        "appeals",
        "ledger-gaps",
    ],
    "head": ["my-tasks", "rectifications-due", "department-entries"],
    "inspector": ["rounds-current", "inspector-recheck"],
    "staff": ["my-tasks"],
    "secretary": ["pipeline"],
    "supervisor": ["bureau-rounds", "bureau-findings-overdue", "bureau-complaints-overdue"],
}


def records_on(page, pattern: str | None) -> int:
    """Distinct records the list shows (a table on a desk and cards on a phone count once)."""
    if pattern is None:  # the campaign progress page's item table
        return page.get_by_test_id("item-row").count()
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return len({h for h in hrefs if re.match(pattern, h)})


def check_home(page, base_url: str, username: str, keys: list[str], shot: str) -> None:
    page.set_default_timeout(30_000)  # the first pages of a test compile templates on a busy machine
    log_in(page, base_url, username)
    page.goto(f"{base_url}/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{username}'s home scrolls sideways: {width}px"
    for key in keys:
        page.goto(f"{base_url}/")
        item = page.get_by_test_id(f"next-{key}").first  # a head who is also staff has "my tasks" twice
        item.scroll_into_view_if_needed()
        count = int(item.get_by_test_id("count").inner_text())
        query, pattern = DETAIL[key]
        with page.expect_navigation():
            item.click()
        assert query in page.url, f"{key}: landed on {page.url}, not filtered by {query}"
        assert records_on(page, pattern) == count, f"{key}: the home counted {count}, {page.url} shows otherwise"


@pytest.mark.parametrize("role", list(ROLES))
def test_role_home_leads_to_filtered_lists(page, mobile_page, live_server, e2e_world, role):
    w = build_busy(e2e_world)
    if role == "secretary":
        from chuangwen.party.models import Branch

        w.a_p2.user = w.secretary
        w.a_p2.save()
        Branch.objects.create(unit=w.a, name="第一党支部", secretary=w.a_p2)
    if role == "supervisor":
        from tests import factories as f

        f.inspection_round(w.bureau, kind="supervision", title="县卫健局季度督查", status="in_progress")
    username = getattr(w, role).username
    check_home(page, live_server.url, username, ROLES[role], f"home-{role}-desk.png")
    check_home(mobile_page, live_server.url, username, ROLES[role], f"home-{role}-phone.png")


def test_inspector_records_a_finding_from_the_home(mobile_page, live_server, e2e_world):
    w = build_busy(e2e_world)
    mobile_page.set_default_timeout(30_000)
    log_in(mobile_page, live_server.url, w.inspector.username)
    mobile_page.goto(f"{live_server.url}/")
    button = mobile_page.get_by_test_id("record-finding")
    box = button.bounding_box()
    assert box["y"] < 400 and box["width"] >= 300, "记录问题 comes first, full width on a phone"
    with mobile_page.expect_navigation():
        button.click()
    assert "/inspections/findings/new/" in mobile_page.url
