"""Full-page screenshots of the main pages for the README and the user guide.

Starts nothing itself: point it at a running server that holds the demo data (`make screenshots`
does it all: a temporary database, `load_demo`, runserver on 127.0.0.1:8765, this script).

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--out docs/screenshots]

Drives Debian's Chromium (apt-get install chromium fonts-noto-cjk chromium-l10n) through
Playwright; never `playwright install`. Exits non-zero if a page fails to load or a log-in fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
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
# Headless Chromium draws its own UI text (the file input's 选择文件) in LANGUAGE (needs chromium-l10n).
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "zh_CN"}
DEMO_PASSWORD = "Chuangwen@2026"
# The demo's pre-enrolled authenticators (chuangwen/org/demo.py DEMO_TOTP_KEYS).
DEMO_TOTP_KEYS = {
    "admin": "CHUANGWENDEMOADMINKEYQINGXIAAAAA",
    "weijianju": "CHUANGWENDEMOWEIJIANJUQINGXIAAAA",
}

# The time step of each account's last two-factor code (a code is never accepted twice).
USED_STEPS: dict[str, int] = {}

# (account, viewport, [(file name, where)]): each account logs in once, then visits its pages in
# order. ``where`` is a path, or "menu:<label>" to open that entry of the side menu (for pages
# whose URL carries an id, such as the current campaign's progress).
DESKTOP = {"width": 1366, "height": 900}
MAX_HEIGHT = 1400
PHONE = {"width": 390, "height": 844}
SHOTS = [
    (
        "chuangban",  # campaign office of 青溪县人民医院
        DESKTOP,
        [
            ("home-office.png", "/"),
            ("campaign-progress.png", "menu:创建进度"),
            ("campaigns.png", "menu:创建方案"),
            ("tasks.png", "menu:责任分解"),
            ("standards.png", "menu:测评体系"),
            ("evidence-review.png", "menu:台账审核"),
            ("findings.png", "/inspections/findings/"),
            ("bulletins.png", "/inspections/bulletins/"),
            ("satisfaction.png", "/surveys/index/"),
            ("complaints.png", "/feedback/complaints/"),
            ("departments.png", "/org/departments/"),
            ("staff.png", "/org/staff/"),
            ("roster-import.png", "/org/staff/import/"),
            ("summary.png", "/reports/summary/"),
            ("ledger.png", "/reports/"),
        ],
    ),
    (
        "neike",  # head of 内科, on a phone in the ward
        PHONE,
        [
            ("home-head-phone.png", "/"),
            ("my-tasks-phone.png", "/campaigns/my-tasks/"),
            ("findings-phone.png", "/inspections/findings/"),
        ],
    ),
    # Every role's home (what to do next), at a desk and on a phone.
    ("chuangban", PHONE, [("home-office-phone.png", "/")]),
    ("neike", DESKTOP, [("home-head.png", "/")]),
    ("duchayuan", DESKTOP, [("home-inspector.png", "/")]),  # inspector
    ("duchayuan", PHONE, [("home-inspector-phone.png", "/")]),
    ("shuji", DESKTOP, [("home-secretary.png", "/")]),  # party branch secretary
    ("shuji", PHONE, [("home-secretary-phone.png", "/")]),
    ("zhigong", DESKTOP, [("home-staff.png", "/")]),  # a nurse of 内科
    ("zhigong", PHONE, [("home-staff-phone.png", "/")]),
    ("weijianju", PHONE, [("home-bureau-phone.png", "/")]),
    ("admin", DESKTOP, [("home-admin.png", "/")]),  # system administrator
    ("admin", PHONE, [("home-admin-phone.png", "/")]),
    (
        "weijianju",  # county health bureau (supervisor)
        DESKTOP,
        [
            ("home-bureau.png", "/"),
            ("bureau-ranking.png", "/ranking/"),
            ("bureau-progress.png", "menu:辖区进度"),
            ("units.png", "/org/units/"),
        ],
    ),
]


def wait_for_server(base_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{base_url}/login/", timeout=2).close()
            return
        except (urllib.error.URLError, OSError) as exc:
            if time.monotonic() > deadline:
                sys.exit(f"screenshots: no server at {base_url} after {timeout:.0f}s ({exc})")
            time.sleep(0.3)


def visit(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status >= 400:
        sys.exit(f"screenshots: {url} answered {response.status if response else 'nothing'}")


def shoot(page: Page, out: Path, name: str) -> None:
    # Let web fonts and charts settle, then capture the page from the top, at most MAX_HEIGHT
    # tall (a long table says nothing more in a README).
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(300)
    width = page.viewport_size["width"]
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(path=str(out / name), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    print(f"  {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/{name}")


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    visit(page, f"{base_url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    with page.expect_navigation(wait_until="networkidle"):
        page.get_by_role("button", name="登录").click()
    if "/login/verify/" in page.url and username in DEMO_TOTP_KEYS:
        from base64 import b32decode

        from django_otp.oath import totp

        # A code is accepted once: a second log-in of the same account waits for the next one.
        step = int(time.time()) // 30
        if USED_STEPS.get(username) == step:
            time.sleep(30 - time.time() % 30 + 1)
            step += 1
        USED_STEPS[username] = step
        page.get_by_label("验证码").fill(f"{totp(b32decode(DEMO_TOTP_KEYS[username])):06d}")
        with page.expect_navigation(wait_until="networkidle"):
            page.get_by_role("button", name="验证").click()
    if "/login/" in page.url:
        sys.exit(f"screenshots: log-in as {username} failed (is the demo loaded? `manage.py load_demo`)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-url", default="http://127.0.0.1:8000")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--password", default=DEMO_PASSWORD)
    ap.add_argument("--wait", type=float, default=30, help="seconds to wait for the server to answer")
    args = ap.parse_args()
    base = args.base_url.rstrip("/")
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not os.path.exists(CHROMIUM):
        sys.exit(f"screenshots: no Chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk chromium-l10n")
    wait_for_server(base, args.wait)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=CHROMIUM_ENV)

        def new_page(viewport=DESKTOP) -> Page:
            context = browser.new_context(
                locale="zh-CN",
                timezone_id="Asia/Shanghai",
                viewport=viewport,
                is_mobile=viewport is PHONE,
                has_touch=viewport is PHONE,
                reduced_motion="reduce",
            )
            context.set_default_timeout(20_000)
            return context.new_page()

        page = new_page()
        visit(page, f"{base}/login/")
        shoot(page, out, "login.png")
        page.context.close()

        for username, viewport, shots in SHOTS:
            page = new_page(viewport)
            log_in(page, base, username, args.password)
            for name, where in shots:
                if where.startswith("menu:"):
                    visit(page, f"{base}/")
                    link = page.locator("#cw-sidebar a.nav-link", has_text=where.removeprefix("menu:")).first
                    visit(page, link.get_attribute("href") and f"{base}{link.get_attribute('href')}")
                else:
                    visit(page, f"{base}{where}")
                shoot(page, out, name)
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main()
