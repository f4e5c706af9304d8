"""Pages of the inspections app, made for a phone in the ward: rounds, recording a finding with
the camera, the finding with its photos, order and timeline and the forms of the loop, the
finding list, and the only way to a stored photo (through the scope)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangwen.audit.services import download_record
from chuangwen.core.files import file_response
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.core.views import ScopedListView

from . import selectors
from .filtersets import FindingFilterSet, RoundFilterSet
from .forms import ArchiveForm, DispatchForm, FindingForm, RecheckForm, ReopenForm, RespondForm, RoundForm
from .models import DISPATCH, INSPECT, Finding, InspectionRound
from .services import findings as finding_services
from .services import rounds as round_services

ROUND_FINDINGS_SHOWN = 200


def _errors_to_form(form, exc: ValidationError) -> None:
    """A service's error under the form's field of the same name, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- rounds ------------------------------------------------------------------------------------


class RoundListView(ScopedListView):
    """检查轮次: the rounds the user organises or inspects in, newest first."""

    model = InspectionRound
    unit_field = None
    filterset_class = RoundFilterSet
    template_name = "inspections/round_list.html"
    paginate_by = 30

    def base_queryset(self):
        live = Q(findings__archived_at__isnull=True)
        return (
            InspectionRound.objects.filter(archived_at__isnull=True)
            .select_related("owner_unit")
            .annotate(
                finding_count=Count("findings", filter=live),
                closed_count=Count("findings", filter=live & Q(findings__state=Finding.State.CLOSED)),
            )
            .order_by("-starts_on", "-id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = selectors.units_user_can_plan(self.request.user).exists()
        return ctx


@login_required
def round_create(request):
    if not selectors.units_user_can_plan(request.user).exists():
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = round_services.round_create(user=request.user, **form.service_kwargs())
            messages.success(request, _("Inspection round saved."))
            return redirect("inspections:round_detail", rnd.pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "inspections/round_form.html", {"form": form})


@login_required
def round_update(request, pk):
    rnd = selectors.round_detail(request.user, pk)
    if rnd is None:
        raise Http404
    if not can(request.user, rnd, CHANGE):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user, instance=rnd)
    if request.method == "POST" and form.is_valid():
        try:
            round_services.round_update(round=rnd, user=request.user, **form.service_kwargs())
            messages.success(request, _("Inspection round saved."))
            return redirect("inspections:round_detail", rnd.pk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
    return render(request, "inspections/round_form.html", {"form": form, "round": rnd})


@login_required
def round_detail(request, pk):
    rnd = selectors.round_detail(request.user, pk)
    if rnd is None:
        raise Http404
    findings = selectors.finding_rows(selectors.visible_findings(request.user).filter(round=rnd))
    counts = dict(findings.order_by().values_list("state").annotate(n=Count("id")))
    ctx = {
        "round": rnd,
        "findings": findings[:ROUND_FINDINGS_SHOWN],
        "counts": [(s.value, s.label, counts.get(s.value, 0)) for s in Finding.State],
        "total": sum(counts.values()),
        "shown": ROUND_FINDINGS_SHOWN,
        "can_record": rnd.status != InspectionRound.Status.FINISHED
        and selectors.visible_rounds(request.user, INSPECT).filter(pk=rnd.pk).exists(),
        "can_change": can(request.user, rnd, CHANGE),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/round_detail.html", ctx)


# --- findings ----------------------------------------------------------------------------------


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
            _errors_to_form(form, exc)
        finally:
            form.close_prepared()
    return render(request, "inspections/finding_form.html", {"form": form, "round": rnd})


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
            _errors_to_form(form, exc)
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


# --- photos ------------------------------------------------------------------------------------


@login_required
def photo(request, pk):
    """The only way to a stored photo: through the user's scope (404 outside it)."""
    p = selectors.visible_photos(request.user).filter(pk=pk).first()
    if p is None:
        raise Http404
    download_record(request=request, target=p, kind="inspection_photo", filename=p.original_name)
    return file_response(p.file, content_type=p.content_type, filename=p.original_name, inline=True)


@login_required
def photo_thumbnail(request, pk):
    p = selectors.visible_photos(request.user).filter(pk=pk).first()
    if p is None or not p.thumbnail:
        raise Http404
    return file_response(p.thumbnail, content_type="image/jpeg", filename="thumbnail.jpg", inline=True)
