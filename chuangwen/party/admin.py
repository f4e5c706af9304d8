"""Party work's rules in the admin (with history): the 三会一课 meeting types (frequency, per
group, reminder days; switched off, never deleted: the calendar's and reminders' keys name them),
the 25 development steps and their time rules, and the branches with their groups and members."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Branch, BranchMember, DevelopmentStep, DevelopmentTarget, MeetingType, PartyGroup


class _NoDelete(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MeetingType)
class MeetingTypeAdmin(_NoDelete):
    list_display = ("name", "code", "frequency", "required_count", "per_group", "remind_days", "is_active")
    list_filter = ("frequency", "is_active")


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(_NoDelete):
    list_display = ("number", "name", "stage", "counted_from", "min_months", "max_months", "sets_status", "rule")
    list_filter = ("stage",)


class GroupInline(admin.TabularInline):
    model = PartyGroup
    extra = 0
    raw_id_fields = ("leader",)


class MemberInline(admin.TabularInline):
    model = BranchMember
    extra = 0
    raw_id_fields = ("person", "group")


@admin.register(Branch)
class BranchAdmin(_NoDelete):
    list_display = ("name", "unit", "secretary", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "unit__name")
    raw_id_fields = ("unit", "secretary")
    inlines = [GroupInline, MemberInline]


@admin.register(DevelopmentTarget)
class DevelopmentTargetAdmin(_NoDelete):
    list_display = ("branch", "year", "target_min", "target_max")
    raw_id_fields = ("branch",)
