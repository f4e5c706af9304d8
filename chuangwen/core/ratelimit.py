"""Rate limits of the public forms (survey ``/s/``, complaint ``/f/``), counted in the shared
cache in fixed windows.

Clients are told apart by a fingerprint: a keyed hash (HMAC with the secret key) of the client's
address and the browser's User-Agent, truncated; the raw address is never stored. The address is
the one the trusted proxies report (``chuangwen.core.net.client_ip``: the rightmost
``X-Forwarded-For`` entry no trusted proxy wrote), so that behind nginx patients are counted
apart, and an entry the client wrote itself changes nothing.

Each form counts two limits, ``{"client": (count, seconds), "ip": (count, seconds)}`` from its
settings (``SURVEYS_RATE_LIMITS``, ``FEEDBACK_RATE_LIMITS``): per fingerprint, so one phone
cannot flood a department, and per address, so a script changing its User-Agent is still capped.
The cache is shared by every app-server process (Redis, or the database cache), so the limits
hold across them."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache

from .net import client_ip

Limits = Mapping[str, tuple[int, int]]


def _hash(*parts: str) -> str:
    msg = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:32]


def fingerprint(meta) -> str:
    """A keyed hash of the client's address and browser (32 hex characters). ``meta``: the
    request's META (the WSGI environ)."""
    return _hash("fp", client_ip(meta), meta.get("HTTP_USER_AGENT", "")[:300])


def ip_key(meta) -> str:
    """A keyed hash of the client's address alone (for the per-address limits)."""
    return _hash("ip", client_ip(meta))


def hit(key: str, limit: int, window: int) -> bool:
    """Count one hit in a fixed window of ``window`` seconds; False when it already holds
    ``limit`` hits. One cache operation when the window is open (the usual case), so that a
    shared cache costs one round trip."""
    try:
        n = cache.incr(key)
    except ValueError:  # no window yet, or it just expired
        if cache.add(key, 1, window):
            return limit >= 1
        n = cache.incr(key)  # another request opened it meanwhile
    if n == 1:
        # The window expired between Redis's EXISTS and INCR, which made a counter without
        # expiry: give it one, or this client would stay limited for good.
        cache.touch(key, window)
    return n <= limit


def allow(meta, *, fp: str, limits: Limits, ip_bucket: str, client_bucket: str) -> bool:
    """Whether this client may send one more submission now (counts it): under ``limits["ip"]``
    in ``ip_bucket`` for its address and under ``limits["client"]`` in ``client_bucket`` for its
    fingerprint ``fp``. ``meta``: the request's META."""
    ip_limit, ip_window = limits["ip"]
    if not hit(f"{ip_bucket}:{ip_key(meta)}", ip_limit, ip_window):
        return False
    n, window = limits["client"]
    return hit(f"{client_bucket}:{fp}", n, window)


def retry_minutes(limits: Limits) -> int:
    """How long to tell a limited client to wait (the client window, in minutes)."""
    return max(1, limits["client"][1] // 60)
