"""The ledger of deductions and bonuses is append-only: the services write entries and
counter-entries; the ORM, the admin and (on PostgreSQL) the database refuse to change or remove
one."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum
from django.test import RequestFactory

from chuangwen.scoring.models import AppendOnlyError, LedgerEntry, Source
from chuangwen.scoring.services import entry_add, entry_correct

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return entry_add(
        unit=world.a,
        department=world.a_med,
        person=world.a_p1,
        points="-1.5",
        source=Source.MANUAL,
        reason="门诊大厅吸烟",
        occurred_on=date(2026, 3, 12),
        created_by=world.office,
    )


def test_an_entry_counts_in_its_month(entry):
    assert entry.period == date(2026, 3, 1)
    assert entry.points == Decimal("-1.5") and not entry.is_bonus


def test_zero_points_a_missing_reason_and_another_units_department_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        entry_add(unit=world.a, points=0, source=Source.MANUAL, reason="x", occurred_on=date(2026, 3, 1))
    assert "points" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        entry_add(unit=world.a, points=1, source=Source.MANUAL, reason=" ", occurred_on=date(2026, 3, 1))
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        entry_add(
            unit=world.a,
            department=world.b_med,
            points=1,
            source=Source.MANUAL,
            reason="x",
            occurred_on=date(2026, 3, 1),
        )
    assert "department" in exc.value.message_dict
    assert not LedgerEntry.objects.exists()


def test_the_same_key_writes_one_entry(world):
    args = dict(unit=world.a, points=-1, source=Source.FINDING, reason="发现", occurred_on=date(2026, 3, 1))
    first = entry_add(key="finding:1:item:2", **args)
    again = entry_add(key="finding:1:item:2", **args)
    assert first.pk == again.pk and LedgerEntry.objects.count() == 1


def test_a_correction_is_a_counter_entry_and_happens_once(entry, world):
    counter = entry_correct(entry=entry, reason="误记，复核后撤销", by=world.office)
    assert counter.points == Decimal("1.5") and counter.reverses_id == entry.pk
    assert (counter.department_id, counter.person_id, counter.period) == (
        entry.department_id,
        entry.person_id,
        entry.period,
    )
    assert LedgerEntry.objects.aggregate(s=Sum("points"))["s"] == 0
    with pytest.raises(ValidationError):
        entry_correct(entry=entry, reason="再次撤销")
    with pytest.raises(ValidationError):
        entry_correct(entry=counter, reason="撤销撤销")
    assert LedgerEntry.objects.count() == 2


def test_the_orm_refuses_every_change_and_removal(entry):
    entry.points = Decimal("-10")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(points=-10)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.bulk_update([entry], ["points"])
    assert LedgerEntry.objects.get().points == Decimal("-1.5")


def test_the_admin_is_read_only_even_for_a_superuser(entry, world, client):
    root = type(world.staff).objects.create_superuser("root", "root@example.org", "pass-1234-word")
    request = RequestFactory().get("/admin/scoring/ledgerentry/")
    request.user = root
    model_admin = admin.site._registry[LedgerEntry]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert not model_admin.get_actions(request)
    client.force_login(root)
    assert client.get("/admin/scoring/ledgerentry/").status_code == 200
    assert client.post(f"/admin/scoring/ledgerentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_raw_update_and_delete_on_postgresql(entry):
    """SQLite (the embedded default) relies on the ORM's refusal; the migration installs nothing."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("UPDATE scoring_ledgerentry SET points = %s WHERE id = %s", [-10, entry.pk])
        with pytest.raises(DatabaseError, match="append-only"):
            _raw("DELETE FROM scoring_ledgerentry WHERE id = %s", [entry.pk])
        assert LedgerEntry.objects.get(pk=entry.pk).points == Decimal("-1.5")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scoring_ledgerentry'"
            )
            assert cursor.fetchone()[0] == 0


def test_the_scope_hides_other_departments_and_hospitals(entry, world):
    assert list(LedgerEntry.objects.visible_to(world.office)) == [entry]
    assert list(LedgerEntry.objects.visible_to(world.head)) == [entry]
    assert list(LedgerEntry.objects.visible_to(world.staff)) == [entry]  # names the staff member
    b_office = world.office.__class__.objects.create_user("b-office", password="x-1234-word-y")
    from chuangwen.core.roles import Role
    from tests import factories as f

    f.member(b_office, Role.OFFICE, unit=world.b)
    assert not LedgerEntry.objects.visible_to(b_office).exists()
