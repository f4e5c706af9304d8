"""Reads that may come from a read replica: dashboards and exports of a province, which read a
lot and change nothing (docs/deployment.md).

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and this router; code
that only reads opts in with ``replica_reads()`` (a context manager, or ``@replica_view`` on a
GET view). Everything else, and every write, goes to ``default``, so a page never reads a
replica's slightly older copy of what the same user has just saved. Without a replica the
router answers None and Django uses ``default`` as always."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading = ContextVar("chuangwen_replica_reads", default=False)


@contextmanager
def replica_reads():
    """Queries inside read from the replica, if one is configured."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_view(view):
    """A read-only view whose GET queries read from the replica (POST and others: default)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """``replica`` for reads inside ``replica_reads()``, ``default`` for everything else."""

    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as default: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
