"""Under the Content-Security-Policy (scripts and styles from our static files only), the front
end still works in a real browser: ECharts draws, htmx loads and posts, Bootstrap's dropdown
opens, the confirm and submit-once behaviours run, the public forms and the admin work; and the
browser reports no violation at all. Markup injected into a page cannot run its handler."""

import pytest
from playwright.sync_api import expect

from chuangwen.api import services as api_services
from chuangwen.api.models import APIToken
from chuangwen.core.publicforms import COMPLAINT, SURVEY
from chuangwen.dashboard.models import Notification
from chuangwen.dashboard.services import NotificationDraft, notifications_send
from chuangwen.surveys import services as survey_services
from chuangwen.surveys.models import Response
from tests import factories as f

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

# Reported on every violation: the directive, what was blocked and where.
REPORT_VIOLATIONS = """
window.cwCspCount = 0;
document.addEventListener("securitypolicyviolation", (e) => {
  window.cwCspCount += 1;
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.cwCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${where} ${e.sample}`);
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports on `page`, from both the console and the
    `securitypolicyviolation` events (init scripts and bindings are Playwright's, outside the
    page's policy)."""
    seen = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            seen.append(f"console: {message.text}")

    page.expose_function("cwCspViolation", lambda text: seen.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", on_console)
    return seen


def test_injected_markup_cannot_run_its_handler(page, live_server, violations, login_as, e2e_world):
    """The attack: markup with an inline handler or script lands in a page (as a stored XSS would).
    The browser refuses to run it and says so; the page's own scripts keep working."""
    login_as(e2e_world.office)
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => {
            document.body.insertAdjacentHTML("beforeend", '<img src="data:," onerror="window.pwned = 1">');
            const s = document.createElement("script"); s.textContent = "window.pwned = 2"; document.body.append(s);
        }"""
    )
    page.wait_for_function("() => window.cwCspCount >= 2")
    assert page.evaluate("window.pwned") is None
    assert any("script-src-attr" in v for v in violations), violations
    assert any("script-src-elem" in v for v in violations), violations
    # The page's own scripts (Bootstrap, from a static file) still run.
    page.get_by_test_id("user-menu").click()
    expect(page.locator(".dropdown-menu")).to_be_visible()


def test_charts_draw_under_the_policy(page, live_server, violations, login_as, e2e_world):
    w = e2e_world
    std = f.standard(w.bureau, applies_to=w.county_x)
    camp = f.campaign(w.a, std)
    survey_services.default_templates_create(unit=w.a, user=w.office)
    login_as(w.office)
    page.goto(f"{live_server.url}/surveys/index/")
    expect(page.locator("#sv-trend canvas")).to_have_count(1)
    page.goto(f"{live_server.url}/dashboard/progress/{camp.pk}/")
    expect(page.locator("#cw-gauge canvas")).to_have_count(1)
    chart = page.get_by_test_id("aspect-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    # The tooltip (drawn on the canvas, not as HTML with style attributes) on hover.
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.mouse.move(box["x"] + box["width"] / 2 + 5, box["y"] + box["height"] / 3)
    assert violations == []


def test_htmx_loads_and_posts_under_the_policy(page, live_server, violations, login_as, e2e_world):
    w = e2e_world
    draft = NotificationDraft(user_id=w.office.pk, kind="info", title="请上传11月学习记录")
    notifications_send(drafts=[draft], email=False)
    login_as(w.office)
    # The bell's count comes from an hx-get fired on load.
    expect(page.get_by_test_id("unread-count")).to_contain_text("1")
    page.goto(f"{live_server.url}/dashboard/notifications/")
    row = page.get_by_test_id("notification")
    expect(row.get_by_test_id("mark-read")).to_be_visible()
    # "Mark read" is an hx-post (CSRF header from hx-headers) that swaps the row in place.
    with page.expect_response(lambda r: "/read/" in r.url and r.request.method == "POST"):
        row.get_by_test_id("mark-read").click()
    expect(row.get_by_test_id("mark-read")).to_have_count(0)
    assert page.url.endswith("/dashboard/notifications/")  # swapped, not navigated
    assert Notification.objects.get().read_at is not None
    assert violations == []


def test_bootstrap_and_page_behaviours_under_the_policy(page, live_server, violations, login_as, e2e_world):
    w = e2e_world
    token, _key = api_services.token_create(user=w.office, name="报表脚本")
    login_as(w.office)
    page.goto(f"{live_server.url}/account/tokens/")
    # Bootstrap's dropdown (Popper places it through the CSSOM, which the policy allows).
    menu = page.locator(".dropdown-menu")
    expect(menu).to_be_hidden()
    page.get_by_test_id("user-menu").click()
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    # data-cw-confirm: refusing the question sends nothing; accepting revokes.
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_test_id(f"revoke-{token.pk}").click()
    page.wait_for_load_state()
    assert APIToken.objects.get().revoked_at is None
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_test_id(f"revoke-{token.pk}").click()
    assert APIToken.objects.get().revoked_at is not None
    assert violations == []


def test_public_forms_under_the_policy(page, live_server, violations, e2e_world):
    w = e2e_world
    survey = survey_services.default_templates_create(unit=w.a, user=w.office)[0]
    page.goto(f"{live_server.url}/s/{SURVEY.link(unit_id=w.a.pk, department_id=w.a_med.pk, template_id=survey.pk)}/")
    for q in page.get_by_test_id("question").all():
        choice = q.locator("label.sv-option, [data-testid=rate-4]")
        choice.first.click()
    page.get_by_test_id("submit").dblclick()  # submit-once, from the static script
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert Response.objects.count() == 1
    page.goto(f"{live_server.url}/f/{COMPLAINT.link(unit_id=w.a.pk)}/")
    expect(page.get_by_test_id("public-complaint-form")).to_be_visible()
    assert violations == []


def test_admin_works_under_the_policy(page, live_server, violations, e2e_world):
    f.user("root", is_superuser=True, is_staff=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    unit = e2e_world.a
    for path in (
        "/admin/org/user/",
        f"/admin/org/user/{e2e_world.office.pk}/change/",
        "/admin/org/region/",
        "/admin/org/region/add/",
        f"/admin/org/unit/{unit.pk}/change/",
        f"/admin/org/unit/{unit.pk}/history/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    # The API's documentation (Swagger UI, from ninja's static files) draws its operations.
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert violations == []


def test_moved_page_scripts_still_work(page, live_server, violations, login_as, e2e_world):
    """The paper cards' grid and the bulk assignment's tick-all, once inline, now static files."""
    w = e2e_world
    survey_services.default_templates_create(unit=w.a, user=w.office)
    camp = f.campaign(w.a, f.standard(w.bureau, applies_to=w.county_x))
    login_as(w.office)
    page.goto(f"{live_server.url}/surveys/paper/")
    # data-cw-autosubmit: choosing the department reloads the grid for it.
    with page.expect_navigation():
        page.locator("#p-department").select_option(str(w.a_med.pk))
    assert f"department={w.a_med.pk}" in page.url
    grid = page.get_by_test_id("paper-grid")
    rows = grid.locator("tbody tr")
    before = rows.count()
    page.locator("#sv-more").click()
    expect(rows).to_have_count(before + 10)
    # A digit moves the cursor on by itself.
    first = grid.locator("input.sv-digit").first
    first.press_sequentially("9")
    assert page.evaluate("document.activeElement.name") != first.get_attribute("name")
    # An impossible rating: nothing saved, and the typed values come back (json_script).
    page.get_by_test_id("save-cards").click()
    expect(page.get_by_test_id("batch-errors")).to_be_visible()
    expect(page.get_by_test_id("paper-grid").locator("input.sv-digit").first).to_have_value("9")
    assert Response.objects.count() == 0

    page.goto(f"{live_server.url}/campaigns/plans/{camp.pk}/tasks/assign/")
    aspect = page.get_by_test_id("item-tree").locator("fieldset").first
    aspect.locator("[data-cw-check-all]").check()
    items = aspect.locator("input[name=items]")
    assert items.count() > 1
    for i in range(items.count()):
        expect(items.nth(i)).to_be_checked()
    assert violations == []
