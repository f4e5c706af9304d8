"""Rate limits counted in the shared cache, in fixed windows.

The cache is shared by every app-server process (Redis, or the database cache), so a limit holds
across them. The public forms count their clients with it (``chuangwen.core.publicforms``: who is
counted, under which limits)."""

from __future__ import annotations

from django.core.cache import cache


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
