"""Log-in: the password step (django-axes throttles every authenticate()), the lock page, the
second step of two-factor sign-in, and the audit trail of it all.

Throttling locks a username + client address pair (settings.AXES_*): a stranger elsewhere
cannot lock the office out, and the answer never says whether a username exists (the same page,
status and text for a real and an unknown name, before and after a lock)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import LoginView
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.net import client_ip

from . import two_factor

LOCKOUT_STATUS = 429


class ChuangwenAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
        "inactive": _("This account is disabled."),
    }


def lock_message() -> str:
    return _(
        "Too many failed attempts: sign-in with this username from this address is locked for "
        "%(minutes)d minutes. Try again later or ask the administrator to unlock it."
    ) % {"minutes": settings.LOGIN_LOCK_MINUTES}


def axes_client_ip(request) -> str | None:
    """The address axes counts failures for: the client behind our trusted proxies. None
    (never "") when there is none, so that axes' lookups match what it stored."""
    return client_ip(request.META) or None


def lockout_response(request, original_response=None, credentials=None):
    """The lock page (AXES_LOCKOUT_CALLABLE), for every login path: the login page with an empty
    form and the lock message. It names no username, so a real and an unknown one read alike."""
    form = ChuangwenAuthenticationForm(request)
    form.is_bound = True
    form._errors = forms.utils.ErrorDict({forms.forms.NON_FIELD_ERRORS: form.error_class([lock_message()])})
    form.cleaned_data = {}
    return render(request, "registration/login.html", {"form": form, "next": ""}, status=LOCKOUT_STATUS)


class ChuangwenLoginView(LoginView):
    form_class = ChuangwenAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def is_locked(request, username: str) -> bool:
    """Whether axes currently locks ``username`` from this request's address."""
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, {"username": username})


def record_second_step_failure(request, user) -> None:
    """A wrong second-step code counts as a failed login of the pair (and may lock it)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request, step="otp")


def locked_out_now(request) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


def end_locked_session(request):
    """Log a half-signed-in user out and answer with the lock page."""
    logout(request)
    return lockout_response(request)


def record_second_step_success(request, device) -> None:
    audit_record(action=Action.LOGIN, request=request, detail={"path": request.path, "step": "otp"})


# The audit trail of signing in: Django's signals (every login path sends them) and axes' lock.


@receiver(user_logged_in, dispatch_uid="chuangwen_audit_login")
def _on_login(sender, request, user, **kwargs):
    """Decide what the new session still owes (two_factor.SESSION_KEY), and record the login."""
    state = two_factor.second_factor_state(user)
    if hasattr(request, "session"):
        request.session[two_factor.SESSION_KEY] = state
    detail = {"path": request.path}
    if state != two_factor.DONE:
        detail["second_factor"] = state
    audit_record(action=Action.LOGIN, request=request, actor=user, detail=detail)


@receiver(user_logged_out, dispatch_uid="chuangwen_audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=Action.LOGOUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="chuangwen_audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    detail = {"path": request.path if request is not None else ""}
    if kwargs.get("step"):
        detail["step"] = kwargs["step"]
    audit_record(action=Action.LOGIN_FAILED, request=request, actor=None, username=username, detail=detail)


@receiver(user_locked_out, dispatch_uid="chuangwen_audit_lockout")
def _audit_lockout(sender, request, username, ip_address, **kwargs):
    audit_record(
        action=Action.LOCKOUT,
        request=request,
        actor=None,
        username=username or "",
        detail={"client_ip": ip_address or "", "minutes": settings.LOGIN_LOCK_MINUTES},
    )


def login_unlock(*, request, attempts) -> int:
    """Lift the lock (and forget the failures) of the given axes ``AccessAttempt`` rows, each
    recorded as UNLOCK by the acting user. Returns how many pairs were unlocked."""
    rows = list(attempts)
    for attempt in rows:
        audit_record(
            action=Action.UNLOCK,
            request=request,
            target_repr=attempt.username or "",
            detail={
                "username": attempt.username or "",
                "client_ip": attempt.ip_address or "",
                "failures": attempt.failures_since_start,
            },
        )
    # Counters, not records: the failures themselves stay in the audit log.
    attempts.model.objects.filter(pk__in=[a.pk for a in rows]).delete()
    return len(rows)
