"""What the evidence pages share: the task and the record through the user's scope (404
outside it), and the messages of a service's refusal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

from chuangwen.campaigns.models import Task
from chuangwen.core.scoping import get_visible_or_404

from .. import selectors
from ..models import Evidence


def task_for(request, pk) -> Task:
    qs = Task.objects.select_related("campaign", "department", "unit", "person").filter(archived_at__isnull=True)
    return get_visible_or_404(qs, request.user, pk=pk)


def evidence_for(request, pk) -> Evidence:
    qs = selectors.visible_evidence(request.user).select_related(
        "task", "campaign", "department", "unit", "item", "submitted_by", "reviewed_by", "created_by"
    )
    evidence = qs.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


def show_errors(request, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def attempt(request, action, success: str) -> None:
    """Run ``action``; show ``success`` if it went through, else each message of its refusal."""
    try:
        action()
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, success)
