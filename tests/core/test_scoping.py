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


def test_admin_of_one_region_sees_only_that_region(world):
    """An ADMIN membership on county X reaches X (bureau, A, B) and nothing of county Y."""
    from chuangwen.core.roles import Role
    from chuangwen.org.selectors import units_user_can_change
    from chuangwen.standards.selectors import owner_units_for
    from tests import factories as f

    x_admin = f.user("x_admin")
    f.member(x_admin, Role.ADMIN, region=world.county_x)
    assert set(Unit.objects.visible_to(x_admin)) == {world.bureau, world.a, world.b}
    assert set(Person.objects.visible_to(x_admin, CHANGE)) == {world.a_p1, world.a_p2, world.b_p1, world.b_p2}
    assert not Department.objects.visible_to(x_admin).filter(unit=world.c).exists()
    assert world.c not in units_user_can_change(x_admin, Person)
    assert world.c not in owner_units_for(x_admin)
    assert world.a in owner_units_for(x_admin)
    # the city's admin still covers both counties; a superuser everything
    assert world.c in Unit.objects.visible_to(world.admin, CHANGE)
    x_admin.is_superuser = True
    assert Unit.objects.visible_to(x_admin).count() == Unit.objects.count()


def test_admin_of_one_region_gets_404_for_another_region(world, client):
    from django.urls import reverse

    from chuangwen.core.roles import Role
    from tests import factories as f

    x_admin = f.user("x_admin")
    f.member(x_admin, Role.ADMIN, region=world.county_x)
    client.force_login(x_admin)
    assert client.get(reverse("org:person_detail", args=[world.b_p1.pk])).status_code == 200
    assert client.get(reverse("org:person_detail", args=[world.c_p1.pk])).status_code == 404
