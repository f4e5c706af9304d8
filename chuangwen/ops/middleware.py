"""Answers the load balancer's and the monitoring's requests early.

``/healthz``, ``/readyz`` and ``/metrics`` (``ops/urls.py``) are answered right after the
security and content-policy middleware, before sessions, the language, CSRF, authentication,
two-factor sign-in, the current unit, the audit log and axes: a probe sets no cookie, reads no
session (even if it sends one) and leaves no audit row. ``ALLOWED_HOSTS`` still applies: the
load balancer must send a Host header the site allows."""

from __future__ import annotations

from django.urls import resolve

from . import urls

PATHS = frozenset(f"/{pattern.pattern}" for pattern in urls.urlpatterns)


class OpsEndpointsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info not in PATHS:
            return self.get_response(request)
        request.get_host()  # refuses a Host outside ALLOWED_HOSTS (400), as every page does
        request.resolver_match = match = resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        # JSON and metrics text: a content policy is noise there (django-csp's own flag).
        response._csp_exempt = True
        return response
