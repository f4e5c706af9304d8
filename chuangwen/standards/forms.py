from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuangwen.org.forms import BootstrapFormMixin

from .models import MAX_POINTS, AssessmentMethod, Indicator, TitleLevel
from .rules import ALLOWED_FILE_TYPES, MAX_COUNT, MAX_MONTHS, PERIODS, validate_rules


class StandardImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Standard file (.xlsx or .yaml)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml", "data-testid": "standard-file"}),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Required for a spreadsheet; a YAML file may carry its own name."),
    )
    version = forms.CharField(label=_("Version"), max_length=20, required=False, help_text=_("Default 1.0"))
    level = forms.ChoiceField(label=_("Title level"), choices=[("", "—"), *TitleLevel.choices], required=False)
    owner_unit = forms.ModelChoiceField(label=_("Owner"), queryset=None, empty_label=None)

    def __init__(self, *args, owner_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = owner_units

    def is_yaml(self) -> bool:
        return self.cleaned_data["file"].name.lower().endswith((".yaml", ".yml"))


class RulesFieldsMixin(forms.Form):
    """The evidence rules as plain fields; ``rules_from_fields`` turns them into the rule list."""

    rule_min_photos = forms.IntegerField(label=_("At least … photos"), min_value=1, max_value=MAX_COUNT, required=False)
    rule_min_files = forms.IntegerField(label=_("At least … files"), min_value=1, max_value=MAX_COUNT, required=False)
    rule_file_types = forms.CharField(
        label=_("Accepted file types"),
        required=False,
        help_text=_("Separated by commas, e.g. pdf, docx. Allowed: %(types)s")
        % {"types": ", ".join(ALLOWED_FILE_TYPES)},
    )
    rule_requires_doc_number = forms.BooleanField(label=_("Documents must carry a 文号"), required=False)
    rule_date_window_months = forms.IntegerField(
        label=_("Dated within the last … months"), min_value=1, max_value=MAX_MONTHS, required=False
    )
    rule_min_records = forms.IntegerField(
        label=_("At least … records per period"), min_value=1, max_value=MAX_COUNT, required=False
    )
    rule_records_period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", "—"), ("month", _("month")), ("quarter", _("quarter")), ("year", _("year"))],
    )

    def initial_from_rules(self, rules: list[dict]) -> None:
        for rule in rules:
            kind = rule["type"]
            if kind in ("min_photos", "min_files"):
                self.initial[f"rule_{kind}"] = rule["count"]
            elif kind == "file_types":
                self.initial["rule_file_types"] = ", ".join(rule["types"])
            elif kind == "requires_doc_number":
                self.initial["rule_requires_doc_number"] = True
            elif kind == "date_window_months":
                self.initial["rule_date_window_months"] = rule["months"]
            elif kind == "min_records":
                self.initial["rule_min_records"] = rule["count"]
                self.initial["rule_records_period"] = rule["period"]

    def rules_from_fields(self) -> list[dict]:
        data = self.cleaned_data
        rules: list[dict] = []
        if data.get("rule_min_photos"):
            rules.append({"type": "min_photos", "count": data["rule_min_photos"]})
        if data.get("rule_min_files"):
            rules.append({"type": "min_files", "count": data["rule_min_files"]})
        if data.get("rule_file_types"):
            types = [t for t in data["rule_file_types"].replace("，", ",").replace("、", ",").split(",") if t.strip()]
            rules.append({"type": "file_types", "types": [t.strip() for t in types]})
        if data.get("rule_requires_doc_number"):
            rules.append({"type": "requires_doc_number"})
        if data.get("rule_date_window_months"):
            rules.append({"type": "date_window_months", "months": data["rule_date_window_months"]})
        if data.get("rule_min_records"):
            period = data.get("rule_records_period")
            if period not in PERIODS:
                self.add_error("rule_records_period", _("Choose the period the records are counted in."))
                return rules
            rules.append({"type": "min_records", "count": data["rule_min_records"], "period": period})
        try:
            return validate_rules(rules)
        except ValidationError as exc:
            self.add_error("rule_file_types", exc)
            return rules


class ItemForm(BootstrapFormMixin, RulesFieldsMixin):
    """Edit or add an item of a draft standard."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.DecimalField(label=_("Points"), min_value=0.01, max_value=MAX_POINTS, max_digits=6, decimal_places=2)
    methods = forms.MultipleChoiceField(
        label=_("Assessment methods"),
        choices=AssessmentMethod.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    materials = forms.CharField(label=_("Required materials"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["indicator", "code", "title", "points", "methods", "materials"]

    def __init__(self, *args, standard, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(aspect__standard=standard).order_by(
            "aspect__order", "order", "id"
        )
        if item is not None:
            # An existing item stays under its indicator.
            del self.fields["indicator"]
            for name in ("code", "title", "points", "methods", "materials"):
                self.initial.setdefault(name, getattr(item, name))
            self.initial_from_rules(item.rules)

    def clean(self):
        cleaned = super().clean()
        cleaned["rules"] = self.rules_from_fields()
        return cleaned


class IndicatorForm(BootstrapFormMixin, forms.Form):
    aspect = forms.ModelChoiceField(label=_("Aspect"), queryset=None, empty_label=None)
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].queryset = standard.aspects.order_by("order", "id")
