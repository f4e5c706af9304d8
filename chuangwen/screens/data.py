"""The big screen's data endpoint payload, computed once per link every few seconds.

Twenty wall screens showing the same link cost one computation: the figures are kept in the
shared cache (``core/cache.py``: Redis, or the database cache) under the link's key with the time
they were computed. Once older than ``SCREENS_CACHE_SECONDS`` the first request that takes the
link's lock (``cache.add``, atomic on every backend) recomputes them after its response is sent;
it and the others meanwhile get the previous figures, so a refresh wave never computes twenty
times and no screen waits for a computation (only the very first request of a link does). The payload says when its
figures were computed ("最后更新")."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from chuangwen.dashboard.progress import local_today

from . import figures
from .models import KioskLink

STALE_SECONDS = 3600  # how long previous figures may be answered (once) while they are recomputed
LOCK_SECONDS = 30


def cache_key(link: KioskLink) -> str:
    return f"screens:data:{link.token_hash[:40]}"


def payload(link: KioskLink, *, today: datetime.date | None = None, defer: list | None = None) -> dict:
    """The link's screen data: fresh within ``SCREENS_CACHE_SECONDS``, computed by one request.

    Past that, the request that takes the link's lock recomputes; with ``defer`` (a list) it is
    answered the previous figures at once and the recomputation is appended there, for the view
    to run once the response is sent (stale-while-revalidate), so no screen waits for it."""
    key = cache_key(link)
    ttl = settings.SCREENS_CACHE_SECONDS
    held = cache.get(key)
    if held is not None and time.time() - held["at"] < ttl:
        return held["data"]
    if held is not None:
        if not cache.add(f"{key}:lock", 1, LOCK_SECONDS):
            return held["data"]  # another request is computing; the previous figures meanwhile
        if defer is not None:
            defer.append(lambda: _refresh(link, key, today, locked=True))
            return held["data"]
    return _refresh(link, key, today, locked=held is not None)


def _refresh(link: KioskLink, key: str, today, *, locked: bool) -> dict:
    try:
        data = compute(link, today=today)
        cache.set(key, {"at": time.time(), "data": data}, STALE_SECONDS)
    finally:
        if locked:
            cache.delete(f"{key}:lock")
    return data


def forget(link: KioskLink) -> None:
    cache.delete(cache_key(link))


def compute(link: KioskLink, *, today: datetime.date | None = None) -> dict:
    """The figures of the link's unit or region, as JSON values, with when and for what."""
    today = today or local_today()
    now = timezone.localtime()
    if link.unit_id:
        body = figures.unit_figures(link.unit, today=today)
        title = link.unit.name
    else:
        body = figures.region_figures(link.region, today=today)
        title = link.region.name
    return {
        "title": title,
        "scope": "unit" if link.unit_id else "region",
        "today": today.isoformat(),
        "updated_at": now.isoformat(timespec="seconds"),
        "updated_text": now.strftime("%Y-%m-%d %H:%M:%S"),
        "refresh_seconds": link.refresh_seconds,
        **body,
    }
