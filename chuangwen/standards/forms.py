from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chuangwen.org.forms import BootstrapFormMixin

from .models import MAX_POINTS, Indicator, Method, TitleLevel
from .rules import ALLOWED_FILE_TYPES, MAX_COUNT, MAX_MONTHS, PERIODS, parse_rules_text, rules_to_text, validate_rules
from .scoring_rules import parse_scoring_text, scoring_to_text


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

    rule_per_record = forms.BooleanField(label=_("Photo and file counts apply to each record"), required=False)
    rule_note_required = forms.BooleanField(label=_("Each record carries a written note"), required=False)
    rule_more = forms.CharField(
        label=_("Other requirements"),
        required=False,
        help_text=_("e.g. 类别:会议纪要,签到表; 须见:落款处加盖单位印章; 志愿服务每人每月3小时"),
    )

    def initial_from_rules(self, rules: list[dict]) -> None:
        more = [r for r in rules if r["type"] in ("doc_kinds", "attestations", "per_person")]
        if more:
            self.initial["rule_more"] = rules_to_text(more)
        for rule in rules:
            kind = rule["type"]
            if kind == "note_required":
                self.initial["rule_note_required"] = True
            if kind in ("min_photos", "min_files"):
                self.initial[f"rule_{kind}"] = rule["count"]
                if rule.get("per") == "record":
                    self.initial["rule_per_record"] = True
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
        per = {"per": "record"} if data.get("rule_per_record") else {}
        if data.get("rule_min_photos"):
            rules.append({"type": "min_photos", "count": data["rule_min_photos"], **per})
        if data.get("rule_min_files"):
            rules.append({"type": "min_files", "count": data["rule_min_files"], **per})
        if data.get("rule_note_required"):
            rules.append({"type": "note_required"})
        if data.get("rule_more"):
            try:
                rules += [r for r in parse_rules_text(data["rule_more"]) if r["type"] not in {x["type"] for x in rules}]
            except ValidationError as exc:
                self.add_error("rule_more", exc)
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
        choices=(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    materials = forms.CharField(label=_("Required materials"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    scoring_text = forms.CharField(
        label=_("Scoring rule (计分规则)"),
        required=False,
        help_text=_("e.g. 全有或全无, 按比例, 发现一处扣1分, 每月2分, 等级:A=1,B=0.8,C=0.6; empty: all or nothing"),
    )

    field_order = ["indicator", "code", "title", "points", "methods", "materials", "scoring_text"]

    def __init__(self, *args, standard, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methods"].choices = list(Method.available_to(standard.owner_unit).values_list("code", "name"))
        self.fields["indicator"].queryset = Indicator.objects.filter(aspect__standard=standard).order_by(
            "aspect__order", "order", "id"
        )
        # A two-level standard's hidden indicators are named after their aspects.
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} {i.title}"
        if standard.depth == 2:
            self.fields["indicator"].label = _("Aspect")
        if item is not None:
            # An existing item stays under its indicator.
            del self.fields["indicator"]
            for name in ("code", "title", "points", "methods", "materials"):
                self.initial.setdefault(name, getattr(item, name))
            self.initial_from_rules(item.rules)
            if item.scoring:
                self.initial.setdefault("scoring_text", scoring_to_text(item.scoring))

    def clean(self):
        cleaned = super().clean()
        cleaned["rules"] = self.rules_from_fields()
        try:
            cleaned["scoring"] = parse_scoring_text(cleaned.get("scoring_text") or "")
        except ValidationError as exc:
            self.add_error("scoring_text", exc)
        return cleaned


class IndicatorForm(BootstrapFormMixin, forms.Form):
    aspect = forms.ModelChoiceField(label=_("Aspect"), queryset=None, empty_label=None)
    code = forms.CharField(label=_("Code"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aspect"].queryset = standard.aspects.order_by("order", "id")
