"""First journeys through a real browser: the campaign office logs in, finds its departments and
tries a roster with a mistake in it; a stranger guessing passwords gets locked out."""

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from chuangwen.org.models import Person

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser

ROSTER_HEADERS = ["工号", "姓名", "性别", "科室", "职称", "岗位", "手机", "政治面貌"]


def _roster_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "花名册"
    ws.append(ROSTER_HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_office_finds_departments_and_roster_errors_write_nothing(page, live_server, e2e_world, tmp_path):
    w = e2e_world
    before = Person.objects.filter(unit=w.a).count()

    log_in(page, live_server.url, w.office.username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("current-unit")).to_contain_text("青溪县人民医院")

    page.locator("#cw-sidebar").get_by_role("link", name=re.compile(r"(^|\s)科室$")).click()
    expect(page).to_have_url(re.compile(r"/org/departments/$"))
    table = page.get_by_test_id("department-table")
    expect(table.get_by_role("link", name="内科", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="外科", exact=True)).to_be_visible()
    # Hospital A's office sees only hospital A: one row per department, nothing from B or C.
    expect(table.locator("tbody tr")).to_have_count(2)

    page.locator("#cw-sidebar").get_by_role("link", name="导入花名册").click()
    expect(page).to_have_url(re.compile(r"/org/staff/import/$"))
    xlsx = _roster_xlsx(
        tmp_path / "花名册.xlsx",
        [
            ["10001", "赵敏", "女", "内科", "主治医师", "医生", "13900000001", "中共党员"],
            ["10002", "钱进", "男", "心内科", "住院医师", "医生", "13900000002", "群众"],
            ["10003", "孙丽", "女", "外科", "护师", "护士", "13900000003", "共青团员"],
        ],
    )
    page.locator("input[data-testid=roster-file]").set_input_files(str(xlsx))
    page.locator("[data-testid=roster-submit]").click()

    errors = page.locator("table[data-testid=roster-errors]")
    expect(errors).to_be_visible()
    bad_row = errors.locator("tbody tr").filter(has_text="心内科")
    expect(bad_row).to_have_count(1)
    expect(bad_row.locator("td").first).to_have_text(re.compile(r"^\s*3\s*$"))
    # Only the bad row is reported, and no success box claims anything was imported.
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=roster-result]")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "first_journey.png"), full_page=True)

    assert Person.objects.filter(unit=w.a).count() == before
    assert not Person.objects.filter(name__in=["赵敏", "钱进", "孙丽"]).exists()


def test_wrong_password_five_times_locks_the_account(page, live_server, e2e_world):
    w = e2e_world
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("button", name="登录")).to_be_visible()

    for _ in range(5):
        log_in(page, live_server.url, w.office.username, "wrong-password")
        expect(page).to_have_url(re.compile(r"/login/$"))
        expect(page.get_by_test_id("login-error")).to_be_visible()

    # Now even the right password is refused, with a message saying the account is locked.
    log_in(page, live_server.url, w.office.username)
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_test_id("login-error")).to_contain_text("锁定")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "lockout.png"), full_page=True)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_phone_menu_opens_from_the_toggler(mobile_page, live_server, e2e_world):
    page = mobile_page
    log_in(page, live_server.url, e2e_world.office.username)
    expect(page).to_have_url(f"{live_server.url}/")
    departments = page.locator("#cw-sidebar").get_by_role("link", name=re.compile(r"(^|\s)科室$"))
    expect(departments).to_be_hidden()  # on a phone the side menu waits behind the toggler
    page.get_by_role("button", name="菜单").tap()
    expect(departments).to_be_visible()
    departments.tap()
    expect(page).to_have_url(re.compile(r"/org/departments/$"))
    expect(page.get_by_test_id("department-table")).to_contain_text("内科")
