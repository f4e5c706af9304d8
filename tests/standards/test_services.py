from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chuangwen.standards import exporters, services
from chuangwen.standards.importers import read_xlsx, read_yaml
from chuangwen.standards.models import Indicator, Item, Standard
from chuangwen.standards.selectors import standard_tree
from tests import factories as f

from .conftest import ROWS, upload, xlsx_bytes


def snapshot(std):
    """Everything of a standard's tree that matters, for before/after comparisons."""
    std.refresh_from_db()
    items = (
        Item.objects.filter(standard=std)
        .order_by("order")
        .values_list("code", "title", "points", "methods", "materials", "rules", "aspect__code", "indicator__code")
    )
    return (std.name, std.version, std.status, std.owner_unit_id, list(items))


@pytest.fixture
def county(world):
    return f.standard(world.bureau, applies_to=world.county_x)


def test_new_version_is_a_draft_copy_and_publishing_it_retires_the_old(world, county):
    before = snapshot(county)
    draft = services.standard_new_version(standard=county, user=world.supervisor)
    assert (draft.version, draft.status, draft.previous) == ("2.0", "draft", county)
    assert snapshot(county) == before
    assert Item.objects.filter(standard=draft).count() == 12
    item = Item.objects.get(standard=draft, code="1.1.1")
    services.item_update(item=item, user=world.supervisor, points=Decimal("9"))
    assert snapshot(county) == before
    services.standard_publish(standard=draft, user=world.supervisor)
    county.refresh_from_db()
    draft.refresh_from_db()
    assert county.status == "retired" and draft.status == "published"
    assert services.standard_new_version(standard=county, user=world.supervisor).version == "3.0"


def test_adaptation_never_changes_the_original(world, county):
    before = snapshot(county)
    copy = services.standard_adapt(standard=county, unit=world.a, user=world.office)
    assert copy.owner_unit == world.a and copy.based_on == county and copy.status == "draft"
    assert copy.applies_to is None and copy.name.endswith("（县人民医院）")
    item = Item.objects.get(standard=copy, code="1.1.1")
    assert item.based_on_item.standard == county
    services.item_update(item=item, user=world.office, points=Decimal("8"), rules=[{"type": "min_photos", "count": 3}])
    indicator = services.indicator_create(aspect=item.aspect, user=world.office, code="1.9", title="医院特色指标")
    added = services.item_create(
        indicator=indicator, user=world.office, code="1.9.1", title="道德讲堂", points=Decimal("2"), methods=["site"]
    )
    assert snapshot(county) == before
    detail = standard_tree(copy)
    assert detail.changed == {item.pk} and detail.added == {added.pk}
    assert detail.total_points == Decimal("60") - 5 + 8 + 2
    services.standard_publish(standard=copy, user=world.office)
    assert snapshot(county) == before
    # A new version of the adaptation still compares with the county's original.
    v2 = services.standard_new_version(standard=copy, user=world.office)
    assert v2.based_on == county and standard_tree(v2).changed == {Item.objects.get(standard=v2, code="1.1.1").pk}


def test_only_published_standards_are_adapted(world, county):
    county.status = "draft"
    county.save()
    with pytest.raises(ValidationError):
        services.standard_adapt(standard=county, unit=world.a, user=world.office)


@pytest.mark.parametrize("status", ["published", "retired"])
def test_published_and_retired_standards_are_read_only(world, county, status):
    county.status = status
    county.save()
    before = snapshot(county)
    item = Item.objects.filter(standard=county).first()
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.item_update(item=item, user=world.supervisor, points=Decimal("1"))
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.item_create(
            indicator=item.indicator, user=world.supervisor, code="9", title="x", points=Decimal("1"), methods=["site"]
        )
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.indicator_create(aspect=item.aspect, user=world.supervisor, code="9.9", title="x")
    assert snapshot(county) == before


def test_draft_edits_are_validated(world, county):
    draft = services.standard_new_version(standard=county, user=world.supervisor)
    item = Item.objects.get(standard=draft, code="1.1.1")
    with pytest.raises(ValidationError) as info:
        services.item_update(item=item, user=world.supervisor, points=Decimal("0"), rules=[{"type": "bogus"}])
    assert set(info.value.message_dict) == {"points", "rules"}
    with pytest.raises(ValidationError, match="already used"):
        services.item_update(item=item, user=world.supervisor, code="1.1.2")
    item.refresh_from_db()
    assert item.points == Decimal("5")


def test_publish_needs_a_draft_with_items(world, county):
    with pytest.raises(ValidationError, match="Only a draft"):
        services.standard_publish(standard=county, user=world.supervisor)
    empty = Standard.objects.create(name="空", owner_unit=world.bureau)
    with pytest.raises(ValidationError, match="without items"):
        services.standard_publish(standard=empty, user=world.supervisor)


def test_history_names_the_acting_user(world, county):
    draft = services.standard_new_version(standard=county, user=world.supervisor)
    services.standard_publish(standard=draft, user=world.supervisor)
    assert {h.history_user for h in draft.history.all()} == {world.supervisor}
    assert county.history.first().history_user == world.supervisor  # retired by the publish


def test_xlsx_export_round_trips(world):
    std = services.standard_import(
        tree=read_xlsx(upload(xlsx_bytes(ROWS))), owner_unit=world.a, user=world.office, name="院标"
    )
    again = read_xlsx(upload(exporters.export_xlsx(std)))
    copy = services.standard_import(tree=again, owner_unit=world.a, user=world.office, name="院标", version="2")
    assert snapshot(copy)[4] == snapshot(std)[4]
    assert list(Indicator.objects.filter(aspect__standard=copy).values_list("code", "title")) == list(
        Indicator.objects.filter(aspect__standard=std).values_list("code", "title")
    )


def test_yaml_export_round_trips(world):
    std = services.standard_import(
        tree=read_xlsx(upload(xlsx_bytes(ROWS))), owner_unit=world.a, user=world.office, name="院标"
    )
    tree = read_yaml(upload(exporters.export_yaml(std), "s.yaml"))
    assert tree.name == "院标"
    copy = services.standard_import(tree=tree, owner_unit=world.a, user=world.office, version="2")
    assert snapshot(copy)[4] == snapshot(std)[4]


def test_same_name_and_version_is_refused(world):
    tree = read_xlsx(upload(xlsx_bytes(ROWS)))
    services.standard_import(tree=tree, owner_unit=world.a, user=world.office, name="院标")
    with pytest.raises(ValidationError, match="already exists"):
        services.standard_import(tree=tree, owner_unit=world.a, user=world.office, name="院标")
