"""The item scores API: both views with their explanations, an assessment through the API, the
scope (another hospital's campaign is 404) and errors naming the field."""

from decimal import Decimal

import pytest

from chuangwen.evidence.models import ItemCompliance
from chuangwen.scoring.items import item_scores_refresh
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_items_with_both_views_and_an_assessment(sc, call):
    w = sc.w
    item = sc.items[0]
    ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=item, status="met")
    item_scores_refresh(campaign=sc.camp)
    r = call(w.office, "get", f"/api/scoring/items/campaigns/{sc.camp.pk}/items")
    assert r.status_code == 200, r.content
    rows = {row["item_id"]: row for row in r.json()}
    assert len(rows) == len(sc.items)
    first = rows[item.pk]
    assert Decimal(first["self_score"]["score"]) == 5 and first["bureau_score"]["assessed"] is False
    assert sum(Decimal(ln["points"]) for ln in first["self_score"]["lines"]) == 5 and first["gap"] is None
    path = f"/api/scoring/items/campaigns/{sc.camp.pk}/items/{item.pk}/assessments"
    r = call(w.supervisor, "post", path, {"score": "3", "reason": "实地测评：宣传栏未更新"})
    assert r.status_code == 201, r.content
    assert Decimal(r.json()["bureau_score"]["score"]) == 3 and Decimal(r.json()["gap"]) == -2
    r = call(w.office, "post", path, {"score": "4"})
    assert r.status_code == 422 and "理由" in r.content.decode()
    assert call(w.head, "post", path, {"score": "5"}).status_code == 403


def test_another_hospitals_campaign_is_404(sc, call):
    other = f.campaign(sc.w.b, sc.std)
    assert call(sc.w.office, "get", f"/api/scoring/items/campaigns/{other.pk}/items").status_code == 404
    path = f"/api/scoring/items/campaigns/{other.pk}/items/{sc.items[0].pk}/assessments"
    assert call(sc.w.office, "post", path, {"score": "5"}).status_code == 404
