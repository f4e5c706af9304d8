"""Pages of two-factor sign-in: the second login step, and enrolment / recovery codes /
removal on the user's own profile (我的资料 → 两步验证)."""

from __future__ import annotations

import io
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import auth, two_factor


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "class": "form-control"}),
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return settings.LOGIN_REDIRECT_URL


@never_cache
@login_required
def login_verify(request):
    """Second login step: a code from the authenticator app, or a recovery code. Wrong codes
    count against the username + address pair like wrong passwords (axes), so a stolen password
    does not buy unlimited guesses."""
    if request.user.is_verified() or not two_factor.has_two_factor(request.user):
        return redirect(_next_url(request))
    username = request.user.get_username()
    if auth.is_locked(request, username):
        return auth.end_locked_session(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.second_step_verify(request=request, token=form.cleaned_data["token"])
        if device is not None:
            auth.record_second_step_success(request, device)
            return redirect(_next_url(request))
        auth.record_second_step_failure(request, request.user)
        if auth.locked_out_now(request):
            return auth.end_locked_session(request)
        form.add_error("token", _("The code is wrong or has expired. Enter the 6-digit code shown in the app now."))
    context = {"form": form, "next": _next_url(request), "second_step": True}
    return render(request, "registration/login_verify.html", context)


@never_cache
@login_required
def two_factor_page(request):
    """The user's two-factor settings: enrol (QR code + confirming code), or, once enrolled, new
    recovery codes and removal."""
    device = two_factor.totp_device(request.user)
    context = {
        "device": device,
        "required": two_factor.two_factor_required(request.user),
        "form": CodeForm(),
        # Owing enrolment: the page without the menu (nothing else is open yet).
        "second_step": not request.user.is_verified() and two_factor.session_state(request) == two_factor.ENROL,
    }
    if device is None:
        pending = two_factor.pending_totp_device(request.user)
        context["secret"] = _spaced(b32encode(pending.bin_key).decode())
    return render(request, "org/two_factor.html", context)


def _spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor_qr(request):
    """The pending authenticator's otpauth:// link as an SVG QR code, drawn here (no outside
    service ever sees the secret)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-id").first()
    if device is None:
        raise Http404
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", xmldecl=False, scale=5, border=2)
    return HttpResponse(svg.getvalue(), content_type="image/svg+xml")


@never_cache
@login_required
@require_POST
def two_factor_confirm(request):
    form = CodeForm(request.POST)
    codes = two_factor.two_factor_enrol(request=request, token=form.data.get("token", "")) if form.is_valid() else None
    if codes is None:
        messages.error(request, _("The code is wrong or has expired. Enter the 6-digit code shown in the app now."))
        return redirect("org:two_factor")
    return render(request, "org/two_factor_codes.html", {"codes": codes, "enrolled": True})


@never_cache
@login_required
@require_POST
def two_factor_codes(request):
    if two_factor.totp_device(request.user) is None:
        return redirect("org:two_factor")
    codes = two_factor.recovery_codes_regenerate(request=request)
    return render(request, "org/two_factor_codes.html", {"codes": codes, "enrolled": False})


@login_required
@require_POST
def two_factor_disable(request):
    two_factor.two_factor_disable(request=request)
    messages.success(request, _("Two-factor sign-in has been removed from your account."))
    return redirect("org:two_factor")
