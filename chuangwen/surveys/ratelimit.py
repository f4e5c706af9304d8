"""Rate limits of the public side, counted in Django's cache (fixed windows).

Clients are told apart by a fingerprint: a keyed hash (HMAC with the secret key) of the IP
address and the browser's User-Agent, truncated; the raw address is never stored. Two limits:

* per fingerprint and department (default 5 submissions in 10 minutes): one phone cannot flood
  a department's results;
* per IP address over every form (default 60 in 10 minutes): a script changing its User-Agent
  is still capped.

Settings (``SURVEYS_RATE_LIMITS``) override the defaults, e.g. for the benchmark. With several
app-server processes the cache must be shared (Redis) for the limits to hold across them; with
the embedded default (a local-memory cache) each process counts for itself."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"client": (5, 600), "ip": (60, 600)}


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULTS, **getattr(settings, "SURVEYS_RATE_LIMITS", {})}


def client_ip(request) -> str:
    """The client address: REMOTE_ADDR, or the header a trusted proxy sets
    (``SURVEYS_CLIENT_IP_HEADER``, e.g. HTTP_X_REAL_IP behind nginx)."""
    header = getattr(settings, "SURVEYS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _hash(*parts: str) -> str:
    msg = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:32]


def fingerprint(request) -> str:
    """A keyed hash of the client's address and browser (32 hex characters)."""
    return _hash("fp", client_ip(request), request.META.get("HTTP_USER_AGENT", "")[:300])


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit; False when the window already holds ``limit`` hits."""
    cache.add(key, 0, window)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        n = 1
    return n <= limit


def allow_submission(request, *, department_id: int, fp: str) -> bool:
    """Whether this client may submit one more response to this department now (counts it)."""
    conf = limits()
    ip_limit, ip_window = conf["ip"]
    if not _hit(f"surveys:rl:ip:{_hash('ip', client_ip(request))}", ip_limit, ip_window):
        return False
    n, window = conf["client"]
    return _hit(f"surveys:rl:c:{department_id}:{fp}", n, window)
