"""Member development pages: the pipeline (each person's stage, next step and its date, the
rules' warnings), a new applicant, an applicant's steps with the form for the next one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangwen.core.files import file_response
from chuangwen.core.lookups import resolve
from chuangwen.core.views import ScopedListView

from .. import development, selectors
from ..filtersets import ApplicantFilterSet
from ..forms import ApplicantForm, StepForm
from ..models import Applicant, DevelopmentStep, StepDocument
from .meetings import _add_errors


class PipelineView(ScopedListView):
    template_name = "party/pipeline.html"
    filterset_class = ApplicantFilterSet
    paginate_by = 50

    def base_queryset(self):
        return (
            Applicant.objects.select_related("branch", "person", "person__department")
            .prefetch_related("steps__step")
            .order_by("status", "branch_id", "-stage", "id")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["rows"] = selectors.pipeline(ctx["object_list"])
        return ctx


@login_required
def applicant_create(request, pk: int):
    branch = resolve(selectors.branch_queryset(request.user), pk, user=request.user)
    if not selectors.may_change(request.user, branch):
        raise PermissionDenied
    form = ApplicantForm(request.POST or None, user=request.user, branch=branch)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            applicant = development.applicant_create(
                user=request.user, branch=branch, person=c["person"], applied_on=c["applied_on"], notes=c["notes"]
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The applicant was added."))
            return redirect("party:applicant_detail", pk=applicant.pk)
    return render(request, "party/applicant_form.html", {"branch": branch, "form": form})


@login_required
def applicant_detail(request, pk: int):
    applicant = resolve(selectors.applicant_queryset(request.user), pk, user=request.user)
    can_change = selectors.may_change(request.user, applicant)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    row = selectors.pipeline([applicant])[0]
    done_numbers = [r.step.number for r in row["records"]]
    form = None
    if can_change and applicant.status == Applicant.Status.ACTIVE:
        data = (request.POST, request.FILES) if request.method == "POST" else ()
        initial = {"step": row["next"].step.pk} if row["next"] else {}
        form = StepForm(*data, user=request.user, applicant=applicant, done_numbers=done_numbers, initial=initial)
        if request.method == "POST" and form.is_valid():
            c = form.cleaned_data
            try:
                record = development.step_record(
                    user=request.user,
                    applicant=applicant,
                    step=c["step"],
                    done_on=c["done_on"],
                    people=list(c["people"]),
                    notes=c["notes"],
                    training_days=c["training_days"],
                    training_hours=c["training_hours"],
                    documents=form.prepared,
                )
            except ValidationError as e:
                form.close_prepared()
                _add_errors(form, e)
            else:
                for w in record.warnings:
                    messages.warning(request, f"{w['message']}（{w['rule']}）")
                messages.success(request, _("Step %(n)s was recorded.") % {"n": record.step.number})
                return redirect("party:applicant_detail", pk=applicant.pk)
        form.close_prepared()
    steps = list(DevelopmentStep.objects.order_by("number"))
    records = {r.step.number: r for r in row["records"]}
    ctx = {
        "applicant": applicant,
        "row": row,
        "timeline": [(s, records.get(s.number)) for s in steps],
        "form": form,
        "can_change": can_change,
    }
    return render(request, "party/applicant_detail.html", ctx)


@login_required
def step_document(request, pk: int):
    doc = resolve(StepDocument.objects.all(), pk, user=request.user)
    return file_response(doc.file, content_type=doc.content_type, filename=doc.original_name, inline=True)
