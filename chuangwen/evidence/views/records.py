"""Pages of the evidence records: the ledger list, the record form on a task (with the htmx
rules preview), editing, and the record with its timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedListView

from .. import selectors, services
from ..filtersets import EvidenceFilterSet
from ..forms import EvidenceForm, ReviewForm
from ..models import REVIEW, Evidence
from ..rules import attestations_of
from .common import evidence_for, task_for


class EvidenceListView(ScopedListView):
    """台账: the evidence the user may see (a department head: their department's)."""

    model = Evidence
    template_name = "evidence/evidence_list.html"
    filterset_class = EvidenceFilterSet
    paginate_by = 30

    def base_queryset(self):
        return (
            Evidence.objects.filter(Q(archived_at__isnull=True) | selectors.reviewable_q(self.request.user))
            .select_related("department", "task", "item", "submitted_by", "unit")
            .annotate(file_count=selectors.live_file_count())
            .order_by("-occurred_on", "-id")
        )


def _form_context(request, task, form, evidence=None):
    files = selectors.current_files(evidence) if evidence else []
    return {
        "task": task,
        "form": form,
        "evidence": evidence,
        "files": files,
        "item_rules": selectors.form_rule_lines(task, evidence=evidence, files=files),
    }


def _save_files(request, evidence, form) -> None:
    prepared, form.prepared = form.prepared, []
    for p in prepared:
        services.evidence_add_file(evidence=evidence, user=request.user, upload=p)


@login_required
def evidence_create(request, task_pk):
    task = task_for(request, task_pk)
    if not selectors.can_add_evidence(request.user, task):
        raise PermissionDenied
    form = EvidenceForm(request.POST or None, request.FILES or None, task=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence = services.evidence_create(
                task=task,
                user=request.user,
                title=data["title"],
                occurred_on=data["occurred_on"],
                item=data["item"],
                doc_number=data["doc_number"],
                doc_kind=data.get("doc_kind") or "",
                note=data["note"],
                files=form.prepared,
            )
            form.prepared = []
            if "submit" in request.POST:
                services.evidence_submit(evidence=evidence, user=request.user)
                messages.success(request, _("Evidence submitted for review."))
            else:
                messages.success(request, _("Evidence saved as a draft."))
            return redirect("evidence:evidence_detail", evidence.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        finally:
            form.close_prepared()
    return render(request, "evidence/evidence_form.html", _form_context(request, task, form))


@login_required
def evidence_update(request, pk):
    evidence = evidence_for(request, pk)
    if not can(request.user, evidence, CHANGE):
        raise PermissionDenied
    if evidence.status not in services.EDITABLE or evidence.is_archived:
        messages.warning(request, _("Submitted or accepted evidence can no longer be changed."))
        return redirect("evidence:evidence_detail", evidence.pk)
    form = EvidenceForm(request.POST or None, request.FILES or None, instance=evidence, task=evidence.task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_update(
                evidence=evidence,
                user=request.user,
                title=data["title"],
                occurred_on=data["occurred_on"],
                item=data["item"],
                doc_number=data["doc_number"],
                doc_kind=data.get("doc_kind") or "",
                note=data["note"],
            )
            _save_files(request, evidence, form)
            if "submit" in request.POST:
                services.evidence_submit(evidence=evidence, user=request.user)
                messages.success(request, _("Evidence submitted for review."))
            else:
                messages.success(request, _("Evidence saved."))
            return redirect("evidence:evidence_detail", evidence.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        finally:
            form.close_prepared()
    return render(request, "evidence/evidence_form.html", _form_context(request, evidence.task, form, evidence))


@login_required
def rules_preview(request, task_pk):
    """htmx: the rules of the chosen item, met or not for the date and 文号 being typed (and the
    files already attached when editing)."""
    task = task_for(request, task_pk)
    evidence = None
    if request.GET.get("evidence"):
        evidence = selectors.visible_evidence(request.user).filter(pk=request.GET["evidence"], task=task).first()
    draft = selectors.draft_from_query(request.GET, task=task, evidence=evidence)
    files = selectors.current_files(evidence) if evidence else []
    lines = selectors.form_rule_lines(task, evidence=draft, files=files, item_id=request.GET.get("item"))
    return render(request, "evidence/_rules.html", {"item_rules": lines})


def _timeline(evidence: Evidence) -> list[dict]:
    """Status changes (and archiving) from the history, oldest first (one query)."""
    rows = evidence.history.select_related("history_user").order_by("history_date", "history_id")
    timeline, last_status, was_archived = [], None, False
    for h in rows:
        archived_now = h.archived_at is not None and not was_archived
        if h.status == last_status and not archived_now:
            continue
        timeline.append(
            {
                "status": "archived" if archived_now else h.status,
                "label": _("Archived") if archived_now else Evidence.Status(h.status).label,
                "when": h.history_date,
                "who": h.history_user,
                "comment": h.review_comment if h.status == Evidence.Status.RETURNED and not archived_now else "",
                "version": h.version,
            }
        )
        last_status, was_archived = h.status, h.archived_at is not None
    return timeline


def _history_lines(evidence: Evidence, limit: int = 30) -> list:
    """The change history without repeated lines: one action saves the record more than once
    (the record, then its status after the files), which read as the same line twice."""
    lines, last = [], None
    for h in evidence.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit * 3]:
        key = (h.history_type, h.status, h.version, h.history_user_id, h.history_date.replace(second=0, microsecond=0))
        if key != last:
            lines.append(h)
        last = key
    return lines[:limit]


@login_required
def evidence_detail(request, pk):
    evidence = evidence_for(request, pk)
    user = request.user
    reviewer = can(user, evidence, REVIEW)
    may_change = can(user, evidence, CHANGE)
    files = selectors.evidence_files(evidence, include_archived=reviewer)
    ctx = {
        "evidence": evidence,
        "rounds": selectors.files_by_round(files),
        "timeline": _timeline(evidence),
        "history": _history_lines(evidence),
        "may_review": reviewer and evidence.status == Evidence.Status.SUBMITTED and not evidence.is_archived,
        "may_edit": may_change and evidence.status in services.EDITABLE and not evidence.is_archived,
        "may_archive": not evidence.is_archived
        and (reviewer or (may_change and evidence.status == Evidence.Status.DRAFT)),
        "review_form": ReviewForm(attestations=attestations_of(evidence.item)),
        "item_rules": selectors.form_rule_lines(
            evidence.task,
            evidence=evidence,
            files=[f for f in files if not f.archived_at and f.version == selectors.working_round(evidence)],
            item_id=evidence.item_id,
        ),
    }
    return render(request, "evidence/evidence_detail.html", ctx)
