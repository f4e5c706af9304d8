"""The client's address, as the configured chain of trusted proxies reports it.

Behind ``CHUANGWEN_TRUSTED_PROXIES`` reverse proxies (nginx, a load balancer) each proxy appends
the address it received the request from to ``X-Forwarded-For``. The client is the rightmost
entry that no trusted proxy wrote: entries further left were sent by the client and prove
nothing. With no trusted proxy (the default) the client is ``REMOTE_ADDR``."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(addr: str) -> str:
    addr = addr.strip()
    try:
        return str(ipaddress.ip_address(addr))
    except ValueError:
        return ""


def client_ip(meta) -> str:
    """The client's address (normalised), or "" when none can be trusted. ``meta``: the
    request's META (the WSGI environ)."""
    remote = _valid(meta.get("REMOTE_ADDR", ""))
    proxies = settings.CHUANGWEN_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    chain = [a for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()] + [remote]
    if len(chain) <= proxies:
        # Fewer hops than trusted proxies: the request bypassed the proxy chain.
        return _valid(chain[0])
    return _valid(chain[-(proxies + 1)])
