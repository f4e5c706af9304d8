"""Browser-test harness: Playwright (sync API) driving Debian's Chromium against pytest-django's
`live_server`.

- One Chromium per test session; a fresh browser context (cookies, storage) per test.
- `page` is a desktop page (1366x900, zh-CN); `mobile_page` a phone-sized touch page (390x844).
- Every test leaves a full-page screenshot in test-artifacts/<test name>.png (also on failure).
- A missing /usr/bin/chromium makes the tests FAIL with a message saying how to install it:
  a skipped browser test would hide a broken journey.
- Never `playwright install`: it downloads a browser; we use the one from Debian's `chromium` package.
- Browser tests live in this folder (these fixtures are visible only here); name the file after
  the journey (test_<journey>.py) and mark it `pytestmark = pytest.mark.browser`.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API keeps an asyncio event loop running in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it's fine (it is: nothing here is async).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHUANGWEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=zh-CN",
]
# Browser-drawn text (the file input's 选择文件) in Chinese, as a Chinese user's browser shows it:
# headless Chromium takes its UI language from LANGUAGE, and needs Debian's chromium-l10n
# (falls back to English without it).
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "zh_CN"}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "pass-1234-word"  # tests/factories.py: user()
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Generous waits: CI machines are small and busy (the default is 5 s).
expect.set_options(timeout=10_000)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# One Playwright and one Chromium per process, shared by every `browser` fixture: Playwright's sync
# API can't be started twice in one thread, and a module that imports these fixtures gets copies.
_shared: dict = {}


def _launch():
    if "browser" not in _shared:
        if not os.path.exists(CHROMIUM):
            pytest.fail(
                f"Chromium not found at {CHROMIUM}. Browser tests need Debian's Chromium and CJK fonts: "
                "`sudo apt-get install chromium fonts-noto-cjk chromium-l10n` (or `make system-deps`). "
                "Do not run `playwright install`.",
                pytrace=False,
            )
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=CHROMIUM_ENV
        )
    return _shared["browser"]


def pytest_sessionfinish(session, exitstatus):
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser():
    return _launch()


def _artifact_name(item) -> str:
    return re.sub(r"[^\w.-]+", "_", item.name).strip("_")


def _new_page(request, browser, **context_kw):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context_kw)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    suffix = "-failed" if failed else ""
    try:
        page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request.node)}{suffix}.png"), full_page=True)
    except Exception as exc:  # the page may have crashed; the test report already says why
        print(f"screenshot failed: {exc}")
    context.close()


@pytest.fixture
def page(request, browser, transactional_db):
    yield from _new_page(request, browser, viewport=DESKTOP)


@pytest.fixture
def mobile_page(request, browser, transactional_db):
    yield from _new_page(request, browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def e2e_world(transactional_db, world):
    """tests/conftest.py's `world`, built in a transactional database so the live server's
    thread sees it (request this rather than `world` in browser tests)."""
    return world


def log_in(page, base_url: str, username: str, password: str = PASSWORD):
    """Log in through the real login form, as a person would; returns the page after submitting."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    return page


@pytest.fixture
def login_as(page, live_server):
    """`login_as(user)` logs `user` (a User or username) in through the form on `page`."""

    def _login(user, password: str = PASSWORD):
        username = getattr(user, "username", user)
        log_in(page, live_server.url, username, password)
        assert "/login/" not in page.url, f"log-in as {username} failed: {page.url}"
        return page

    return _login
