"""Activity kinds and study-note targets in the admin (rules as data, with history): a kind is
switched off rather than deleted, since activities keep pointing at it."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActivityKind, StudyTarget


@admin.register(ActivityKind)
class ActivityKindAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "unit", "required_rate", "is_study", "sort_order", "is_active")
    list_filter = ("is_study", "is_active")
    search_fields = ("name", "code", "unit__name")
    raw_id_fields = ("unit",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StudyTarget)
class StudyTargetAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "year", "kind", "words_per_person")
    list_filter = ("year",)
    raw_id_fields = ("unit",)
