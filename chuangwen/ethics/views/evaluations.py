"""Evaluation pages: the index (the year's evaluations, one's own row), opening an evaluation,
its overview with the steps (review, 公示, final), objections, and one person's row with the
self-evaluation form (a phone page)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit, get_visible_or_404
from chuangwen.core.workdays import local_today
from chuangwen.org.models import Department

from .. import services
from ..forms import AnswerForm, ObjectionForm, SelfEvaluationForm, style_widgets
from ..models import Evaluation, EvaluationRow, Objection, RuleSet
from ..selectors import is_office
from .common import flash_errors, form_errors


@login_required
def index(request):
    evaluations = list(Evaluation.objects.visible_to(request.user).select_related("unit", "rule_set")[:30])
    own = list(
        EvaluationRow.objects.filter(person__user=request.user)
        .select_related("evaluation")
        .order_by("-evaluation__year")[:5]
    )
    unit = getattr(request, "current_unit", None)
    office = bool(unit) and can_in_unit(request.user, Evaluation, unit, CHANGE)
    return render(request, "ethics/index.html", {"evaluations": evaluations, "own": own, "office": office})


class OpenForm(forms.Form):
    rule_set = forms.ModelChoiceField(label=gettext_lazy("Rule set"), queryset=RuleSet.objects.none())
    departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Departments"), queryset=Department.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    publicity_days = forms.IntegerField(
        label=gettext_lazy("Public notice (working days)"), min_value=1, max_value=30, initial=5
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = RuleSet.objects.filter(unit=unit, status=RuleSet.Status.PUBLISHED)
        self.fields["departments"].queryset = Department.objects.filter(unit=unit, is_active=True)
        self.initial.setdefault("departments", list(self.fields["departments"].queryset))
        style_widgets(self)


@login_required
def evaluation_create(request):
    unit = getattr(request, "current_unit", None)
    if unit is None or not can_in_unit(request.user, Evaluation, unit, CHANGE):
        raise PermissionDenied
    form = OpenForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        rule_set = form.cleaned_data["rule_set"]
        try:
            evaluation = services.evaluation_open(
                unit=unit,
                year=rule_set.year,
                rule_set=rule_set,
                departments=form.cleaned_data["departments"],
                publicity_days=form.cleaned_data["publicity_days"],
                by=request.user,
            )
        except ValidationError as e:
            form_errors(form, e)
        else:
            messages.success(request, _("The evaluation is open."))
            return redirect("ethics:evaluation", evaluation.pk)
    return render(request, "ethics/evaluation_form.html", {"form": form})


@login_required
def evaluation_detail(request, pk):
    """Where each role goes: the office to the committee page, a head to his department."""
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit"), request.user, pk=pk)
    if is_office(request.user, evaluation):
        return redirect("ethics:evaluation_review", evaluation.pk)
    if EvaluationRow.objects.visible_to(request.user, "grade").filter(evaluation=evaluation).exists():
        return redirect("ethics:evaluation_grade", evaluation.pk)
    row = (
        EvaluationRow.objects.visible_to(request.user).filter(evaluation=evaluation, person__user=request.user).first()
    )
    if row is not None:
        return redirect("ethics:row", evaluation.pk, row.pk)
    return redirect("ethics:index")


STEP_DONE = {
    "review": gettext_lazy("The committee review has started; the grades are computed."),
    "grade": gettext_lazy("The grades are being recomputed."),
    "publicise": gettext_lazy("The grades are published for public notice."),
    "finalise": gettext_lazy("The grades are final."),
}


@require_POST
@login_required
def evaluation_step(request, pk):
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit", "rule_set"), request.user, pk=pk)
    step = request.POST.get("step")
    steps = {
        "review": services.evaluation_review,
        "grade": services.evaluation_grade,
        "publicise": services.evaluation_publicise,
        "finalise": services.evaluation_finalise,
    }
    if step not in steps:
        messages.error(request, _("Unknown step."))
    elif not is_office(request.user, evaluation):
        raise PermissionDenied
    else:
        try:
            if step == "grade":
                from ..tasks import grade_evaluation

                grade_evaluation.enqueue(evaluation.pk)
            else:
                steps[step](evaluation=evaluation, by=request.user)
        except ValidationError as e:
            flash_errors(request, e)
        else:
            messages.success(request, STEP_DONE[step])
    return redirect("ethics:evaluation_review", evaluation.pk)


@require_POST
@login_required
def objection_create(request, pk):
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit"), request.user, pk=pk)
    form = ObjectionForm(request.POST)
    row = None
    if request.POST.get("row"):
        row = get_visible_or_404(
            EvaluationRow.objects.all(), request.user, pk=request.POST["row"], evaluation=evaluation
        )
    if form.is_valid():
        try:
            services.objection_file(evaluation=evaluation, by=request.user, text=form.cleaned_data["text"], row=row)
        except ValidationError as e:
            flash_errors(request, e)
        else:
            messages.success(request, _("Your objection is received; the office will answer it."))
    else:
        messages.error(request, _("Write the objection."))
    return redirect("ethics:index")


@require_POST
@login_required
def objection_answer(request, pk):
    objection = get_visible_or_404(Objection.objects.select_related("evaluation__unit"), request.user, CHANGE, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(objection=objection, by=request.user, answer=form.cleaned_data["answer"])
        except ValidationError as e:
            flash_errors(request, e)
        else:
            messages.success(request, _("The answer is recorded."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("ethics:evaluation_review", objection.evaluation_id)


@login_required
def row_detail(request, pk, row):
    row = get_visible_or_404(
        EvaluationRow.objects.select_related("evaluation__rule_set", "evaluation__unit", "person", "department"),
        request.user,
        pk=row,
        evaluation_id=pk,
    )
    evaluation = row.evaluation
    own = row.person.user_id == request.user.pk
    form = None
    if own and evaluation.status == Evaluation.Status.OPEN:
        initial = {"self_text": row.self_text, "self_grade": row.self_grade, "self_score": row.self_score}
        form = SelfEvaluationForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.row_self_evaluate(
                    row=row,
                    by=request.user,
                    text=form.cleaned_data["self_text"],
                    grade=form.cleaned_data["self_grade"],
                    score=form.cleaned_data["self_score"],
                )
            except ValidationError as e:
                form_errors(form, e)
            else:
                messages.success(request, _("Your self-evaluation is saved."))
                return redirect("ethics:row", evaluation.pk, row.pk)
    elif request.method == "POST":
        raise PermissionDenied
    publicity = evaluation.status == Evaluation.Status.PUBLICITY and local_today() <= evaluation.publicity_until
    show_result = evaluation.status in (Evaluation.Status.PUBLICITY, Evaluation.Status.FINAL) or not own
    return render(
        request,
        "ethics/row.html",
        {
            "row": row,
            "evaluation": evaluation,
            "form": form,
            "own": own,
            "show_result": show_result,
            "objection_form": ObjectionForm() if publicity else None,
        },
    )
