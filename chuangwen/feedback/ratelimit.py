"""Rate limits of the public complaint form, counted in Django's cache (fixed windows).

Clients are told apart exactly as on the survey side (``chuangwen.surveys.ratelimit``: a keyed
hash of the address and browser, never the raw address). Two limits, per unit:

* per client (default 3 complaints in 10 minutes);
* per IP address (default 20 in an hour): a script changing its User-Agent is still capped.

``FEEDBACK_RATE_LIMITS`` overrides them, e.g. ``{"client": (3, 600), "ip": (20, 3600)}``. With
several app-server processes the cache must be shared (Redis) for the limits to hold across
them; the default local-memory cache counts per process."""

from __future__ import annotations

from django.conf import settings

from chuangwen.surveys.ratelimit import fingerprint, hit, ip_key

DEFAULTS = {"client": (3, 600), "ip": (20, 3600)}

__all__ = ["allow_submission", "fingerprint", "limits"]


def limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULTS, **getattr(settings, "FEEDBACK_RATE_LIMITS", {})}


def allow_submission(meta, *, unit_id: int, fp: str) -> bool:
    """Whether this client may send one more complaint to this unit now (counts it). ``meta``:
    the request's META."""
    conf = limits()
    ip_limit, ip_window = conf["ip"]
    if not hit(f"feedback:rl:ip:{unit_id}:{ip_key(meta)}", ip_limit, ip_window):
        return False
    n, window = conf["client"]
    return hit(f"feedback:rl:c:{unit_id}:{fp}", n, window)


def retry_minutes() -> int:
    """How long to tell a limited client to wait (the client window, in minutes)."""
    return max(1, limits()["client"][1] // 60)
