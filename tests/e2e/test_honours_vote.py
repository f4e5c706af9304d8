"""Issue 14, acceptance 5 (the vote part): three nurses vote on 390 px phones, each once and in
secret; the office closes the vote and sees the results, reviews the nominees, puts them on 公示
and, once the 公示 is over, publishes the list."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from chuangwen.honours import services, votes
from chuangwen.honours.models import Ballot, Participation
from tests import factories as f

from .conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def _as(page, base_url, user):
    page.context.clear_cookies()
    log_in(page, base_url, user.username)
    assert "/login/" not in page.url


def _fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways: {width}px"


def test_a_vote_on_phones_to_the_published_list(page, mobile_page, live_server, e2e_world):
    w, base = e2e_world, live_server.url
    nurse = f.honour_type(w.a, code="nurse", name="最满意护士", rules=[{"kind": "post_contains", "text": "护"}])
    sel = f.selection(w.a, types=[nurse], title="2026年度最满意护士评选")
    nominees = [f.person(w.a_med, name=n, title="主管护师") for n in ("周敏", "吴芳", "郑丽")]
    for p in nominees:
        services.nomination_create(
            user=w.office, selection=sel, honour_type=nurse, channel="department", person=p, reason="护理细致，患者满意"
        )
    voters = [w.staff]
    for name in ("nurse_b", "nurse_c"):
        u = f.user(name)
        f.member(u, "staff", unit=w.a)
        f.person(w.a_med, name=f"投票人{name[-1]}", user=u)
        voters.append(u)
    now = timezone.now()
    session = votes.session_open(
        user=w.office, selection=sel, honour_type=nurse, title="最满意护士民主投票",
        voters=[u.person for u in voters], opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=2),
        choices_limit=2, quorum_percent=60,
    )  # fmt: skip

    mobile_page.on("dialog", lambda d: d.accept())
    for i, voter in enumerate(voters):
        _as(mobile_page, base, voter)
        mobile_page.goto(f"{base}/honours/votes/{session.pk}/")
        ballot = mobile_page.get_by_test_id("ballot")
        expect(ballot).to_contain_text("无记名投票")
        expect(mobile_page.get_by_test_id("results-hidden")).to_be_visible()
        ballot.get_by_text("周敏").click()
        if i < 2:
            ballot.get_by_text("吴芳").click()
        if i == 0:
            ARTIFACTS.mkdir(exist_ok=True)
            mobile_page.screenshot(path=str(ARTIFACTS / "honours-ballot-phone.png"), full_page=True)
        mobile_page.get_by_test_id("cast").click()
        expect(mobile_page.get_by_test_id("voted")).to_be_visible()
        expect(mobile_page.get_by_test_id("ballot")).to_have_count(0)
        _fits_a_phone(mobile_page)
    assert Participation.objects.filter(session=session).count() == Ballot.objects.filter(session=session).count() == 3

    page.on("dialog", lambda d: d.accept())
    _as(page, base, w.office)
    page.goto(f"{base}/honours/votes/{session.pk}/")
    expect(page.get_by_test_id("turnout")).to_contain_text("已投 3 人")
    expect(page.get_by_test_id("results")).to_have_count(0)
    page.get_by_test_id("close-vote").click()
    results = page.get_by_test_id("results")
    expect(results).to_contain_text("共 3 张选票")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("周敏")
    expect(results.locator("tbody tr").nth(0)).to_contain_text("3")
    expect(results.locator("tbody tr").nth(1)).to_contain_text("吴芳")

    page.goto(f"{base}/honours/selections/{sel.pk}/")
    page.get_by_role("button", name="提交领导集体研究").click()
    expect(page.get_by_test_id("selection-status")).to_have_text("领导集体研究")
    page.locator("[data-testid^=nomination-]").filter(has_text="周敏").get_by_role(
        "button", name="通过", exact=True
    ).click()
    page.locator("[data-testid^=nomination-]").filter(has_text="吴芳").get_by_role(
        "button", name="通过", exact=True
    ).click()
    page.screenshot(path=str(ARTIFACTS / "honours-selection-review.png"), full_page=True)
    page.get_by_test_id("start-publicity").click()
    expect(page.get_by_test_id("selection-status")).to_have_text("公示中")
    page.get_by_test_id("publicity-link").click()
    notice = page.get_by_test_id("publicity")
    expect(notice).to_contain_text("拟表彰人选公示")
    expect(page.get_by_test_id("publicity-table")).to_contain_text("周敏")

    sel.refresh_from_db()  # the 7 working days pass
    services.selection_publish(user=w.office, selection=sel, today=sel.publicity_until + datetime.timedelta(days=1))
    page.goto(f"{base}/honours/selections/{sel.pk}/publicity/")
    expect(page.get_by_test_id("publicity")).to_contain_text("评先评优结果")
    expect(page.get_by_test_id("publicity-table")).to_contain_text("吴芳")
    expect(page.get_by_test_id("publicity-table")).not_to_contain_text("郑丽")
