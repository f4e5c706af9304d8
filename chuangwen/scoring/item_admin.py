"""Readiness data in the admin: the bureau's pass lines per title level (达标线) and the unit
vetoes (一票否决). Vetoes are never deleted: one entered in error is lifted (archived)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .readiness_models import PassLine, UnitVeto


@admin.register(PassLine)
class PassLineAdmin(SimpleHistoryAdmin):
    list_display = ["owner_unit", "level", "min_percent", "min_aspect_percent", "note"]
    list_filter = ["level"]
    list_select_related = ["owner_unit"]


@admin.action(description=_("Lift the selected vetoes (recorded in error)"))
def lift(modeladmin, request, queryset):
    queryset.filter(archived_at__isnull=True).update(archived_at=timezone.now(), archived_by=request.user)


@admin.register(UnitVeto)
class UnitVetoAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "condition", "occurred_on", "years", "record_label", "archived_at"]
    list_filter = ["condition"]
    search_fields = ["condition", "record_label", "unit__name"]
    list_select_related = ["unit"]
    readonly_fields = ["archived_at", "archived_by", "created_by"]
    actions = [lift]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False
