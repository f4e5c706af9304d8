"""Every role, inside and outside its scope, for every org model: what ``visible_to`` lets through."""

import pytest

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.org.models import Department, Person, Unit

# role -> (units it may view, departments it may view, people it may view, people it may change)
# expressed as names of World attributes.
EXPECTED = {
    "supervisor": {
        "units": {"bureau", "a", "b"},
        "departments": {"a_med", "a_surg", "b_med", "b_surg"},
        "people": {"a_p1", "a_p2", "b_p1", "b_p2"},
        "people_change": set(),
    },
    "office": {
        "units": {"a"},
        "departments": {"a_med", "a_surg"},
        "people": {"a_p1", "a_p2"},
        "people_change": {"a_p1", "a_p2"},
    },
    "head": {"units": {"a"}, "departments": {"a_med", "a_surg"}, "people": {"a_p1"}, "people_change": set()},
    "inspector": {
        "units": {"a"},
        "departments": {"a_med", "a_surg"},
        "people": {"a_p1", "a_p2"},
        "people_change": set(),
    },
    "secretary": {
        "units": {"a"},
        "departments": {"a_med", "a_surg"},
        "people": {"a_p1", "a_p2"},
        "people_change": set(),
    },
    "staff": {"units": {"a"}, "departments": {"a_med", "a_surg"}, "people": {"a_p1"}, "people_change": set()},
    "admin": {
        "units": {"bureau", "a", "b", "c"},
        "departments": {"a_med", "a_surg", "b_med", "b_surg", "c_med", "c_surg"},
        "people": {"a_p1", "a_p2", "b_p1", "b_p2", "c_p1", "c_p2"},
        "people_change": {"a_p1", "a_p2", "b_p1", "b_p2", "c_p1", "c_p2"},
    },
    "nobody": {"units": set(), "departments": set(), "people": set(), "people_change": set()},
}


def ids(world, names):
    return {getattr(world, n).pk for n in names}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_visible_to_matrix(world, role):
    user = getattr(world, role)
    exp = EXPECTED[role]
    assert set(Unit.objects.visible_to(user).values_list("pk", flat=True)) == ids(world, exp["units"])
    assert set(Department.objects.visible_to(user).values_list("pk", flat=True)) == ids(world, exp["departments"])
    assert set(Person.objects.visible_to(user).values_list("pk", flat=True)) == ids(world, exp["people"])
    assert set(Person.objects.visible_to(user, CHANGE).values_list("pk", flat=True)) == ids(world, exp["people_change"])


def test_department_change_only_for_office_of_own_unit(world):
    assert set(Department.objects.visible_to(world.office, CHANGE)) == {world.a_med, world.a_surg}
    for role in ("supervisor", "head", "inspector", "secretary", "staff", "nobody"):
        assert not Department.objects.visible_to(getattr(world, role), CHANGE).exists(), role


def test_inactive_membership_grants_nothing(world):
    world.office.memberships.update(is_active=False)
    world.office.__dict__.pop("_scope_memberships", None)
    assert not Person.objects.visible_to(world.office, VIEW).exists()


def test_anonymous_and_inactive_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not Unit.objects.visible_to(AnonymousUser()).exists()
    world.office.is_active = False
    assert not Unit.objects.visible_to(world.office).exists()


def test_superuser_sees_everything(world):
    world.nobody.is_superuser = True
    assert Person.objects.visible_to(world.nobody).count() == Person.objects.count()


def test_scope_is_one_query(world, django_assert_num_queries):
    user = world.supervisor
    user.scope_memberships()  # memberships load once per request
    with django_assert_num_queries(1):
        list(Person.objects.visible_to(user))
