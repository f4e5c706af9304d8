"""Item score pages: self and bureau side by side with the gap, the reviewer's confirm / change
form, a round's checklist scored on a phone; the scope (another hospital's campaign is 404) and
a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.evidence.models import ItemCompliance
from chuangwen.inspections.services.rounds import round_create
from chuangwen.scoring.items import item_scores_refresh
from chuangwen.scoring.models import ItemAssessment, ItemScore
from tests import factories as f

from .conftest import set_rule

pytestmark = pytest.mark.django_db


def page(sc):
    return reverse("scoring_items:campaign_item_scores", args=[sc.camp.pk])


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(path)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_the_page_shows_both_views_and_the_gap_in_a_fixed_number_of_queries(sc, login):
    w = sc.w
    ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=sc.items[0], status="met")
    item_scores_refresh(campaign=sc.camp)
    client = login(w.office)
    before = _count(client, page(sc))
    ItemAssessment.objects.create(
        campaign=sc.camp, unit=w.a, item=sc.items[0], assessor="bureau", score=3, reason="实地测评"
    )
    set_rule(sc.items[1], "等级:A=1,B=0.8")
    set_rule(sc.items[2], "发现一处扣1分")
    set_rule(sc.items[3], "每月1分")
    item_scores_refresh(campaign=sc.camp)
    assert _count(client, page(sc)) == before
    html = client.get(page(sc)).content.decode()
    assert html.count('data-testid="item-score-row"') == len(sc.items)
    assert '<td class="text-end" data-testid="gap">−2</td>' in html
    # self: 5 (met) + 5 (no findings) + 0 (no month with work); bureau: 3 (assessed) + 5 (findings count in both)
    assert 'data-testid="total-self">10<' in html and 'data-testid="total-bureau">8<' in html
    assert 'data-testid="total-gap">−2<' in html  # over the one item the bureau assessed


def test_the_office_confirms_or_changes_and_others_may_not(sc, login):
    w = sc.w
    item = sc.items[0]
    url = reverse("scoring_items:item_assess", args=[sc.camp.pk, item.pk])
    r = login(w.office).post(url, {"score": "2", "reason": ""}, follow=True)
    assert "调整建议得分 0 时须填写理由" in r.content.decode() and not ItemAssessment.objects.exists()
    login(w.office).post(url, {"score": "2", "reason": "现场核实部分落实"})
    assert ItemScore.objects.get(campaign=sc.camp, item=item, view="self").score == Decimal("2")
    assert login(w.head).post(url, {"score": "5", "reason": "x"}).status_code == 403
    other = f.campaign(w.b, sc.std)
    other_url = reverse("scoring_items:item_assess", args=[other.pk, item.pk])
    assert login(w.office).post(other_url, {"score": "5", "reason": "x"}).status_code == 404
    assert login(w.office).get(reverse("scoring_items:campaign_item_scores", args=[other.pk])).status_code == 404


def test_the_bureau_scores_its_rounds_checklist_and_a_wrong_row_writes_nothing(sc, login):
    w = sc.w
    graded = set_rule(sc.items[1], "等级:A=1,B=0.8,C=0.6")
    today = datetime.date.today()
    rnd = round_create(
        user=w.supervisor, owner_unit=w.bureau, kind="review", title="年度实地测评", starts_on=today,
        ends_on=today + datetime.timedelta(days=3), target_units=[w.a], inspectors=[w.supervisor], items=sc.items[:2],
    )  # fmt: skip
    detail = login(w.supervisor).get(reverse("inspections:round_detail", args=[rnd.pk])).content.decode()
    url = reverse("scoring_items:round_scores", args=[rnd.pk, sc.camp.pk])
    assert url in detail
    client = login(w.supervisor)
    assert client.get(url).content.decode().count('data-testid="round-score-item"') == 2
    bad = {f"score-{sc.items[0].pk}": "9", f"grade-{graded.pk}": "B", f"reason-{graded.pk}": "较好"}
    r = client.post(url, bad)
    assert r.status_code == 200 and sc.items[0].code in r.content.decode()
    assert not ItemAssessment.objects.exists()
    good = {f"score-{sc.items[0].pk}": "4.5", f"reason-{sc.items[0].pk}": "台账齐全", f"grade-{graded.pk}": "B"}
    assert client.post(url, good).status_code == 302
    assert set(ItemAssessment.objects.values_list("assessor", "round_id")) == {("bureau", rnd.pk)}
    assert ItemScore.objects.get(campaign=sc.camp, item=graded, view="bureau").score == Decimal("4")
    assert ItemScore.objects.get(campaign=sc.camp, item=sc.items[0], view="bureau").score == Decimal("4.5")
    # The hospital's staff may not score the bureau's round.
    assert login(w.head).get(url).status_code == 404
