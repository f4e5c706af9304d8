"""文号: numbers come from a locked counter per unit and year, so bulletins requested at the same
moment get distinct numbers, and the database itself refuses a duplicate."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from chuangwen.inspections import bulletins
from chuangwen.inspections.models import Bulletin, BulletinCounter
from tests.conftest import build_world
from tests.org.test_login_throttling import concurrent_database

START, END = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
TODAY = datetime.date(2026, 11, 3)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_distinct_numbers(settings, tmp_path):
    # Only the numbers matter here: record the generation jobs instead of running them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = build_world()
    requests = 12
    barrier = threading.Barrier(requests)
    errors = []

    def request():
        try:
            barrier.wait()
            bulletins.bulletin_request(user=world.office, unit=world.a, period_start=START, period_end=END, today=TODAY)
        except Exception as exc:  # reported below: an assert in a thread would be lost
            errors.append(exc)
        finally:
            connection.close()

    with concurrent_database(tmp_path) as query:
        threads = [threading.Thread(target=request) for _ in range(requests)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        stored = query("SELECT COUNT(*) FROM inspections_bulletin")
        distinct = query("SELECT COUNT(DISTINCT doc_seq) FROM inspections_bulletin")
        bounds = (
            query("SELECT MIN(doc_seq) FROM inspections_bulletin"),
            query("SELECT MAX(doc_seq) FROM inspections_bulletin"),
        )
        last = query("SELECT last FROM inspections_bulletincounter")
    assert stored == distinct == requests  # numbers 1..12, none twice
    assert bounds == (1, requests) and last == requests


def test_the_database_refuses_a_duplicate_number(world):
    kwargs = {"unit": world.a, "title": "通报", "period_start": START, "period_end": END, "doc_year": 2026}
    Bulletin.objects.create(doc_seq=1, **kwargs)
    Bulletin.objects.create(doc_seq=1, **{**kwargs, "unit": world.b})  # another unit's 1号
    Bulletin.objects.create(doc_seq=1, **{**kwargs, "doc_year": 2027})  # next year's 1号
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.create(doc_seq=1, **kwargs)


def test_numbers_count_per_unit_and_year(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def doc_no(user, unit, start):
        end = start.replace(day=28)
        b = bulletins.bulletin_request(user=user, unit=unit, period_start=start, period_end=end, today=TODAY)
        return b.numbers["doc_no"], (b.doc_year, b.doc_seq)

    assert doc_no(world.office, world.a, START) == ("县人民医院创建办〔2026〕1号", (2026, 1))
    assert doc_no(world.office, world.a, datetime.date(2026, 9, 1)) == ("县人民医院创建办〔2026〕2号", (2026, 2))
    assert doc_no(world.supervisor, world.b, START)[1] == (2026, 1)  # unit B counts on its own
    assert doc_no(world.office, world.a, datetime.date(2025, 12, 1))[1] == (2025, 1)  # by the period's year
    assert {(c.unit_id, c.year, c.last) for c in BulletinCounter.objects.all()} == {
        (world.a.pk, 2026, 2),
        (world.b.pk, 2026, 1),
        (world.a.pk, 2025, 1),
    }
