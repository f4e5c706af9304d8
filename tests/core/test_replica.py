"""The read-replica router: reads inside ``replica_reads()`` go to ``replica`` when one is
configured; writes, and reads elsewhere, to ``default``; no replica, no change."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from chuangwen.core.replica import ReplicaRouter, replica_reads, replica_view
from chuangwen.org.models import Unit

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    # The router reads the configured aliases; no connection to it is opened here.
    monkeypatch.setitem(settings.DATABASES, "replica", {**settings.DATABASES["default"]})


def test_reads_inside_the_block_go_to_the_replica(with_replica):
    assert router.db_for_read(Unit) is None
    with replica_reads():
        assert router.db_for_read(Unit) == "replica"
        assert router.db_for_write(Unit) == "default"
    assert router.db_for_read(Unit) is None


def test_without_a_replica_nothing_changes():
    with replica_reads():
        assert router.db_for_read(Unit) is None


def test_only_default_is_migrated():
    assert router.allow_migrate("default", "org") and not router.allow_migrate("replica", "org")


def test_a_replica_view_reads_from_it_on_get_only(with_replica):
    seen = []

    @replica_view
    def view(request):
        seen.append(router.db_for_read(Unit))

    view(RequestFactory().get("/"))
    view(RequestFactory().post("/"))
    assert seen == ["replica", None]
