"""Log-in with a lockout after repeated failures."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Note that both are case-sensitive."),
        "inactive": _("This account is disabled."),
        "locked": _(
            "Too many failed attempts: this account is locked until %(until)s. "
            "Try again later or ask the administrator."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        account = get_user_model().objects.filter(username=username).first() if username else None
        now = timezone.now()
        if account and account.locked_until and account.locked_until > now:
            raise self._locked_error(account)
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if account:
                account.failed_login_count += 1
                locked_now = account.failed_login_count >= settings.LOGIN_MAX_FAILURES
                if locked_now:
                    account.locked_until = now + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
                    account.failed_login_count = 0
                account.save(update_fields=["failed_login_count", "locked_until"])
                if locked_now:
                    # Say so at once, not only on the next attempt.
                    raise self._locked_error(account) from None
            raise
        if account and (account.failed_login_count or account.locked_until):
            account.failed_login_count = 0
            account.locked_until = None
            account.save(update_fields=["failed_login_count", "locked_until"])
        return cleaned

    def _locked_error(self, account) -> forms.ValidationError:
        until = timezone.localtime(account.locked_until).strftime("%H:%M")
        return forms.ValidationError(self.error_messages["locked"], code="locked", params={"until": until})


class ChuangwenLoginView(LoginView):
    form_class = LockoutAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
