"""The big screen's data endpoint payload, computed once per link every few seconds.

Twenty wall screens showing the same link cost one computation: the figures are kept in the
shared cache (``core/cache.py``: Redis, or the database cache) under the link's key with the time
they were computed. Once older than ``SCREENS_CACHE_SECONDS`` the first request that takes the
link's lock (``cache.add``, atomic on every backend) recomputes them; the others meanwhile get the
previous figures, so a refresh wave never computes twenty times. The payload says when its
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

STALE_FACTOR = 12  # how long past fresh a previous payload may still be served while one recomputes
LOCK_SECONDS = 30


def cache_key(link: KioskLink) -> str:
    return f"screens:data:{link.token_hash[:40]}"


def payload(link: KioskLink, *, today: datetime.date | None = None) -> dict:
    """The link's screen data: fresh within ``SCREENS_CACHE_SECONDS``, computed by one request."""
    key = cache_key(link)
    ttl = settings.SCREENS_CACHE_SECONDS
    held = cache.get(key)
    if held is not None and time.time() - held["at"] < ttl:
        return held["data"]
    if held is not None and not cache.add(f"{key}:lock", 1, LOCK_SECONDS):
        return held["data"]  # another request is computing; the previous figures meanwhile
    try:
        data = compute(link, today=today)
        cache.set(key, {"at": time.time(), "data": data}, ttl * STALE_FACTOR)
    finally:
        if held is not None:
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
