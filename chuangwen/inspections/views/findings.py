"""Findings (问题): the list, recording one with the camera, its page with photos, order and
timeline, and the forms of the rectification loop (dispatch, respond, re-check, reopen, archive)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedListView

from .. import selectors
from ..filtersets import FindingFilterSet
from ..forms import ArchiveForm, DispatchForm, FindingForm, RecheckForm, ReopenForm, RespondForm
from ..models import DISPATCH, INSPECT, Finding, InspectionRound
from ..services import findings as finding_services
from .common import errors_to_form


class FindingListView(ScopedListView):
    """问题清单: filtered in SQL, 50 a page, with a count capped at 10,000 for a whole region."""

    model = Finding
    filterset_class = FindingFilterSet
    template_name = "inspections/finding_list.html"
    paginator_class = selectors.CappedPaginator
    paginate_by = 50

    def base_queryset(self):
        return selectors.finding_rows(Finding.objects.all())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["today"] = timezone.localdate()
        ctx["can_record"] = selectors.units_user_can_inspect(self.request.user).exists()
        return ctx


@login_required
def finding_create(request, round_pk=None):
    rnd = None
    if round_pk is not None:
        rnd = selectors.visible_rounds(request.user).filter(pk=round_pk).first()
        if rnd is None:
            raise Http404
        if not selectors.visible_rounds(request.user, INSPECT).filter(pk=rnd.pk).exists():
            raise PermissionDenied
    elif not selectors.units_user_can_inspect(request.user).exists():
        raise PermissionDenied
    form = FindingForm(request.POST or None, request.FILES or None, user=request.user, round=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            finding = finding_services.finding_record(user=request.user, **form.service_kwargs())
            form.prepared = []
            messages.success(request, _("Finding recorded."))
            if "another" in request.POST:
                return redirect(request.path)
            return redirect("inspections:finding_detail", finding.pk)
        except ValidationError as exc:
            errors_to_form(form, exc)
        finally:
            form.close_prepared()
    rounds = []
    if rnd is None:
        # The inspector picks the round the problem belongs to (its checklist and departments).
        rounds = list(
            selectors.visible_rounds(request.user, INSPECT)
            .filter(status=InspectionRound.Status.IN_PROGRESS)
            .order_by("-starts_on", "-id")[:10]
        )
    return render(request, "inspections/finding_form.html", {"form": form, "round": rnd, "rounds": rounds})


def _finding(request, pk) -> Finding:
    finding = selectors.finding_detail(request.user, pk)
    if finding is None:
        raise Http404
    return finding


FORMS = {
    "dispatch": DispatchForm,
    "respond": RespondForm,
    "recheck": RecheckForm,
    "reopen": ReopenForm,
    "archive": ArchiveForm,
}


def _render_detail(request, finding: Finding, bound: dict | None = None, status: int = 200):
    allowed = selectors.actions_for(request.user, finding)
    forms = {name: FORMS[name](finding=finding) for name, ok in allowed.items() if ok}
    forms.update(bound or {})
    ctx = {
        "finding": finding,
        "photo_groups": selectors.photos_by_stage(finding),
        "events": list(finding.events.all()),
        "overdue": selectors.is_overdue(finding),
        "forms": forms,
        "today": timezone.localdate(),
    }
    return render(request, "inspections/finding_detail.html", ctx, status=status)


@login_required
def finding_detail(request, pk):
    return _render_detail(request, _finding(request, pk))


def _permitted(user, finding: Finding, name: str) -> bool:
    """May ``user`` use this form at all (whatever the state)? Seeing without it is a 403."""
    if name in ("dispatch", "archive"):
        return can(user, finding, DISPATCH)
    if name == "respond":
        return can(user, finding, CHANGE)
    return selectors.may_judge(user, finding)


def _run(request, pk, name: str, call, success: str):
    """Handle one form of the loop: parse, call the service, and on any refusal show the page
    again with the form and its message (a stale version says to reload)."""
    finding = _finding(request, pk)
    if not _permitted(request.user, finding, name):
        raise PermissionDenied
    form = FORMS[name](request.POST, request.FILES or None, finding=finding)
    if form.is_valid():
        try:
            call(finding, form.cleaned_data, getattr(form, "prepared", []))
            messages.success(request, success)
            return redirect("inspections:finding_detail", finding.pk)
        except ValidationError as exc:
            if any(e.code == "stale" for e in exc.error_list if hasattr(exc, "error_list")):
                messages.error(request, exc.messages[0])
                return redirect("inspections:finding_detail", finding.pk)
            errors_to_form(form, exc)
        finally:
            if hasattr(form, "close_prepared"):
                form.close_prepared()
    return _render_detail(request, _finding(request, pk), {name: form}, status=400)


@login_required
@require_POST
def finding_dispatch(request, pk):
    def call(finding, d, _photos):
        finding_services.finding_dispatch(
            finding=finding,
            user=request.user,
            department=d["department"],
            responsible_person=d["responsible_person"],
            deadline=d["deadline"],
            note=d["note"],
            expected_version=d["version"],
        )

    return _run(request, pk, "dispatch", call, _("Rectification order sent."))


@login_required
@require_POST
def finding_respond(request, pk):
    def call(finding, d, photos):
        finding_services.finding_respond(
            finding=finding, user=request.user, text=d["text"], photos=photos, expected_version=d["version"]
        )

    return _run(request, pk, "respond", call, _("Rectification reported; the inspector will re-check it."))


@login_required
@require_POST
def finding_recheck(request, pk):
    def call(finding, d, photos):
        finding_services.finding_recheck(
            finding=finding,
            user=request.user,
            passed=d["decision"] == "pass",
            reason=d["reason"],
            deadline=d["deadline"],
            photos=photos,
            expected_version=d["version"],
        )

    return _run(request, pk, "recheck", call, _("Re-check recorded."))


@login_required
@require_POST
def finding_reopen(request, pk):
    def call(finding, d, photos):
        finding_services.finding_reopen(
            finding=finding,
            user=request.user,
            reason=d["reason"],
            deadline=d["deadline"],
            photos=photos,
            expected_version=d["version"],
        )

    return _run(request, pk, "reopen", call, _("Finding reopened and sent back to the department."))


@login_required
@require_POST
def finding_archive(request, pk):
    def call(finding, d, _photos):
        finding_services.finding_archive(
            finding=finding, user=request.user, reason=d["reason"], expected_version=d["version"]
        )

    return _run(request, pk, "archive", call, _("Finding archived; it stays in the history."))
