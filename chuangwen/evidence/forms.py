"""Forms of the evidence ledger: the record with its files, and the office's review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.core.files import prepare_all
from chuangwen.org.forms import BootstrapFormMixin
from chuangwen.standards.models import Item

from . import uploads
from .models import Evidence
from .rules import doc_kinds_of


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by ``uploads.prepare_upload`` in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT, "capture": "environment"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class EvidenceForm(BootstrapFormMixin, forms.ModelForm):
    """A record for a task: its item (one of the task's), date, 文号, note and new files. Valid
    files are staged in ``prepared`` (checked by content) and must be closed by the caller."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_("Photos, PDF, Word or Excel; several at once. On a phone you can take a photo directly."),
    )

    class Meta:
        model = Evidence
        fields = ["item", "title", "occurred_on", "doc_number", "doc_kind", "note"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        self.prepared: list[uploads.PreparedUpload] = []
        items = Item.objects.filter(pk__in=task.items.values("pk")).order_by("order", "id")
        self.fields["item"].queryset = items
        self.fields["item"].required = items.exists()
        self.fields["item"].label_from_instance = lambda i: f"{i.code} {i.title[:40]}"
        if items.count() == 1 and not self.instance.item_id:
            self.initial.setdefault("item", items.first().pk)
        kinds = doc_kinds_of(items)
        if kinds:
            # 材料类别 the items' rules ask for (会议纪要, 方案, 签到表…), chosen on upload.
            self.fields["doc_kind"] = forms.ChoiceField(
                label=_("Document kind"), choices=[("", "—"), *((k, k) for k in kinds)], required=False
            )
        else:
            del self.fields["doc_kind"]

    def clean_files(self):
        self.close_prepared()
        self.prepared = prepare_all(self.cleaned_data.get("files"), uploads.prepare_upload)
        return self.prepared

    def close_prepared(self) -> None:
        for p in self.prepared:
            p.close()
        self.prepared = []


class ReviewForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    attested = forms.MultipleChoiceField(
        label=_("Seen in this record"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, attestations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["attested"].choices = [(a, a) for a in attestations]
        if not attestations:
            del self.fields["attested"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required to return evidence."))
        return data
