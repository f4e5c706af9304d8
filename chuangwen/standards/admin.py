"""测评方法 in the admin: the shipped methods and a bureau's own (with history). A method is
switched off, never deleted: stored items keep naming it by its code."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Method


@admin.register(Method)
class MethodAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "owner_region", "active", "order")
    list_filter = ("active",)
    search_fields = ("code", "name")
    raw_id_fields = ("owner_region",)

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
