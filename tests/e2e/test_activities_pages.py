"""The activities pages at desk width and on a 390 px phone: the list, an activity, the sign-in
screen (its code refreshes by itself), notes progress and the bureau's table, screenshotted,
none scrolling sideways on the phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from tests.e2e.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def _year_of_activities(w):
    now = timezone.now()
    people = [w.a_p1, w.a_p2] + [f.person(w.a_med, name=n) for n in ("周杰", "吴芳", "郑伟", "陈静")]
    f.study_target(w.a, year=timezone.localdate().year, words=3000)
    for i, (kind, title) in enumerate(
        [
            ("political_study", "十一月第一次政治理论学习"),
            ("ethics_lecture", "道德讲堂：学习身边好医生"),
            ("training", "院感防控与手卫生培训"),
            ("drill", "消防应急疏散演练"),
            ("free_clinic", "“健康快车进社区”义诊"),
        ]
    ):
        a = f.activity(
            w.a_med,
            kind=f.shipped_kind(kind),
            title=title,
            starts_at=now - timedelta(days=i * 6),
            roster=people,
            place="门诊楼六楼学术报告厅",
        )
        for p in people[: 6 - (i % 3)]:
            f.attendance(a, p)
        if kind == "political_study":
            for p in people[:4]:
                f.study_note(a, p, word_count=900 + 300 * people.index(p))
    return a


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_activity_pages(browser, live_server, e2e_world, viewport):
    w = e2e_world
    last = _year_of_activities(w)
    size = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}[viewport]
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport=size, is_mobile=viewport == "phone"
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url, w.office.username)
        pages = {
            "list": "/activities/",
            "detail": f"/activities/{last.pk}/",
            "signin": f"/activities/{last.pk}/signin/",
            "progress": "/activities/notes/progress/",
        }
        for name, path in pages.items():
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / f"activities_{name}_{viewport}.png"), full_page=True)
            if viewport == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{path} scrolls sideways: {width}px"
        context.clear_cookies()
        log_in(page, live_server.url, w.supervisor.username)
        page.goto(live_server.url + "/activities/bureau/")
        expect(page.get_by_test_id("bureau-table")).to_contain_text("县人民医院")
        page.screenshot(path=str(ARTIFACTS / f"activities_bureau_{viewport}.png"), full_page=True)
    finally:
        context.close()
