"""The review workflow: the office's queue, submitting, accepting or returning, archiving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedListView

from .. import selectors, services
from ..filtersets import ReviewQueueFilterSet
from ..forms import ReviewForm
from ..models import REVIEW, Evidence
from ..rules import attestations_of
from .common import attempt, evidence_for, show_errors


class ReviewQueueView(ScopedListView):
    """台账审核: submitted evidence of the unit, oldest submission first."""

    model = Evidence
    action = REVIEW
    template_name = "evidence/review_queue.html"
    filterset_class = ReviewQueueFilterSet
    paginate_by = 30

    def base_queryset(self):
        return (
            Evidence.objects.filter(status=Evidence.Status.SUBMITTED, archived_at__isnull=True)
            .select_related("department", "task", "item", "submitted_by", "unit")
            .annotate(file_count=selectors.live_file_count())
            .order_by("submitted_at", "id")
        )


@login_required
@require_POST
def evidence_submit(request, pk):
    evidence = evidence_for(request, pk)
    if not can(request.user, evidence, CHANGE):
        raise PermissionDenied
    attempt(
        request,
        lambda: services.evidence_submit(evidence=evidence, user=request.user),
        _("Evidence submitted for review."),
    )
    return redirect("evidence:evidence_detail", evidence.pk)


@login_required
@require_POST
def evidence_review(request, pk):
    evidence = evidence_for(request, pk)
    if not can(request.user, evidence, REVIEW):
        raise PermissionDenied
    form = ReviewForm(request.POST, attestations=attestations_of(evidence.item))
    if form.is_valid():
        try:
            services.evidence_review(
                evidence=evidence,
                user=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                attested=form.cleaned_data.get("attested") or (),
            )
            if evidence.status == Evidence.Status.ACCEPTED:
                messages.success(request, _("Evidence accepted."))
            else:
                messages.success(request, _("Evidence returned with the reason given."))
            if request.POST.get("next") == "queue":
                return redirect("evidence:review_queue")
            return redirect("evidence:evidence_detail", evidence.pk)
        except ValidationError as exc:
            show_errors(request, exc)
    else:
        for errors in form.errors.values():
            for m in errors:
                messages.error(request, m)
    return redirect("evidence:evidence_detail", evidence.pk)


@login_required
@require_POST
def evidence_archive(request, pk):
    evidence = evidence_for(request, pk)
    attempt(
        request,
        lambda: services.evidence_archive(evidence=evidence, user=request.user),
        _("Evidence archived; it stays in the history."),
    )
    return redirect("evidence:evidence_detail", evidence.pk)
