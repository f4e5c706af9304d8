"""Django admin, for configuration only (regions, units, roles)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import services
from .models import Department, Membership, Person, Region, Unit, User


@admin.register(Region)
class RegionAdmin(TreeAdmin):
    form = movenodeform_factory(Region)
    list_display = ["name", "code", "level"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "category", "grade", "region", "is_active"]
    list_filter = ["kind", "category", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "kind", "is_active"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "head"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["employee_no", "name", "unit", "department", "political_status", "is_active"]
    search_fields = ["name", "employee_no"]
    raw_id_fields = ["unit", "department", "user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["region", "unit", "department"]


@admin.register(User)
class ChuangwenUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "is_active", "is_superuser", "locked_until"]
    fieldsets = UserAdmin.fieldsets + (
        ("Chuangwen", {"fields": ("display_name", "failed_login_count", "locked_until")}),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_superuser" in form.changed_data:
            # Superuser status is the strongest role of all: its grant or removal is logged too.
            services.superuser_change_record(user=obj, by=request.user, is_superuser=obj.is_superuser)

    def save_formset(self, request, form, formset, change):
        """Roles go through the org services, so each change is in the audit log; a deleted row
        is deactivated, never removed (who held which role stays known)."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            services.membership_deactivate(membership=membership, by=request.user, via="admin")
        for membership in memberships:
            services.membership_save(membership=membership, by=request.user, via="admin")
