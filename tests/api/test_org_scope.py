"""Role × endpoint: through the API a user lists, reads and changes exactly what the pages let
them (tests/core/test_scoping.py holds the expected sets), and nothing of another unit."""

import pytest

from tests.core.test_scoping import EXPECTED, ids

ROLES = sorted(EXPECTED)
UNITS = ["bureau", "a", "b", "c"]
DEPARTMENTS = ["a_med", "a_surg", "b_med", "b_surg", "c_med", "c_surg"]
PEOPLE = ["a_p1", "a_p2", "b_p1", "b_p2", "c_p1", "c_p2"]

# Departments each role may change (office of A: A's; admin: all).
DEPARTMENTS_CHANGE = {role: set() for role in ROLES} | {"office": {"a_med", "a_surg"}, "admin": set(DEPARTMENTS)}
# Units each role may add departments and staff to.
UNITS_CREATE = {role: set() for role in ROLES} | {"office": {"a"}, "admin": set(UNITS)}

LISTS = {"units": "/api/org/units", "departments": "/api/org/departments", "people": "/api/org/people"}


@pytest.mark.parametrize("kind", sorted(LISTS))
@pytest.mark.parametrize("role", ROLES)
def test_list_is_exactly_the_scope(world, call, role, kind):
    r = call(getattr(world, role), "get", LISTS[kind] + "?page_size=200")
    assert r.status_code == 200
    body = r.json()
    assert {row["id"] for row in body["items"]} == ids(world, EXPECTED[role][kind])
    assert body["count"] == len(EXPECTED[role][kind])


@pytest.mark.parametrize("role", ROLES)
def test_list_filter_cannot_widen_the_scope(world, call, role):
    """Asking for another unit's records by filter gives nothing, never a leak."""
    for unit in ("b", "c"):
        pk = getattr(world, unit).pk
        r = call(getattr(world, role), "get", f"/api/org/people?unit={pk}")
        expected = {n for n in EXPECTED[role]["people"] if n.startswith(unit + "_")}
        assert {row["id"] for row in r.json()["items"]} == ids(world, expected)


def _detail_cases():
    for role in ROLES:
        for name in UNITS:
            yield role, "units", name
        for name in DEPARTMENTS:
            yield role, "departments", name
        for name in PEOPLE:
            yield role, "people", name


@pytest.mark.parametrize(("role", "kind", "name"), list(_detail_cases()))
def test_detail_inside_scope_200_outside_404(world, call, role, kind, name):
    obj = getattr(world, name)
    r = call(getattr(world, role), "get", f"{LISTS[kind]}/{obj.pk}")
    expected = 200 if name in EXPECTED[role][kind] else 404
    assert r.status_code == expected, r.content
    if expected == 200:
        assert r.json()["id"] == obj.pk


def test_missing_id_is_the_same_404(world, call):
    outside = call(world.office, "get", f"/api/org/people/{world.b_p1.pk}")
    missing = call(world.office, "get", "/api/org/people/999999")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def _patch_expected(visible: set, changeable: set, name: str) -> int:
    if name not in visible:
        return 404
    return 200 if name in changeable else 403


@pytest.mark.parametrize("name", PEOPLE)
@pytest.mark.parametrize("role", ROLES)
def test_patch_person(world, call, role, name):
    person = getattr(world, name)
    r = call(getattr(world, role), "patch", f"/api/org/people/{person.pk}", {"title": "主治医师"})
    exp = EXPECTED[role]
    assert r.status_code == _patch_expected(exp["people"], exp["people_change"], name), r.content
    assert set(r.json()) == ({"message"} if r.status_code != 200 else set(r.json()))
    person.refresh_from_db()
    assert (person.title == "主治医师") == (r.status_code == 200)


@pytest.mark.parametrize("name", DEPARTMENTS)
@pytest.mark.parametrize("role", ROLES)
def test_patch_department(world, call, role, name):
    department = getattr(world, name)
    r = call(getattr(world, role), "patch", f"/api/org/departments/{department.pk}", {"location": "门诊楼二层"})
    expected = _patch_expected(EXPECTED[role]["departments"], DEPARTMENTS_CHANGE[role], name)
    assert r.status_code == expected, r.content
    department.refresh_from_db()
    assert (department.location == "门诊楼二层") == (expected == 200)


def _create_expected(role, unit) -> int:
    if unit not in EXPECTED[role]["units"]:
        return 422  # an unknown unit id, like a missing one
    return 201 if unit in UNITS_CREATE[role] else 403


@pytest.mark.parametrize("unit", ["a", "b", "c"])
@pytest.mark.parametrize("role", ROLES)
def test_create_department(world, call, role, unit):
    u = getattr(world, unit)
    r = call(getattr(world, role), "post", "/api/org/departments", {"unit": u.pk, "name": "康复科"})
    assert r.status_code == _create_expected(role, unit), r.content
    assert u.departments.filter(name="康复科").exists() == (r.status_code == 201)
    if r.status_code == 422:
        assert r.json()["errors"][0]["field"] == "unit"


@pytest.mark.parametrize("unit", ["a", "b", "c"])
@pytest.mark.parametrize("role", ROLES)
def test_create_person(world, call, role, unit):
    u = getattr(world, unit)
    body = {"unit": u.pk, "department": getattr(world, f"{unit}_med").pk, "employee_no": "A900", "name": "赵敏"}
    r = call(getattr(world, role), "post", "/api/org/people", body)
    assert r.status_code == _create_expected(role, unit), r.content
    assert u.people.filter(employee_no="A900").exists() == (r.status_code == 201)


def test_session_sees_the_same_scope_as_a_token(world, login, call):
    by_session = login(world.head).get("/api/org/people").json()
    by_token = call(world.head, "get", "/api/org/people").json()
    assert by_session == by_token
    assert {row["id"] for row in by_session["items"]} == {world.a_p1.pk}
