"""Django admin, for configuration only (regions, units, roles). Staff and users are archived
(marked as left, deactivated), never deleted: their history, tasks and records keep pointing at
them."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from . import services
from .models import Department, Membership, Person, Region, Unit, User


class ArchiveNotDeleteMixin:
    """No delete button, page or bulk action (``has_delete_permission`` is False: the delete
    view answers 403); the ``archive_selected`` action turns ``is_active`` off instead."""

    actions = ["archive_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    def archive(self, request, obj) -> None:
        raise NotImplementedError

    @admin.action(description=_("Archive the selected records (keep them, marked inactive)"))
    def archive_selected(self, request, queryset):
        count = 0
        for obj in queryset.filter(is_active=True):
            self.archive(request, obj)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d record archived.", "%(count)d records archived.", count) % {"count": count},
            messages.SUCCESS,
        )


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
class PersonAdmin(ArchiveNotDeleteMixin, SimpleHistoryAdmin):
    list_display = ["employee_no", "name", "unit", "department", "political_status", "is_active"]
    search_fields = ["name", "employee_no"]
    raw_id_fields = ["unit", "department", "user"]

    def archive(self, request, obj) -> None:
        services.person_update(person=obj, user=request.user, is_active=False)  # 离职: out of service


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    can_delete = False  # a role is ended by unticking "active": who held it stays on record
    raw_id_fields = ["region", "unit", "department"]


@admin.register(User)
class ChuangwenUserAdmin(ArchiveNotDeleteMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "display_name", "is_active", "is_superuser"]
    fieldsets = UserAdmin.fieldsets + (("Chuangwen", {"fields": ("display_name",)}),)

    def archive(self, request, obj) -> None:
        obj.is_active = False  # cannot sign in any more; the history names who did it
        obj.save(update_fields=["is_active"])

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


from . import admin_lockouts  # noqa: E402, F401  (login locks, unlock recorded)
