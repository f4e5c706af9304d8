"""Liveness and readiness for the load balancer and the service manager.

``GET /healthz``: the process answers; nothing else is touched (no database, cache, session).
``GET /readyz``: this server can serve users now: every configured database answers, every
migration on disk is applied, the shared cache stores and returns a value, the file storage
answers (an object store: its bucket, with our keys). 200 with each check's result and time,
or 503 naming the checks that failed (never a 500, never an exception's text: it may hold
addresses; the log has it)."""

from __future__ import annotations

import logging
import os
import time
from functools import cache

from django.core.cache import cache as default_cache
from django.core.files.storage import default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# A prefix nobody writes under.
STORAGE_PROBE = "ops/readyz-probe/"


class NotReady(Exception):
    """A check ran and found the server not ready (rather than failing to run)."""


def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database(alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


@cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code ships (read once per process: the code does not change under it)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def check_migrations() -> None:
    on_disk = migrations_on_disk()
    if not on_disk:  # migrations switched off (MIGRATION_MODULES): nothing to compare
        return
    applied = set(MigrationRecorder.Migration.objects.using("default").values_list("app", "name"))
    missing = on_disk - applied
    if missing:
        raise NotReady(f"{len(missing)} migrations not applied")


def check_cache() -> None:
    key, value = f"ops:readyz:{os.getpid()}", str(time.time())
    default_cache.set(key, value, 30)
    if default_cache.get(key) != value:
        raise NotReady("the cache did not return what was stored")


def check_storage() -> None:
    # Listing a prefix nobody writes: an object store answers an empty list (and refuses a
    # missing bucket or wrong keys, which "does this key exist?" would answer with "no");
    # a local directory that is not there is the same empty answer.
    try:
        default_storage.listdir(STORAGE_PROBE)
    except FileNotFoundError:
        pass


def checks() -> dict:
    """The checks by name, in the order they run."""
    named = {"database" if alias == "default" else f"database_{alias}": alias for alias in connections}
    found = {name: (lambda alias=alias: check_database(alias)) for name, alias in named.items()}
    return {**found, "migrations": check_migrations, "cache": check_cache, "storage": check_storage}


def run_checks() -> tuple[bool, dict]:
    results, ready = {}, True
    for name, check in checks().items():
        start = time.perf_counter()
        try:
            check()
        except Exception as exc:  # any failure is "not ready", said without its text
            logger.warning("readiness check %s failed", name, exc_info=True)
            ready = False
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - start) * 1000, 1)
    return ready, results


def readyz(request):
    ready, results = run_checks()
    body = {"status": "ok" if ready else "unavailable", "checks": results}
    if not ready:
        body["failed"] = [name for name, result in results.items() if not result["ok"]]
    return JsonResponse(body, status=200 if ready else 503)
