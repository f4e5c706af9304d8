from decimal import Decimal

import pytest

from chuangwen.standards.models import Item, Standard
from tests import factories as f

from .conftest import ROWS, YAML, upload, xlsx_bytes


@pytest.fixture
def stds(world):
    bureau_y = f.unit(world.county_y, "临川县卫生健康局", kind="authority", category="bureau")
    return {
        "x": f.standard(world.bureau, name="青溪县测评体系", applies_to=world.county_x),
        "b": f.standard(world.b, name="县中医院细则"),
        "y": f.standard(bureau_y, name="临川县测评体系", applies_to=world.county_y),
    }


def test_list_and_tree(world, stds, call):
    response = call(world.office, "GET", "/api/standards/standards")
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [r["name"] for r in rows] == ["青溪县测评体系"]
    assert rows[0]["item_count"] == 12 and Decimal(rows[0]["total_points"]) == 60
    tree = call(world.office, "GET", f"/api/standards/standards/{stds['x'].pk}").json()
    assert [a["code"] for a in tree["aspects"]] == ["1", "2"]
    assert len(tree["aspects"][0]["indicators"][1]["items"]) == 3
    assert Decimal(tree["aspects"][0]["points"]) == 30


@pytest.mark.parametrize("user", ["office", "head", "staff"])
def test_outside_the_scope_is_404(world, stds, call, user):
    u = getattr(world, user)
    for key in ("b", "y"):
        pk = stds[key].pk
        assert call(u, "GET", f"/api/standards/standards/{pk}").status_code == 404
        assert call(u, "POST", f"/api/standards/standards/{pk}/publish").status_code == 404
        assert call(u, "POST", f"/api/standards/standards/{pk}/new-version").status_code == 404
        assert call(u, "POST", f"/api/standards/standards/{pk}/adapt", {"unit": world.a.pk}).status_code == 404
        item = Item.objects.filter(standard=stds[key]).first()
        assert call(u, "PATCH", f"/api/standards/items/{item.pk}", {"points": "1"}).status_code == 404
    assert Item.objects.filter(points=Decimal("1")).count() == 0


def test_import_xlsx_and_yaml(world, call):
    response = call(
        world.office,
        "POST",
        "/api/standards/standards/import",
        data={"file": upload(xlsx_bytes(ROWS)), "name": "院标"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_unit_id"] == world.a.pk and body["status"] == "draft" and body["item_count"] == 5
    response = call(
        world.supervisor, "POST", "/api/standards/standards/import", data={"file": upload(YAML.encode(), "s.yaml")}
    )
    assert response.status_code == 201 and response.json()["owner_unit_id"] == world.bureau.pk


def test_import_errors_are_listed_and_nothing_written(world, call):
    bad = [["1 A", "1.1 B", "1.1.1", "", 3, "看看", "", ""]]
    response = call(world.office, "POST", "/api/standards/standards/import", data={"file": upload(xlsx_bytes(bad))})
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "测评内容"), (2, "测评方法")]
    assert (
        call(world.head, "POST", "/api/standards/standards/import", data={"file": upload(xlsx_bytes(ROWS))}).status_code
        == 403
    )
    response = call(
        world.office,
        "POST",
        "/api/standards/standards/import",
        data={"file": upload(xlsx_bytes(ROWS)), "owner_unit": world.b.pk},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "owner_unit"
    response = call(
        world.supervisor,
        "POST",
        "/api/standards/standards/import",
        data={"file": upload(xlsx_bytes(ROWS)), "owner_unit": world.b.pk},
    )
    assert response.status_code == 403
    assert not Standard.objects.exists()


def test_adapt_patch_publish(world, stds, call):
    response = call(world.office, "POST", f"/api/standards/standards/{stds['x'].pk}/adapt", {"unit": world.a.pk})
    assert response.status_code == 201
    copy = response.json()
    item_id = copy["aspects"][0]["indicators"][0]["items"][0]["id"]
    response = call(
        world.office,
        "PATCH",
        f"/api/standards/items/{item_id}",
        {"points": "8", "rules": [{"type": "min_photos", "count": 2}]},
    )
    assert response.status_code == 200 and response.json()["rule_labels"] == ["At least 2 photos"]
    response = call(world.office, "PATCH", f"/api/standards/items/{item_id}", {"rules": [{"type": "nope"}]})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "rules"
    tree = call(world.office, "GET", f"/api/standards/standards/{copy['id']}").json()
    assert tree["changed_item_ids"] == [item_id] and Decimal(tree["total_points"]) == 63
    assert call(world.head, "POST", f"/api/standards/standards/{copy['id']}/publish").status_code == 403
    assert call(world.office, "POST", f"/api/standards/standards/{copy['id']}/publish").json()["status"] == "published"
    response = call(world.office, "PATCH", f"/api/standards/items/{item_id}", {"points": "1"})
    assert response.status_code == 422 and "cannot be edited" in response.json()["errors"][0]["message"]
    assert Item.objects.get(standard=stds["x"], code="1.1.1").points == Decimal("5")
    # Nobody adapts into a unit they cannot manage: unseen is a 422 on the field, seen is 403.
    response = call(world.office, "POST", f"/api/standards/standards/{stds['x'].pk}/adapt", {"unit": world.b.pk})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "unit"
    response = call(world.supervisor, "POST", f"/api/standards/standards/{stds['x'].pk}/adapt", {"unit": world.b.pk})
    assert response.status_code == 403
    assert Standard.objects.filter(owner_unit=world.b).count() == 1
