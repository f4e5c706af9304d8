"""Issue 11, item 5: ids of hospital B named in inspection writes by hospital A's office.

Each id is resolved through the caller's scope: B's department, user or standard item is "not
found" (422 on its field), and the answer names none of B's records."""

import pytest

from chuangwen.inspections.models import Finding, InspectionRound
from tests import factories as f

from .conftest import date_days

B_NAMES = ("县中医院", "青溪县中医医院", "内科", "外科", "b_user", "中医院测评", "测评项目")


@pytest.fixture
def b_side(world):
    """Hospital B's own user and its own (unpublished) standard with items."""
    user = f.user("b_user", display_name="中医院赵敏")
    from chuangwen.core.roles import Role

    f.member(user, Role.INSPECTOR, unit=world.b)
    std = f.standard(world.b, name="中医院测评体系", status="draft", aspects=1, indicators=1, items=1)
    return user, std.items.get()


def _assert_hidden(response, field):
    assert response.status_code == 422, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [field]
    text = response.content.decode()
    for name in B_NAMES:
        assert name not in text, (name, text)
    assert "不存在或无权访问" in text


def _round(world, **kw):
    body = {
        "owner_unit": world.a.pk,
        "kind": "self_check",
        "title": "11月自查",
        "starts_on": str(date_days(0)),
        "ends_on": str(date_days(3)),
        "target_units": [world.a.pk],
    }
    body.update(kw)
    return body


def test_round_with_b_department_is_not_found(world, insp, call):
    r = call(world.office, "post", "/api/inspections/rounds", json=_round(world, target_departments=[world.b_med.pk]))
    _assert_hidden(r, "target_departments")
    assert not InspectionRound.objects.filter(title="11月自查").exists()


def test_round_with_b_user_as_inspector_is_not_found(world, insp, b_side, call):
    b_user, _item = b_side
    r = call(world.office, "post", "/api/inspections/rounds", json=_round(world, inspectors=[b_user.pk]))
    _assert_hidden(r, "inspectors")


def test_round_with_b_standard_item_is_not_found(world, insp, b_side, call):
    _user, b_item = b_side
    r = call(world.office, "post", "/api/inspections/rounds", json=_round(world, items=[b_item.pk]))
    _assert_hidden(r, "items")


def test_round_with_own_ids_still_works(world, insp, call):
    body = _round(world, target_departments=[world.a_med.pk], inspectors=[world.inspector.pk], items=[insp.items[0].pk])
    r = call(world.office, "post", "/api/inspections/rounds", json=body)
    assert r.status_code == 201, r.content
    assert r.json()["inspector_ids"] == [world.inspector.pk]


def _finding(world, **kw):
    data = {"unit": world.a.pk, "description": "宣传栏内容未及时更新"}
    data.update(kw)
    return data


def test_finding_with_b_standard_item_is_not_stored(world, insp, b_side, call):
    _user, b_item = b_side
    r = call(world.office, "post", "/api/inspections/findings", data=_finding(world, item=b_item.pk))
    _assert_hidden(r, "item")
    assert not Finding.objects.filter(item=b_item).exists()


def test_finding_with_b_department_is_not_found(world, insp, call):
    r = call(world.office, "post", "/api/inspections/findings", data=_finding(world, department=world.b_med.pk))
    _assert_hidden(r, "department")
    assert not Finding.objects.exists()


def test_finding_with_b_responsible_person_is_not_found(world, insp, call):
    data = _finding(world, department=world.a_med.pk, responsible_person=world.b_p1.pk, deadline=str(date_days(5)))
    r = call(world.office, "post", "/api/inspections/findings", data=data)
    _assert_hidden(r, "responsible_person")
    assert not Finding.objects.exists()


def test_dispatch_to_b_department_is_not_found(world, insp, record, call):
    finding = record()
    body = {"department": world.b_med.pk, "deadline": str(insp.deadline), "version": finding.version}
    r = call(world.office, "post", f"/api/inspections/findings/{finding.pk}/dispatch", json=body)
    _assert_hidden(r, "department")


def test_finding_page_refuses_b_department_and_item(world, insp, b_side, client):
    from django.urls import reverse

    _user, b_item = b_side
    client.force_login(world.office)
    data = {
        "unit": world.a.pk,
        "department": world.b_med.pk,
        "item": b_item.pk,
        "description": "宣传栏内容未及时更新",
        "severity": "general",
        "points_deducted": "0",
    }
    r = client.post(reverse("inspections:finding_create"), data)
    assert r.status_code == 200
    form = r.context["form"]
    assert set(form.errors) == {"department", "item"}
    assert form.errors["department"] == ["不存在或无权访问。"]
    assert not Finding.objects.exists()
    text = r.content.decode()
    assert "中医院测评" not in text and "县中医院" not in text


def test_round_page_offers_only_visible_choices(world, insp, b_side):
    from chuangwen.inspections.forms import RoundForm

    b_user, b_item = b_side
    form = RoundForm(user=world.office)
    assert b_user not in form.fields["inspectors"].queryset
    assert b_item not in form.fields["items"].queryset
    assert not form.fields["target_units"].queryset.filter(pk=world.b.pk).exists()
