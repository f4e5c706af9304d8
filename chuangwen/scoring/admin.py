"""The ledger in the admin: to read only (entries are corrected by counter-entries, in the app)."""

from django.contrib import admin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["occurred_on", "unit", "department", "person", "points", "source", "source_label", "reason"]
    list_filter = ["source"]
    search_fields = ["reason", "source_label"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit", "department", "person"]
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
