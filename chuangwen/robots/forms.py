"""Forms of the robots app: a robot (the office's webhook) and a user's notification settings.
Forms parse and offer what the user may see; ``services`` checks the address and saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.core.lookups import ScopedChoicesMixin
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.org.models import Department

from . import kinds
from .models import Robot


class RobotForm(ScopedChoicesMixin, BootstrapFormMixin, forms.ModelForm):
    webhook_url = forms.CharField(label=_("Webhook URL"), max_length=500, required=False)
    secret = forms.CharField(
        label=_("Signing secret (DingTalk)"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Starts with SEC; for a DingTalk robot with 加签. Never shown again once saved."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("Notification kinds"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Robot
        fields = ["name", "department", "provider", "webhook_url", "secret", "kinds", "is_active"]

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.fields["department"].empty_label = _("The whole unit")
        self.fields["kinds"].choices = kinds.choices()
        self.fields["kinds"].widget.attrs.pop("class", None)
        if self.instance.pk:
            # Saved addresses and secrets are never sent back to the browser.
            self.initial["webhook_url"] = ""
            self.fields["webhook_url"].help_text = _("Stored: %(url)s. Leave empty to keep it.") % {
                "url": self.instance.masked_url
            }
            if self.instance.secret:
                self.fields["secret"].help_text = _("A secret is stored. Leave empty to keep it.")
            else:
                del self.fields["clear_secret"]
        else:
            self.fields["webhook_url"].required = True
            self.initial.setdefault("kinds", list(kinds.ROBOT_DEFAULTS))
            del self.fields["clear_secret"]
            self.fields["webhook_url"].help_text = _(
                "The robot's address as the group settings show it, starting with "
                "https://qyapi.weixin.qq.com/ or https://oapi.dingtalk.com/."
            )
        self.limit_choices(user)

    def service_fields(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("name", "department", "provider", "webhook_url", "secret", "kinds", "is_active")}
        if d.get("clear_secret"):
            out["secret"] = None
        return out

    def _post_clean(self):
        pass  # the service validates and saves (the instance must not be changed here)


class PreferencesForm(forms.Form):
    """One checkbox per kind and channel: ``in_app`` and ``email`` lists of kind codes."""

    in_app = forms.MultipleChoiceField(choices=(), required=False)
    email = forms.MultipleChoiceField(choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("in_app", "email"):
            self.fields[name].choices = kinds.choices()
