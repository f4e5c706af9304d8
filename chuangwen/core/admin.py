"""The working-day calendar in the admin: a year's notice with its days on one page (entered or
corrected by hand), and an import page for a CSV or YAML file (``core.holidays``). A year is
never deleted: who entered it and from what stays on record; its days are corrected instead."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import holidays
from .models import CalendarDay, CalendarYear


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    fields = ["date", "kind", "name"]
    extra = 0
    min_num = 1


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or YAML file"), help_text=_("Columns date, until, kind, name; one year per file.")
    )
    source = forms.CharField(
        label=_("source"),
        max_length=200,
        required=False,
        help_text=_("e.g. 国务院办公厅关于2027年部分节假日安排的通知"),
    )
    replace = forms.BooleanField(label=_("Replace the year's days (amended notice)"), required=False, initial=False)


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "source", "day_count", "entered_by", "entered_at"]
    fields = ["year", "source", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]
    inlines = [CalendarDayInline]
    change_list_template = "admin/core/calendaryear/change_list.html"

    @admin.display(description=_("days"))
    def day_count(self, obj) -> int:
        return obj.days.count()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="core_calendaryear_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and request.user.has_perm("core.add_calendarday")):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                content = upload.read(holidays.MAX_FILE_BYTES + 1)
                calendar = holidays.calendar_file_read(name=upload.name, content=content)
                entry = holidays.calendar_import(
                    calendar=calendar,
                    user=request.user,
                    source=form.cleaned_data["source"],
                    replace=form.cleaned_data["replace"],
                )
            except holidays.CalendarInputError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                self.message_user(
                    request,
                    _("%(year)s entered: %(n)s days.") % {"year": entry.year, "n": len(calendar.days)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:core_calendaryear_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a year's holidays"),
            "form": form,
        }
        return TemplateResponse(request, "admin/core/calendaryear/import.html", context)


@admin.register(CalendarDay)
class CalendarDayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind", "calendar_year"]
    list_filter = ["kind", "calendar_year"]
    search_fields = ["name"]
    date_hierarchy = "date"
    list_select_related = ["calendar_year"]
