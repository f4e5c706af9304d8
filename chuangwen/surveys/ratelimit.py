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


def client_ip(meta) -> str:
    """The client address: REMOTE_ADDR, or the header a trusted proxy sets
    (``SURVEYS_CLIENT_IP_HEADER``, e.g. HTTP_X_REAL_IP behind nginx). ``meta``: the request's
    META (the WSGI environ)."""
    header = getattr(settings, "SURVEYS_CLIENT_IP_HEADER", "")
    if header and meta.get(header):
        return meta[header].split(",")[0].strip()
    return meta.get("REMOTE_ADDR", "")


def _hash(*parts: str) -> str:
    msg = "\x1f".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:32]


def fingerprint(meta) -> str:
    """A keyed hash of the client's address and browser (32 hex characters)."""
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
            n = 1
        else:  # another request opened it meanwhile
            n = cache.incr(key)
    return n <= limit


def allow_submission(meta, *, department_id: int, fp: str) -> bool:
    """Whether this client may submit one more response to this department now (counts it).
    ``meta``: the request's META (the WSGI environ)."""
    conf = limits()
    ip_limit, ip_window = conf["ip"]
    if not hit(f"surveys:rl:ip:{ip_key(meta)}", ip_limit, ip_window):
        return False
    n, window = conf["client"]
    return hit(f"surveys:rl:c:{department_id}:{fp}", n, window)
