"""The links page: the office makes its hospital's big-screen link, the bureau its region's;
the address is shown once (only a hash is kept), every creation and revocation is in the audit
log, and nobody reaches another hospital's links."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.screens.models import KioskLink
from chuangwen.screens.selectors import hash_token
from chuangwen.screens.services import link_create, link_revoke
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/screens/"
QUERIES = 7  # session, user, memberships, the units and regions offered, the links, which ones to revoke


def _create(client, target, label="创建办大屏", **extra):
    return client.post(
        URL, {"action": "create", "label": label, "target": target, "lifetime": 365, "refresh_seconds": 20, **extra}
    )


def test_the_office_makes_a_link_shown_once_and_logged(world, login):
    client = login(world.office)
    page = client.get(URL)
    assert page.status_code == 200
    assert [k for k, _label in page.context["form"].fields["target"].choices] == [f"unit:{world.a.pk}"]
    response = _create(client, f"unit:{world.a.pk}")
    assert response.status_code == 200
    url = response.context["new_url"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = KioskLink.objects.get()
    assert link.unit == world.a and link.region is None and link.created_by == world.office
    assert link.token_hash == hash_token(token) and token not in link.token_hash and link.refresh_seconds == 20
    assert (timezone.localtime(link.expires_at).date() - timezone.localdate()).days == 365
    event = AuditEvent.objects.get(action="token_create")
    assert event.target_type == "screens.kiosklink" and event.unit_id == world.a.pk and token not in str(event.detail)
    # Shown once: the list afterwards names the prefix, never the token.
    again = client.get(URL).content.decode()
    assert token not in again and link.prefix in again
    assert client.get(url).status_code == 200


def test_the_bureau_makes_a_region_link_and_the_office_cannot(world, login):
    client = login(world.supervisor)
    choices = [k for k, _label in client.get(URL).context["form"].fields["target"].choices]
    assert f"region:{world.county_x.pk}" in choices and f"region:{world.county_y.pk}" not in choices
    _create(client, f"region:{world.county_x.pk}", label="指挥中心大屏")
    link = KioskLink.objects.get()
    assert link.region == world.county_x and link.unit is None
    assert AuditEvent.objects.get(action="token_create").region_id == world.county_x.pk
    office = login(world.office)
    response = _create(office, f"region:{world.county_x.pk}")
    assert response.status_code == 200 and "target" in response.context["form"].errors
    assert KioskLink.objects.count() == 1


def test_no_link_for_another_hospital(world, login):
    response = _create(login(world.office), f"unit:{world.b.pk}")
    assert "target" in response.context["form"].errors and not KioskLink.objects.exists()
    with pytest.raises(PermissionDenied):
        link_create(user=world.office, unit=world.b, label="x", expires_at=timezone.now() + timedelta(days=1))


def test_bad_input_names_the_field(world, login):
    response = _create(login(world.office), f"unit:{world.a.pk}", label="", refresh_seconds=3)
    errors = response.context["form"].errors
    assert set(errors) == {"label", "refresh_seconds"} and not KioskLink.objects.exists()


def test_revoke_stops_the_link_and_is_logged(world, login):
    link = f.kiosk_link(world.a, created_by=world.office)
    client = login(world.office)
    response = client.post(URL, {"action": "revoke", "link": link.pk})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == world.office
    assert AuditEvent.objects.filter(action="token_revoke", target_id=str(link.pk)).count() == 1
    assert client.get(reverse("screens:kiosk_data", args=[link.token])).status_code == 410
    link_revoke(link=link, by=world.office)  # again: nothing changes, nothing logged
    assert AuditEvent.objects.filter(action="token_revoke").count() == 1


def test_another_hospitals_link_is_not_found(world, login):
    other = f.kiosk_link(world.b)
    client = login(world.office)
    assert client.post(URL, {"action": "revoke", "link": other.pk}).status_code == 404
    assert client.post(URL, {"action": "revoke", "link": "x"}).status_code == 404
    assert other.pk not in {r.pk for r in client.get(URL).context["links"]}
    other.refresh_from_db()
    assert other.revoked_at is None
    # The supervisor sees the hospitals' links of the county but revokes only the region's.
    mine = f.kiosk_link(world.a)
    sup = login(world.supervisor)
    rows = {r.pk: r.may_revoke for r in sup.get(URL).context["links"]}
    assert rows == {other.pk: False, mine.pk: False}
    assert sup.post(URL, {"action": "revoke", "link": mine.pk}).status_code == 404


def test_who_may_open_the_page(world, login):
    for user in (world.staff, world.head, world.inspector, world.nobody):
        assert login(user).get(URL).status_code == 403, user
    assert login(world.admin).get(URL).status_code == 200


def test_the_page_needs_a_login(client):
    assert "/login/" in client.get(URL).url


def test_the_list_costs_the_same_queries_for_any_number_of_links(world, login, django_assert_num_queries):
    client = login(world.office)
    client.get(URL)
    for n in (1, 5):
        while KioskLink.objects.count() < n:
            f.kiosk_link(world.a, created_by=world.office, label=f"大屏{n}")
        with django_assert_num_queries(QUERIES):
            client.get(URL)
