"""Pages of tasks (责任分解): list, detail, create and edit, archive, bulk assignment of standard
items, the 责任分解表 export and import, and "my tasks" for the phone."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import export_record
from chuangwen.core.export_jobs import export_is_long, export_queue
from chuangwen.core.export_views import queued_response
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, get_visible_or_404
from chuangwen.core.views import ScopedDetailView, ScopedListView
from chuangwen.standards.models import Item
from chuangwen.standards.selectors import standard_tree

from .. import exports, selectors, services
from .. import responsibility_table as table
from ..filtersets import TaskFilterSet
from ..forms import BulkAssignForm, ImportForm, TaskForm, add_service_errors, deadline_warning
from ..models import Task
from .campaigns import campaign_for

# The evidence app's panel on the task page, when that app provides one.
EVIDENCE_PANELS = ["evidence/_task_panel.html", "campaigns/_no_evidence_panel.html"]


def describe_rules(rules) -> list[str]:
    """Chinese sentences for an item's evidence rules (the standards app's wording when present)."""
    try:
        from chuangwen.standards.rules import describe_rule
    except ImportError:
        import json

        return [json.dumps(r, ensure_ascii=False) for r in rules or []]
    return [str(describe_rule(r)) for r in rules or []]


def task_for(request, pk: int, action: str = VIEW) -> Task:
    """A live task through the user's scope: 404 outside it (or archived), 403 when view-only."""
    task = get_visible_or_404(
        selectors.task_list_queryset().select_related("campaign__unit", "campaign__standard"),
        request.user,
        VIEW,
        pk=pk,
    )
    if action != VIEW and not can(request.user, task, action):
        raise PermissionDenied
    return task


class TaskListView(ScopedListView):
    model = Task
    filterset_class = TaskFilterSet
    template_name = "campaigns/task_list.html"

    def base_queryset(self):
        return selectors.task_list_queryset().order_by("-campaign__year", "deadline", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        valid = self.filterset.is_valid()
        ctx["campaign"] = self.filterset.form.cleaned_data.get("campaign") if valid else None
        return ctx


class TaskDetailView(ScopedDetailView):
    model = Task
    template_name = "campaigns/task_detail.html"

    def base_queryset(self):
        items = Item.objects.select_related("aspect", "indicator").order_by("order", "id")
        return (
            selectors.task_list_queryset()
            .select_related("campaign__unit", "campaign__standard", "person__department", "created_by")
            .prefetch_related(Prefetch("items", queryset=items), "co_departments")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task = self.object
        ctx["task"] = task
        ctx["campaign"] = task.campaign
        ctx["items"] = [(item, describe_rules(item.rules)) for item in task.items.all()]
        ctx["expected"] = services.task_expected_occurrences(task)
        ctx["can_change"] = can(self.request.user, task, CHANGE)
        ctx["history"] = task.history.select_related("history_user").order_by("-history_date")[:20]
        ctx["panel_template"] = select_template(EVIDENCE_PANELS).template.name
        return ctx


def _warn_deadline(request, campaign, phase, deadline) -> None:
    warning = deadline_warning(campaign, phase, deadline)
    if warning:
        messages.warning(request, warning)


@login_required
def task_create(request, pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    form = TaskForm(request.POST or None, campaign=campaign, initial={"deadline": campaign.ends_on})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(campaign=campaign, user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            _warn_deadline(request, campaign, task.phase, task.deadline)
            return redirect("campaigns:task_detail", task.pk)
    return render(request, "campaigns/task_form.html", {"form": form, "campaign": campaign, "object": None})


@login_required
def task_update(request, pk: int):
    task = task_for(request, pk, CHANGE)
    form = TaskForm(request.POST or None, instance=task, campaign=task.campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(task=task, user=request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Task saved."))
            _warn_deadline(request, task.campaign, form.cleaned_data.get("phase"), form.cleaned_data.get("deadline"))
            return redirect("campaigns:task_detail", task.pk)
    return render(request, "campaigns/task_form.html", {"form": form, "campaign": task.campaign, "object": task})


@login_required
@require_POST
def task_archive(request, pk: int):
    task = task_for(request, pk, CHANGE)
    services.task_archive(task=task, user=request.user)
    messages.success(request, _("Task archived: it no longer shows in lists, and its records and history are kept."))
    return redirect("campaigns:campaign_detail", task.campaign_id)


@login_required
def bulk_assign(request, pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    form = BulkAssignForm(request.POST or None, campaign=campaign, initial={"deadline": campaign.ends_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assignment = services.Assignment(
            item_ids=[i.pk for i in data["items"]],
            department=data["department"],
            person=data["person"],
            deadline=data["deadline"],
            co_departments=list(data["co_departments"]),
        )
        try:
            created = services.task_assign_items_bulk(
                campaign=campaign,
                assignments=[assignment],
                user=request.user,
                combine=data["mode"] == BulkAssignForm.MODE_COMBINED,
                title=data["title"],
                phase=data["phase"],
                recurrence=data["recurrence"],
                deliverable=data["deliverable"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(count)s tasks created.") % {"count": len(created)})
            _warn_deadline(request, campaign, data["phase"], data["deadline"])
            return redirect(f"{_task_list_url()}?campaign={campaign.pk}")
    tree = standard_tree(campaign.standard).aspects
    covered = selectors.item_task_counts(campaign)
    for aspect in tree:
        for indicator in aspect.indicators:
            for item in [*indicator.items, *(it for sec in indicator.sections for it in sec.items)]:
                item.task_count = covered.get(item.pk, 0)
    selected = {str(v) for v in form["items"].value() or []}
    ctx = {"form": form, "campaign": campaign, "tree": tree, "selected": selected}
    return render(request, "campaigns/bulk_assign.html", ctx)


def _task_list_url() -> str:
    return reverse("campaigns:task_list")


@login_required
def responsibility_export(request, pk: int):
    campaign = campaign_for(request, pk, VIEW)
    tasks = exports.export_tasks(campaign).visible_to(request.user, VIEW)
    if export_is_long(tasks.count()):
        job = export_queue(
            user=request.user,
            kind="responsibility_table",
            queryset=tasks,
            filename=table.filename_for(campaign),
            unit=campaign.unit,
            options={"campaign": campaign.pk},
        )
        return queued_response(job)
    export_record(request=request, kind="responsibility_table", target=campaign, unit=campaign.unit_id)
    response = HttpResponse(
        exports.export_workbook(campaign, tasks),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, table.filename_for(campaign))
    return response


@login_required
def responsibility_import(request, pk: int):
    campaign = campaign_for(request, pk, CHANGE)
    form = ImportForm(request.POST or None, request.FILES or None)
    ctx = {"form": form, "campaign": campaign, "errors": [], "result": None}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.RESPONSIBILITY_TABLE_MAX_BYTES
        if upload.size > limit:
            ctx["refused"] = _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        else:
            try:
                result = table.import_workbook(
                    campaign=campaign, data=upload.read(), user=request.user, filename=upload.name
                )
            except table.ImportRefused as exc:
                ctx["refused"] = exc.message
                ctx["errors"] = exc.errors
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s tasks created, %(updated)s updated, %(unchanged)s unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect(f"{_task_list_url()}?campaign={campaign.pk}")
    return render(request, "campaigns/task_import.html", ctx)


@login_required
def my_tasks(request):
    tasks = selectors.my_tasks(request.user)
    if request.GET.get("open") == "1":  # the home page's "my open tasks": not accepted yet
        tasks = tasks.exclude(status=Task.Status.ACCEPTED)
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    return render(request, "campaigns/my_tasks.html", {"page_obj": page, "tasks": page.object_list})
