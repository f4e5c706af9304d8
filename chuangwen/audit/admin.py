"""The audit log in the admin: to read only. No one adds, changes or deletes an event here, not
even a superuser (the permissions are refused, so no button, form or bulk action appears)."""

from django.contrib import admin

from chuangwen.core.append_only import AppendOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "username", "action", "target_repr", "unit", "region", "client_ip"]
    list_filter = ["action"]
    search_fields = ["username", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["unit", "region"]
