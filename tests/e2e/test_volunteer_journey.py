"""Volunteer service in a browser: the office imports the platform's export (maps the columns,
sees every bad row with its number, imports the corrected file), then a department head on a
390 px phone sees who of his department is short, and a staff member her hours and certificate."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from chuangwen.volunteer import services
from chuangwen.volunteer.models import ServiceHours
from tests import factories as f

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser
HEADERS = ["时长记录号", "志愿者姓名", "工号", "服务日期", "服务时长(小时)", "项目名称"]


def _file(tmp_path, name, rows):
    wb = Workbook()
    wb.active.append(HEADERS)
    for row in rows:
        wb.active.append(row)
    path = tmp_path / name
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_import_then_who_is_short_on_a_phone(page, browser, live_server, e2e_world, tmp_path):
    w, base = e2e_world, live_server.url
    head_person = f.person(w.a_med, name="陈主任")
    head_person.user = w.head
    head_person.save()
    today = timezone.localdate()
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=3)
    services.rule_set(unit=w.a, user=w.office, year=today.year, kind="each_month", target=Decimal("3"))
    rows = [
        ["R1", "李娜", w.a_p1.employee_no, last.isoformat(), 3, "门诊导医"],
        ["R2", "王强", w.a_p2.employee_no, last.isoformat(), "三小时", "门诊导医"],
        ["R3", "查无此人", "", last.isoformat(), 2, "门诊导医"],
    ]
    log_in(page, base, w.office.username)
    page.goto(f"{base}/volunteer/import/")
    page.set_input_files("input[type=file]", str(_file(tmp_path, "志愿汇导出.xlsx", rows)))
    page.get_by_role("button", name="上传并映射列").click()
    # The file's titles are matched to our fields; the office checks and confirms.
    expect(page.get_by_label("记录编号")).to_have_value("时长记录号")
    page.get_by_role("button", name="校验整张表").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("第 3 行")
    expect(errors).to_contain_text("第 4 行")
    assert ServiceHours.objects.count() == 0
    rows[1][4], rows[2][1], rows[2][2] = 3.5, "赵敏", ""
    f.person(w.a_med, name="赵敏")
    page.goto(f"{base}/volunteer/import/")
    page.set_input_files("input[type=file]", str(_file(tmp_path, "志愿汇导出2.xlsx", rows)))
    page.get_by_role("button", name="上传并映射列").click()
    page.get_by_role("button", name="校验整张表").click()
    expect(page.get_by_test_id("preview")).to_contain_text("3 条新记录待导入")
    page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("committed")).to_contain_text("已导入 3 条记录")
    page.goto(f"{base}/volunteer/?year={last.year}")
    page.screenshot(path=str(ARTIFACTS / "volunteer_overview_desktop.png"), full_page=True)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    try:
        log_in(mobile, base, w.head.username)
        mobile.goto(f"{base}/volunteer/?year={last.year}&short=1")
        rows_shown = mobile.get_by_test_id("person-card")
        expect(rows_shown).to_have_count(1 if last.month == 1 else 3)  # 内科: only the short
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        mobile.screenshot(path=str(ARTIFACTS / "volunteer_overview_phone.png"), full_page=True)
        mobile.context.clear_cookies()
        log_in(mobile, base, w.staff.username)
        mobile.goto(f"{base}/volunteer/me/?year={last.year}")
        expect(mobile.get_by_test_id("my-year")).to_have_text(re.compile(r"^3(\.0)?$"))
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        mobile.screenshot(path=str(ARTIFACTS / "volunteer_me_phone.png"), full_page=True)
        with mobile.expect_download() as download:
            mobile.get_by_role("link", name="Word").click()
        assert download.value.suggested_filename.startswith("志愿服务证明")
    finally:
        phone.close()
