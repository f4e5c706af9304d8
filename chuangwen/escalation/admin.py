"""督办规则 in the admin: the system administrator edits the rules (with history); a rule is
switched off, never deleted, and its kind and code stay as created (the code is part of the
notices' de-duplication keys)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import EscalationRule


@admin.register(EscalationRule)
class EscalationRuleAdmin(SimpleHistoryAdmin):
    list_display = ("name", "subject", "code", "owner", "trigger", "days", "working_days", "level", "whom", "is_active")
    list_filter = ("subject", "is_active", "trigger")
    search_fields = ("name", "code", "owner__name")
    raw_id_fields = ("owner",)
    fieldsets = (
        (None, {"fields": ("subject", "code", "name", "owner", "is_active")}),
        (_("When"), {"fields": ("trigger", "days", "working_days", "condition")}),
        (
            _("Whom"),
            {
                "fields": (
                    "notify_responsible",
                    "fallback",
                    "notify_department_head",
                    "notify_office",
                    "notify_supervisor",
                )
            },
        ),
        (_("What"), {"fields": ("message", "level")}),
    )

    @admin.display(description=_("notified"))
    def whom(self, rule: EscalationRule) -> str:
        fields = {f.name: f for f in EscalationRule._meta.fields}
        return "、".join(str(fields[f"notify_{a}"].verbose_name) for a in rule.audiences)

    def get_readonly_fields(self, request, obj=None):
        return ("subject", "code") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False
