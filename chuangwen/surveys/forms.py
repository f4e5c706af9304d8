"""Forms of the staff pages: templates, questions and the alert settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.org.forms import BootstrapFormMixin

from .models import Question, SatisfactionSettings, SurveyTemplate


class TemplateForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "audience", "intro", "is_active"]


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choice questions: one option per line."),
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "counts_in_index"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(self.instance.options)

    def clean(self):
        data = super().clean()
        data["options"] = [line.strip() for line in data.get("options_text", "").splitlines() if line.strip()]
        return data

    def _update_errors(self, errors):
        # The model names the list "options"; the form's field for it is "options_text".
        if hasattr(errors, "error_dict") and "options" in errors.error_dict:
            errors.error_dict["options_text"] = errors.error_dict.pop("options")
        super()._update_errors(errors)

    def _post_clean(self):
        # The model's clean() checks the options; give it the parsed list first.
        self.instance.options = self.cleaned_data.get("options", [])
        super()._post_clean()


class SettingsForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = SatisfactionSettings
        fields = ["alert_threshold", "min_responses"]
