"""The Content-Security-Policy middleware: django-csp's, with one allowance for the Django admin.

Every page gets ``settings.CONTENT_SECURITY_POLICY`` (scripts and styles from our static files
only). The admin's pages run no inline script either, but two of the templates it uses carry
inline styles: Django's change list adds a style element when a model has no actions, and
django-simple-history's history page a style attribute. Rather than keeping copies of those
templates, pages served by the admin site (URL namespace ``admin``: staff only) may use inline
styles; their script-src stays ``'self'``."""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts

ADMIN_UPDATE = {"style-src": [UNSAFE_INLINE]}


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware (its documented extension point, ``get_policy_parts``), adding
    ``'unsafe-inline'`` to style-src on the admin site's pages."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        match = getattr(request, "resolver_match", None)
        if match is not None and "admin" in match.namespaces and parts.update is None:
            parts.update = ADMIN_UPDATE
        return parts
