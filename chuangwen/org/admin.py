"""Django admin, for configuration only (regions, units, roles)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

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
    list_display = ["username", "display_name", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + (("Chuangwen", {"fields": ("display_name",)}),)


from . import admin_lockouts  # noqa: E402, F401  (login locks, unlock recorded)
