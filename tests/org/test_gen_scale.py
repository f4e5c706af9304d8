"""manage.py gen_scale: synthetic data at scale, for benchmarks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from chuangwen.core.roles import Role
from chuangwen.org import scale
from chuangwen.org.models import Department, Membership, Person, Region, Unit, User


def gen(**kw) -> str:
    out = StringIO()
    call_command("gen_scale", stdout=out, **kw)
    return out.getvalue()


@pytest.mark.django_db
def test_tiny_scale_creates_exactly_n_times_m_and_n_times_k():
    out = gen(units=5, departments=3, staff=7, counties=2)
    assert "5 units" in out and scale.county_username(1) in out and scale.office_username(1) in out
    assert Unit.objects.count() == 5
    assert Department.objects.count() == 15
    assert Person.objects.count() == 35
    assert Region.objects.filter(level="county").count() == 2
    assert Region.objects.filter(level="province").count() == 1
    for unit in Unit.objects.all():
        assert unit.departments.count() == 3
        assert unit.people.count() == 7
        numbers = list(unit.people.values_list("employee_no", flat=True))
        assert len(set(numbers)) == 7
    assert not Person.objects.exclude(department__unit=F("unit")).exists()
    assert not Department.objects.filter(head__isnull=True).exists()
    for d in Department.objects.select_related("head"):
        assert d.head.department_id == d.pk
    # logins for benchmarks
    assert Membership.objects.filter(role=Role.SUPERVISOR, region__level="county").count() == 2
    assert User.objects.get(username=scale.PROVINCE_USERNAME).memberships.get().region.level == "province"
    office = User.objects.get(username=scale.office_username(1))
    assert office.memberships.get().role == Role.OFFICE


@pytest.mark.django_db
def test_runs_beside_the_demo_without_collisions_and_refuses_twice():
    call_command("load_demo", stdout=StringIO())
    people = Person.objects.count()
    gen(units=4, departments=2, staff=5)
    assert Person.objects.count() == people + 20
    assert Region.objects.filter(code__startswith="99").count() == 3  # province, one city, one county
    with pytest.raises(CommandError):
        gen(units=4, departments=2, staff=5)


@pytest.mark.django_db
def test_supervisor_and_office_see_their_scope(client):
    gen(units=4, departments=2, staff=5, counties=2)
    client.force_login(User.objects.get(username=scale.county_username(1)))
    response = client.get("/org/staff/")
    assert response.status_code == 200
    assert response.context["paginator"].count == 10
    client.force_login(User.objects.get(username=scale.office_username(1)))
    response = client.get("/org/staff/")
    assert response.context["paginator"].count == 5
    client.force_login(User.objects.get(username=scale.PROVINCE_USERNAME))
    assert client.get("/org/units/").context["paginator"].count == 4
