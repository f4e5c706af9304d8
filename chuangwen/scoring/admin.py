"""The ledger in the admin: to read only (entries are corrected by counter-entries, in the app)."""

from django.contrib import admin

from chuangwen.core.append_only import AppendOnlyAdmin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(AppendOnlyAdmin, admin.ModelAdmin):
    list_display = ["occurred_on", "unit", "department", "person", "points", "source", "source_label", "reason"]
    list_filter = ["source"]
    search_fields = ["reason", "source_label"]
    date_hierarchy = "occurred_on"
    list_select_related = ["unit", "department", "person"]
