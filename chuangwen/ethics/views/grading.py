"""The two table pages: the department head grades his whole department on one keyboard-first
page (Tab, Enter and the arrow keys move between the score inputs: ``ethics/grade_table.js``;
one save for all), and the committee (the office) reviews the computed rows, quotas, vetoes and
gaps and decides each grade. Fixed query counts whatever the number of people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chuangwen.core.scoping import get_visible_or_404
from chuangwen.org.models import Department

from .. import services
from ..compute import quota_excess
from ..models import Evaluation, EvaluationRow, Grade
from ..selectors import is_office, rows_for_page
from ..services.evaluations import blockers


@login_required
def department_grade(request, pk):
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit", "rule_set"), request.user, pk=pk)
    rows = list(rows_for_page(evaluation, request.user, "grade"))
    if not rows:
        raise PermissionDenied
    departments = sorted({r.department for r in rows}, key=lambda d: (d.sort_order, d.pk))
    chosen = request.GET.get("department") or request.POST.get("department")
    department = next((d for d in departments if str(d.pk) == chosen), departments[0])
    rows = [r for r in rows if r.department_id == department.pk]
    editable = evaluation.status == Evaluation.Status.OPEN
    errors = []
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        values = {
            r.pk: {
                "department_score": request.POST.get(f"d{r.pk}", ""),
                "patients_score": request.POST.get(f"p{r.pk}", ""),
                "comment": request.POST.get(f"c{r.pk}", ""),
            }
            for r in rows
        }
        try:
            n = services.rows_department_grade(evaluation=evaluation, by=request.user, values=values)
        except ValidationError as e:
            errors = e.messages
            for r in rows:  # show what was typed
                v = values[r.pk]
                r.department_score, r.patients_score, r.department_comment = (
                    v["department_score"],
                    v["patients_score"],
                    v["comment"],
                )
        else:
            messages.success(request, _("%(n)s rows saved.") % {"n": n})
            return redirect(f"{request.path}?department={department.pk}")
    done = sum(1 for r in rows if r.department_score is not None)
    return render(
        request,
        "ethics/grade.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "department": department,
            "departments": departments if len(departments) > 1 else [],
            "editable": editable,
            "errors": errors,
            "done": done,
        },
    )


@login_required
def committee(request, pk):
    evaluation = get_visible_or_404(Evaluation.objects.select_related("unit", "rule_set"), request.user, pk=pk)
    if not is_office(request.user, evaluation):
        raise PermissionDenied
    rows = list(rows_for_page(evaluation, request.user))
    errors = []
    decidable = evaluation.status in (Evaluation.Status.REVIEW, Evaluation.Status.PUBLICITY)
    if request.method == "POST":
        if not decidable:
            raise PermissionDenied
        try:
            with transaction.atomic():
                for r in rows:
                    score = request.POST.get(f"k{r.pk}", "")
                    grade = request.POST.get(f"g{r.pk}", "")
                    reason = request.POST.get(f"r{r.pk}", "")
                    old_score = "" if r.committee_score is None else str(r.committee_score)
                    if score == old_score and grade == r.grade and reason == r.grade_reason:
                        continue
                    try:
                        services.row_decide(
                            row=r, by=request.user, grade=grade, reason=reason, committee_score=score or None
                        )
                    except ValidationError as e:
                        errors.extend(e.messages)
                if errors:
                    raise ValidationError(errors)
        except ValidationError:
            pass
        else:
            messages.success(request, _("The committee's decisions are saved."))
            return redirect("ethics:evaluation_review", evaluation.pk)
    counts = {g: sum(1 for r in rows if r.effective_grade == g) for g in Grade.values}
    objections = list(evaluation.objections.select_related("row__person", "filed_by"))
    return render(
        request,
        "ethics/committee.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            "errors": errors,
            "decidable": decidable,
            "quota": quota_excess(evaluation, rows),
            "blockers": blockers(evaluation, rows) if evaluation.status == Evaluation.Status.REVIEW else [],
            "counts": [(Grade(g).label, counts[g]) for g in Grade.values],
            "problems": [r for r in rows if r.outcome in ("gap", "overlap", "incomplete")],
            "vetoes": [r for r in rows if r.veto],
            "objections": objections,
            "grades": Grade.choices,
            "departments": Department.objects.filter(pk__in={r.department_id for r in rows}).count(),
        },
    )


def self_done(rows) -> int:
    return sum(1 for r in rows if r.self_at is not None)


__all__ = ["department_grade", "committee", "EvaluationRow"]
