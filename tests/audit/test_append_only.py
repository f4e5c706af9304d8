"""Audit events are append-only: the ORM, the admin and (on PostgreSQL) the database refuse to
change or remove one."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from chuangwen.audit.models import Action, AppendOnlyError, AuditEvent
from chuangwen.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    audit_record(action=Action.DOWNLOAD, actor=world.staff, target=world.a_p1)
    return AuditEvent.objects.get()


def test_the_orm_refuses_every_change_and_removal(event):
    original = event.target_repr
    event.target_repr = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(username="someone else")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["target_repr"])
    stored = AuditEvent.objects.get()
    assert (stored.username, stored.target_repr) == ("staff", original)


def test_the_actor_cannot_be_deleted_from_under_the_log(event, world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.staff.delete()


def test_the_admin_is_read_only_even_for_a_superuser(event, world):
    root = type(world.staff).objects.create_superuser("root", "root@example.org", "pass-1234-word")
    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = root
    model_admin = admin.site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.has_view_permission(request, event)
    assert not model_admin.get_actions(request)  # no "delete selected"


def test_the_admin_pages_offer_no_way_to_change(event, world, client):
    root = type(world.staff).objects.create_superuser("root", "root@example.org", "pass-1234-word")
    client.force_login(root)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200 and "staff" in listing.content.decode()
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"username": "forged"})
    assert AuditEvent.objects.get(pk=event.pk).username == "staff"
    assert not AuditEvent.objects.filter(username="forged").exists()


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_raw_update_and_delete_on_postgresql(event):
    """On PostgreSQL a trigger refuses UPDATE and DELETE whoever sends them; on SQLite (the
    embedded default, where the ORM's refusal is the guard) the migration installs nothing."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["forged", event.pk])
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        assert AuditEvent.objects.get(pk=event.pk).username == "staff"
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
            )
            assert cursor.fetchone()[0] == 0
