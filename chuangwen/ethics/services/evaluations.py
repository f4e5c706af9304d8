"""The yearly evaluation's steps: opened by the office (a row per active person of the chosen
departments) → self-evaluation (own row only) → the department head's grades (his department, all
rows in one save) → committee review (computed, decided) → 公示 (working days, objections) →
final (frozen). Each step checks who acts and in which state, and writes nothing half-way."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.workdays import add_working_days, local_today
from chuangwen.org.models import Person

from ..compute import quota_excess, rows_compute
from ..models import Evaluation, EvaluationRow, Grade, Objection, RuleSet

S = Evaluation.Status


def _state(evaluation, *states) -> None:
    if evaluation.status not in states:
        raise ValidationError(
            _("The evaluation is at “%(status)s”; this step is not possible now.")
            % {"status": evaluation.get_status_display()}
        )


def _office(user, unit) -> None:
    if user is not None and not can_in_unit(user, Evaluation, unit, CHANGE):
        raise PermissionDenied(_("Only the unit's office may do this."))


def _score(value, label: str, scale: Decimal):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("%(label)s: “%(value)s” is not a number.") % {"label": label, "value": value}) from None
    if not 0 <= number <= scale:
        raise ValidationError(
            _("%(label)s: give a score from 0 to %(max)s.")
            % {"label": label, "max": f"{scale:f}".rstrip("0").rstrip(".")}
        )
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def evaluation_open(*, unit, year: int, rule_set: RuleSet, departments, by=None, publicity_days: int = 5) -> Evaluation:
    """Open the year's evaluation: one row per person in service of the departments."""
    _office(by, unit)
    if rule_set.unit_id != unit.pk or rule_set.year != year or rule_set.status != RuleSet.Status.PUBLISHED:
        raise ValidationError({"rule_set": _("Choose the unit's published rule set of %(year)s.") % {"year": year}})
    departments = list(departments)
    if not departments:
        raise ValidationError({"departments": _("Choose at least one department.")})
    if any(d.unit_id != unit.pk for d in departments):
        raise ValidationError({"departments": _("The departments must belong to the unit.")})
    if Evaluation.objects.filter(unit=unit, year=year).exists():
        raise ValidationError({"year": _("The evaluation of %(year)s is already open.") % {"year": year}})
    evaluation = Evaluation.objects.create(
        unit=unit, year=year, rule_set=rule_set, opened_by=by, publicity_days=publicity_days
    )
    evaluation.departments.set(departments)
    people = Person.objects.filter(unit=unit, department__in=departments, is_active=True).only("id", "department_id")
    rows = [EvaluationRow(evaluation=evaluation, person_id=p.pk, department_id=p.department_id) for p in people]
    bulk_create_with_history(rows, EvaluationRow, batch_size=500, default_user=by)
    return evaluation


@transaction.atomic
def row_self_evaluate(
    *, row: EvaluationRow, by, text: str, grade: str, score=None, from_paper: bool = False
) -> EvaluationRow:
    """The person's own self-evaluation (自我评价, 自评等次), while the evaluation is open. With
    ``from_paper`` the office enters the signed paper form of somebody without an account."""
    row = EvaluationRow.objects.select_for_update().select_related("evaluation__rule_set", "person").get(pk=row.pk)
    own = by is not None and row.person.user_id == by.pk
    paper = from_paper and row.person.user_id is None and can(by, row, CHANGE)
    if not (own or paper):
        raise PermissionDenied(_("Only the person evaluated writes the self-evaluation."))
    _state(row.evaluation, S.OPEN)
    errors = {}
    if not (text or "").strip():
        errors["self_text"] = _("Write the self-evaluation.")
    if grade not in Grade.values:
        errors["self_grade"] = _("Choose the self-assessed grade.")
    try:
        score = _score(score, _("Self-evaluation score"), row.evaluation.rule_set.scale_max)
    except ValidationError as e:
        errors["self_score"] = e.messages[0]
    if errors:
        raise ValidationError(errors)
    row.self_text, row.self_grade, row.self_score, row.self_at = text.strip(), grade, score, timezone.now()
    row.save()
    return row


@transaction.atomic
def rows_department_grade(*, evaluation: Evaluation, by, values: dict) -> int:
    """The head's grades for his department in one save: ``values`` maps row ids to
    ``{"department_score", "patients_score", "comment"}``. Every value is checked first (errors
    name the person); nothing is saved unless all are right. Returns the rows changed."""
    _state(evaluation, S.OPEN)
    rows = {
        r.pk: r
        for r in EvaluationRow.objects.visible_to(by, "grade")
        .filter(evaluation=evaluation, pk__in=list(values))
        .select_related("person")
        .select_for_update(of=("self",))
    }
    if len(rows) != len(values):
        raise PermissionDenied(_("Some rows are not yours to grade."))
    scale = evaluation.rule_set.scale_max
    errors, changed = [], []
    for pk, v in values.items():
        row = rows[pk]
        try:
            dept = _score(
                v.get("department_score"), _("%(name)s's department score") % {"name": row.person.name}, scale
            )
            patients = _score(
                v.get("patients_score"), _("%(name)s's patients' score") % {"name": row.person.name}, scale
            )
        except ValidationError as e:
            errors.extend(e.messages)
            continue
        comment = (v.get("comment") or "").strip()[:300]
        if (dept, patients, comment) != (row.department_score, row.patients_score, row.department_comment):
            row.department_score, row.patients_score, row.department_comment = dept, patients, comment
            row.department_by, row.department_at = by, timezone.now()
            changed.append(row)
    if errors:
        raise ValidationError(errors)
    for row in changed:
        row.save()
    return len(changed)


@transaction.atomic
def evaluation_review(*, evaluation: Evaluation, by=None) -> Evaluation:
    """Close the self and department steps and hand the rows to the committee, computed."""
    _office(by, evaluation.unit)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _state(evaluation, S.OPEN)
    evaluation.status = S.REVIEW
    evaluation.save()
    evaluation_grade(evaluation=evaluation)
    return evaluation


def evaluation_grade(*, evaluation: Evaluation) -> int:
    """Compute every row (the grading job's work); returns the rows computed."""
    rows = rows_compute(evaluation)
    evaluation.graded_at = timezone.now()
    evaluation.save(update_fields=["graded_at", "updated_at"])
    return len(rows)


@transaction.atomic
def row_decide(
    *, row: EvaluationRow, by, grade: str, reason: str = "", committee_score=None, opinion=None
) -> EvaluationRow:
    """The committee's score, opinion and grade of one row; a grade other than the suggestion
    needs its reason. Possible during review and 公示 (an objection upheld)."""
    row = (
        EvaluationRow.objects.select_for_update(of=("self",))
        .select_related("evaluation__rule_set", "person")
        .get(pk=row.pk)
    )
    if by is not None and not can(by, row, CHANGE):
        raise PermissionDenied(_("Only the unit's office decides grades."))
    _state(row.evaluation, S.REVIEW, S.PUBLICITY)
    label = _("%(name)s's committee score") % {"name": row.person.name}
    if committee_score is not None:
        row.committee_score = _score(committee_score, label, row.evaluation.rule_set.scale_max)
        rows_compute(row.evaluation, [row])
    if opinion is not None:
        row.committee_opinion = opinion.strip()[:300]
    if grade and grade not in Grade.values:
        raise ValidationError({"grade": _("Unknown grade.")})
    if grade and grade != row.suggested_grade and not (reason or "").strip():
        raise ValidationError(
            {
                "grade_reason": _("%(name)s: give the reason for a grade other than the suggestion.")
                % {"name": row.person.name}
            }
        )
    row.grade = grade or ""
    row.grade_reason = (reason or "").strip()[:300] if grade and grade != row.suggested_grade else ""
    row.decided_by = by if grade else None
    row.save()
    return row


def blockers(evaluation: Evaluation, rows) -> list[str]:
    """Why the evaluation may not go to 公示 or become final: people without a grade (gaps,
    overlaps, missing components) and quotas exceeded."""
    out = []
    ungraded = [r for r in rows if not r.effective_grade]
    if ungraded:
        names = "、".join(r.person.name for r in ungraded[:10])
        out.append(_("%(n)s people have no grade yet: %(names)s") % {"n": len(ungraded), "names": names})
    for q in quota_excess(evaluation, rows):
        out.append(
            _("Excellent in %(where)s: %(count)s of %(people)s, the quota allows %(allowed)s (%(excess)s too many).")
            % q
        )
    return out


def _rows(evaluation):
    return list(EvaluationRow.objects.filter(evaluation=evaluation).select_related("person", "department"))


@transaction.atomic
def evaluation_publicise(*, evaluation: Evaluation, by=None, start: datetime.date | None = None) -> Evaluation:
    """Publish the grades for 公示 (``publicity_days`` working days from ``start``); refused while a
    person has no grade or a quota is exceeded. Undecided rows take their suggestion."""
    _office(by, evaluation.unit)
    evaluation = Evaluation.objects.select_for_update().select_related("rule_set").get(pk=evaluation.pk)
    _state(evaluation, S.REVIEW)
    rows = _rows(evaluation)
    problems = blockers(evaluation, rows)
    if problems:
        raise ValidationError(problems)
    for row in rows:
        if not row.grade:
            row.grade = row.suggested_grade
    EvaluationRow.objects.bulk_update(rows, ["grade"], batch_size=500)
    start = start or local_today()
    evaluation.status = S.PUBLICITY
    evaluation.publicity_from = start
    evaluation.publicity_until = add_working_days(start, max(evaluation.publicity_days - 1, 0))
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_finalise(*, evaluation: Evaluation, by=None, today: datetime.date | None = None) -> Evaluation:
    """Make the grades final (frozen) once the 公示 is over and every objection answered."""
    _office(by, evaluation.unit)
    evaluation = Evaluation.objects.select_for_update().select_related("rule_set").get(pk=evaluation.pk)
    _state(evaluation, S.PUBLICITY)
    today = today or local_today()
    if today <= evaluation.publicity_until:
        raise ValidationError(
            _("The public notice runs until %(day)s; the grades become final after it.")
            % {"day": evaluation.publicity_until}
        )
    if evaluation.objections.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("Answer every objection first."))
    problems = blockers(evaluation, _rows(evaluation))
    if problems:
        raise ValidationError(problems)
    evaluation.status = S.FINAL
    evaluation.finalised_at = timezone.now()
    evaluation.save()
    return evaluation


@transaction.atomic
def objection_file(*, evaluation: Evaluation, by, text: str, row: EvaluationRow | None = None) -> Objection:
    """An objection during the 公示, by a member of the unit's staff."""
    _state(evaluation, S.PUBLICITY)
    member = Person.objects.filter(user=by, unit_id=evaluation.unit_id).exists() or can_in_unit(
        by, Evaluation, evaluation.unit, CHANGE
    )
    if not member:
        raise PermissionDenied(_("Only the unit's staff may object."))
    if local_today() > evaluation.publicity_until:
        raise ValidationError(_("The public notice is over."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the objection.")})
    if row is not None and row.evaluation_id != evaluation.pk:
        raise ValidationError({"row": _("The row belongs to another evaluation.")})
    return Objection.objects.create(evaluation=evaluation, row=row, text=text.strip(), filed_by=by)


@transaction.atomic
def objection_answer(*, objection: Objection, by, answer: str) -> Objection:
    """The office's answer to an objection (a grade changed with it goes through ``row_decide``)."""
    _office(by, objection.evaluation.unit)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise ValidationError(_("The objection is already answered."))
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    objection.answer, objection.answered_by, objection.answered_at = answer.strip(), by, timezone.now()
    objection.save()
    return objection
