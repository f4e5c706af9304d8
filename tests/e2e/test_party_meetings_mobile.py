"""三会一课 on a phone (390 px): the branch secretary sees October's 支委会 late on the branch's
calendar, records the meeting (attendance with a leave reason, a resolution with its votes) on
his phone, and reads the record with its attendance rate; the office sees the branches and the
development pipeline at desk width."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.org.models import Person
from chuangwen.party import development, services
from chuangwen.party.models import Meeting, MeetingType
from tests import factories as f

from .conftest import log_in

pytestmark = pytest.mark.browser


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def _fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"


def test_the_secretary_records_a_meeting_on_a_phone(page, mobile_page, live_server, e2e_world):
    w, base = e2e_world, live_server.url
    today = timezone.localdate()
    year = today.year
    sec = f.person(w.a_med, name="陈书记", political_status=Person.Political.CPC, user=w.secretary)
    branch = services.branch_create(user=w.office, unit=w.a, name="内科党支部", secretary=sec)
    members = [sec] + [f.person(w.a_med, name=n, political_status="cpc") for n in ("刘敏", "赵磊", "孙婷")]
    for i, p in enumerate(members):
        services.member_add(user=w.office, branch=branch, person=p, post="secretary" if i == 0 else "")
    committee = MeetingType.objects.get(code="committee")
    for month in range(1, today.month):
        if month == 10:
            continue
        day = datetime.date(year, month, 12)
        services.meeting_create(
            user=w.secretary, branch=branch, type=committee, title=f"{month}月支委会",
            held_at=timezone.make_aware(datetime.datetime(year, month, 12, 15)), place="示教室",
            host=sec, recorder=members[1], agenda="研究工作", recorded_on=day,
        )  # fmt: skip
    applicant = f.person(w.a_med, name="林晓")
    development.applicant_create(user=w.office, branch=branch, person=applicant, applied_on=today.replace(day=1))

    _as(mobile_page, base, w.secretary)
    mobile_page.goto(f"{base}/party/branches/{branch.pk}/")
    row = mobile_page.locator('tr[data-type="committee"]')
    if today.month > 10:
        expect(row.locator("td").nth(9).locator("[data-status]")).to_have_attribute("data-status", "late")
    _fits_a_phone(mobile_page)
    mobile_page.get_by_role("link", name="登记会议记录").click()
    mobile_page.get_by_label("会议类型").select_option(label="支委会")
    mobile_page.get_by_label("会议主题").fill("研究发展党员工作")
    mobile_page.get_by_label("地点").fill("住院部三楼示教室")
    mobile_page.get_by_label("记录人").select_option(label=str(members[1]))
    mobile_page.get_by_label("议程").fill("一、研究入党积极分子培养\n二、部署下月工作")
    mobile_page.get_by_label("决议").fill("同意林晓同志为入党积极分子 | 3 | 0 | 0")
    table = mobile_page.get_by_test_id("attendance-form")
    zhao = table.locator("tr", has_text="赵磊")
    zhao.locator("select").select_option("leave")
    zhao.locator("input").fill("外出进修")
    _fits_a_phone(mobile_page)
    mobile_page.get_by_role("button", name="保存").click()
    expect(mobile_page.locator(".alert-success")).to_contain_text("会议记录已保存")
    expect(mobile_page.get_by_test_id("rate")).to_have_text("75.0%")
    expect(mobile_page.locator("body")).to_contain_text("外出进修")
    _fits_a_phone(mobile_page)
    meeting = Meeting.objects.get(title="研究发展党员工作")
    assert meeting.resolutions.get().votes_for == 3

    _as(page, base, w.office)
    page.goto(f"{base}/party/")
    expect(page.get_by_test_id("branch-card")).to_contain_text("内科党支部")
    page.goto(f"{base}/party/development/")
    expect(page.get_by_test_id("pipeline-row")).to_contain_text("林晓")
    expect(page.get_by_test_id("next-due")).to_contain_text("截止")
    page.goto(f"{base}/party/branches/{branch.pk}/")
    expect(page.get_by_test_id("calendar")).to_be_visible()
