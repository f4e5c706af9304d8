"""The screens API: the links as the page shows them, created (the address returned once) and
revoked through the same services, with the pages' scope (404 outside, 403 seen but not kept)."""

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.screens.models import KioskLink
from tests import factories as f

pytestmark = pytest.mark.django_db
API = "/api/screens/links"


def test_the_office_creates_lists_and_revokes(world, call):
    r = call(world.office, "post", API, {"label": "创建办大屏", "unit": world.a.pk, "days": 30, "refresh_seconds": 15})
    assert r.status_code == 201, r.content
    body = r.json()
    assert "/screens/k/kiosk_" in body["url"] and body["link"]["unit_id"] == world.a.pk
    link = KioskLink.objects.get()
    assert body["url"].rstrip("/").rsplit("/", 1)[1] not in link.token_hash
    listed = call(world.office, "get", API).json()
    assert [row["id"] for row in listed["items"]] == [link.pk] and "url" not in listed["items"][0]
    r = call(world.office, "post", f"{API}/{link.pk}/revoke")
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert AuditEvent.objects.filter(target_type="screens.kiosklink").count() == 2


def test_the_bureau_creates_its_regions_link(world, call):
    r = call(world.supervisor, "post", API, {"label": "指挥中心", "region": world.county_x.pk})
    assert r.status_code == 201 and r.json()["link"]["region_id"] == world.county_x.pk
    r = call(world.supervisor, "post", API, {"label": "x", "region": world.county_y.pk})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "region"


def test_refused_requests_name_the_field(world, call):
    r = call(world.office, "post", API, {"label": "x", "unit": world.b.pk})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit"
    r = call(world.office, "post", API, {"label": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "unit"
    r = call(world.office, "post", API, {"label": "x", "unit": world.a.pk, "refresh_seconds": 2})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "refresh_seconds"
    for label in ("a\x00b", "   "):
        r = call(world.office, "post", API, {"label": label, "unit": world.a.pk})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "label", label
    assert not KioskLink.objects.exists()


def test_revoking_outside_the_scope_is_404_and_seen_but_not_kept_is_403(world, call):
    other = f.kiosk_link(world.b)
    assert call(world.office, "post", f"{API}/{other.pk}/revoke").status_code == 404
    mine = f.kiosk_link(world.a)
    assert call(world.supervisor, "post", f"{API}/{mine.pk}/revoke").status_code == 403
    assert call(world.staff, "post", f"{API}/{mine.pk}/revoke").status_code == 404
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.revoked_at is None and other.revoked_at is None
