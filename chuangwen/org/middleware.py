"""Confines a session that still owes its second sign-in step (chuangwen.org.two_factor).

Whatever path signed the user in (site login, admin login), a user with an authenticator sees
only the code page until the code is given, and a user who must have two factors and has none
sees only the enrolment page. Runs after django-otp's OTPMiddleware (``is_verified``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import two_factor

# Always reachable: logging out, static files and the language switch.
OPEN_PREFIXES = ("/logout/", "/i18n/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return self.get_response(request)
        state = two_factor.session_state(request)
        if state == two_factor.DONE or user.is_verified():
            return self.get_response(request)
        step = reverse("login_verify") if state == two_factor.VERIFY else reverse("org:two_factor")
        path = request.path_info
        if path.startswith((step, *OPEN_PREFIXES, settings.STATIC_URL)):
            return self.get_response(request)
        if path.startswith("/api/"):
            return JsonResponse({"detail": _("Finish two-factor sign-in first.")}, status=403)
        return redirect(f"{step}?{urlencode({'next': request.get_full_path()})}")
