from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.standards.models import Item, Standard
from chuangwen.standards.services import standard_adapt
from tests import factories as f

from .conftest import ROWS, upload, xlsx_bytes


@pytest.fixture
def stds(world):
    """County X's published standard and a draft of it, hospital A's and B's own standards,
    and county Y's published standard."""
    bureau_y = f.unit(world.county_y, "临川县卫生健康局", kind="authority", category="bureau")
    return {
        "x": f.standard(world.bureau, name="青溪县测评体系", applies_to=world.county_x),
        "x_draft": f.standard(world.bureau, name="青溪县测评体系草稿", applies_to=world.county_x, status="draft"),
        "a": f.standard(world.a, name="县人民医院细则", status="draft"),
        "b": f.standard(world.b, name="县中医院细则"),
        "y": f.standard(bureau_y, name="临川县测评体系", applies_to=world.county_y),
    }


def names(response):
    return {s.name for s in response.context["object_list"]}


def test_list_shows_own_and_published_above_only(world, stds, login):
    client = login(world.office)
    response = client.get(reverse("standards:standard_list"))
    assert response.status_code == 200
    assert names(response) == {"青溪县测评体系", "县人民医院细则"}
    row = next(s for s in response.context["object_list"] if s.name == "青溪县测评体系")
    assert (row.item_count, row.total_points) == (12, Decimal("60"))
    assert names(login(world.supervisor).get(reverse("standards:standard_list"))) == {
        "青溪县测评体系",
        "青溪县测评体系草稿",
        "县人民医院细则",
        "县中医院细则",
    }


@pytest.mark.parametrize("user", ["office", "head", "staff", "inspector", "secretary"])
def test_hospital_a_cannot_reach_b_or_county_y(world, stds, login, user):
    client = login(getattr(world, user))
    for key in ("b", "y", "x_draft"):
        pk = stds[key].pk
        for name in ("standard_detail", "standard_export_xlsx", "standard_export_yaml"):
            assert client.get(reverse(f"standards:{name}", args=[pk])).status_code == 404, (key, name)
        for name in ("standard_publish", "standard_new_version", "standard_adapt", "standard_retire"):
            assert client.post(reverse(f"standards:{name}", args=[pk])).status_code == 404, (key, name)
        assert client.get(reverse("standards:item_create", args=[pk])).status_code == 404
        item = Item.objects.filter(standard=stds[key]).first()
        assert client.get(reverse("standards:item_update", args=[item.pk])).status_code == 404
    assert Standard.objects.get(pk=stds["b"].pk).status == "published"


def test_view_only_users_get_403_on_change(world, stds, login):
    client = login(world.head)
    assert client.get(reverse("standards:standard_detail", args=[stds["a"].pk])).status_code == 200
    assert client.post(reverse("standards:standard_publish", args=[stds["a"].pk])).status_code == 403
    item = Item.objects.filter(standard=stds["a"]).first()
    assert client.get(reverse("standards:item_update", args=[item.pk])).status_code == 403
    assert client.get(reverse("standards:standard_import")).status_code == 403
    assert Standard.objects.get(pk=stds["a"].pk).status == "draft"


def test_detail_shows_the_tree_totals_and_rules(world, stds, login):
    item = Item.objects.filter(standard=stds["x"]).first()
    item.rules = [{"type": "min_photos", "count": 2}]
    item.save()
    response = login(world.office).get(reverse("standards:standard_detail", args=[stds["x"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="standard-item"') == 12
    assert 'data-testid="total-points">60<' in html
    assert "At least 2 photos" in html
    assert 'data-testid="standard-adapt"' in html and 'data-testid="standard-publish"' not in html


def detail_queries(client, pk):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("standards:standard_detail", args=[pk])).status_code == 200
    return len(ctx)


def test_detail_query_count_does_not_grow_with_items(world, login):
    small = f.standard(world.bureau, applies_to=world.county_x, aspects=1, indicators=1, items=1)
    big = f.standard(world.bureau, name="大", applies_to=world.county_x, aspects=5, indicators=4, items=6)
    client = login(world.office)
    detail_queries(client, small.pk)
    assert detail_queries(client, small.pk) == detail_queries(client, big.pk)
    small_copy = standard_adapt(standard=small, unit=world.a, user=world.office)
    big_copy = standard_adapt(standard=big, unit=world.a, user=world.office)
    assert detail_queries(client, small_copy.pk) == detail_queries(client, big_copy.pk)


def test_list_query_count_is_fixed(world, login):
    client = login(world.office)
    for n in range(3):
        f.standard(world.bureau, name=f"体系{n}", applies_to=world.county_x)
    client.get(reverse("standards:standard_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("standards:standard_list"))
    for n in range(10):
        f.standard(world.bureau, name=f"更多{n}", applies_to=world.county_x)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("standards:standard_list"))
    assert len(few) == len(many)


def test_import_page_success_and_errors(world, login):
    client = login(world.office)
    url = reverse("standards:standard_import")
    assert client.get(url).status_code == 200
    bad = [list(ROWS[0]), ["1 A", "1.1 B", "1.1.9", "x", 2000, "材料审核", "", ""]]
    response = client.post(url, {"file": upload(xlsx_bytes(bad)), "name": "院标", "owner_unit": world.a.pk})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="standard-errors"' in html and "Row 3" in html
    assert not Standard.objects.exists()
    response = client.post(url, {"file": upload(xlsx_bytes(ROWS)), "name": "院标", "owner_unit": world.a.pk})
    std = Standard.objects.get()
    assert response.status_code == 302 and response.url == std.get_absolute_url()
    assert std.owner_unit == world.a and Item.objects.filter(standard=std).count() == 5


def test_import_cannot_target_another_unit(world, login):
    response = login(world.office).post(
        reverse("standards:standard_import"), {"file": upload(xlsx_bytes(ROWS)), "name": "x", "owner_unit": world.b.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["owner_unit"]
    assert not Standard.objects.exists()


def test_journey_adapt_edit_publish(world, stds, login):
    client = login(world.office)
    response = client.post(reverse("standards:standard_adapt", args=[stds["x"].pk]))
    copy = Standard.objects.get(based_on=stds["x"])
    assert response.status_code == 302 and copy.owner_unit == world.a
    item = Item.objects.get(standard=copy, code="1.1.1")
    url = reverse("standards:item_update", args=[item.pk])
    assert client.get(url).status_code == 200
    data = {
        "code": "1.1.1",
        "title": "每月开展两次政治学习",
        "points": "7.5",
        "methods": ["documents", "site"],
        "materials": "签到表",
        "rule_min_photos": "2",
        "rule_min_records": "2",
        "rule_records_period": "month",
        "rule_file_types": "pdf, docx",
    }
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.points == Decimal("7.5") and item.methods == ["documents", "site"]
    assert item.rules == [
        {"type": "min_photos", "count": 2},
        {"type": "file_types", "types": ["pdf", "docx"]},
        {"type": "min_records", "count": 2, "period": "month"},
    ]
    html = client.get(copy.get_absolute_url()).content.decode()
    assert 'data-testid="standard-compare"' in html and "1 item changed" in html
    assert client.post(reverse("standards:standard_publish", args=[copy.pk])).status_code == 302
    copy.refresh_from_db()
    assert copy.status == "published"
    response = client.post(url, {**data, "points": "1"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.points == Decimal("7.5")
    assert Item.objects.get(standard=stds["x"], code="1.1.1").points == Decimal("5")


def test_exports_download(world, stds, login):
    client = login(world.office)
    response = client.get(reverse("standards:standard_export_xlsx", args=[stds["x"].pk]))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response.headers["Content-Disposition"]
    response = client.get(reverse("standards:standard_export_yaml", args=[stds["x"].pk]))
    assert "青溪县测评体系" in response.content.decode()


def test_menu_entry(world, login):
    html = login(world.staff).get(reverse("home")).content.decode()
    assert reverse("standards:standard_list") in html
