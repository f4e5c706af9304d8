"""The medical ethics evaluation API (医德医风考评), scoped like the pages: outside the scope
404, visible but not yours to act on 403. Rows are the person's own for staff, a department's
for its head, the unit's for the office; the bureau reads evaluations, never a row."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from chuangwen.api.access import get_visible, referenced, visible
from chuangwen.org.models import Person

from . import services
from .eligibility import marks_for
from .models import Evaluation, EvaluationRow, Objection, RuleSet, VetoAct, VetoRecord
from .schemas import (
    EthicsAnswerIn,
    EthicsCheckOut,
    EthicsDecisionIn,
    EthicsDepartmentGradeIn,
    EthicsEvaluationOut,
    EthicsMarkOut,
    EthicsObjectionIn,
    EthicsObjectionOut,
    EthicsRowOut,
    EthicsRuleSetOut,
    EthicsSelfIn,
    EthicsStepIn,
    EthicsVetoIn,
    EthicsVetoOut,
)
from .selectors import is_office

router = Router(tags=["ethics"])


def _rule_sets():
    return RuleSet.objects.prefetch_related("components", "grade_rules")


@router.get("/rule-sets", response=list[EthicsRuleSetOut], summary="医德考评办法列表")
def rule_set_list(request, year: int | None = None):
    qs = visible(request, _rule_sets())
    return list(qs.filter(year=year) if year else qs[:100])


@router.get("/rule-sets/{int:rule_set_id}", response=EthicsRuleSetOut, summary="医德考评办法")
def rule_set_detail(request, rule_set_id: int):
    return get_visible(request, _rule_sets(), rule_set_id)


@router.get("/rule-sets/{int:rule_set_id}/check", response=EthicsCheckOut, summary="检查等次规则的空档与重叠")
def rule_set_check(request, rule_set_id: int):
    check = services.ruleset_check(get_visible(request, _rule_sets(), rule_set_id))
    problems = [
        {"kind": p.kind, "message": p.message, "example_score": p.example_score,
         "example_deductions": p.example_deductions, "veto": p.veto}
        for p in check["problems"]
    ]  # fmt: skip
    return {"errors": check["errors"], "problems": problems}


@router.get("/evaluations", response=list[EthicsEvaluationOut], summary="年度医德考评列表")
def evaluation_list(request, year: int | None = None):
    qs = visible(request, Evaluation.objects.all())
    return list(qs.filter(year=year) if year else qs[:100])


@router.get("/evaluations/{int:evaluation_id}", response=EthicsEvaluationOut, summary="年度医德考评")
def evaluation_detail(request, evaluation_id: int):
    return get_visible(request, Evaluation.objects.all(), evaluation_id)


def _rows():
    return EvaluationRow.objects.select_related("person")


@router.get("/evaluations/{int:evaluation_id}/rows", response=list[EthicsRowOut], summary="考评行（按权限范围）")
def row_list(request, evaluation_id: int, department: int | None = None):
    evaluation = get_visible(request, Evaluation.objects.all(), evaluation_id)
    qs = visible(request, _rows()).filter(evaluation=evaluation)
    if department is not None:
        qs = qs.filter(department_id=department)
    return list(qs.order_by("department_id", "person__employee_no", "id"))


@router.get("/rows/{int:row_id}", response=EthicsRowOut, summary="一人的考评行")
def row_detail(request, row_id: int):
    return get_visible(request, _rows(), row_id)


@router.post("/rows/{int:row_id}/self", response=EthicsRowOut, summary="本人自评")
def row_self(request, row_id: int, payload: EthicsSelfIn):
    row = get_visible(request, _rows(), row_id)
    services.row_self_evaluate(
        row=row, by=request.auth_user, text=payload.text, grade=payload.grade, score=payload.score
    )
    return _rows().get(pk=row.pk)


@router.post(
    "/evaluations/{int:evaluation_id}/department-grades",
    response=list[EthicsRowOut],
    summary="科室评价（一次保存全科）",
)
def department_grades(request, evaluation_id: int, payload: list[EthicsDepartmentGradeIn]):
    evaluation = get_visible(request, Evaluation.objects.select_related("rule_set"), evaluation_id)
    rows = {
        item.row: referenced(request, EvaluationRow.objects.filter(evaluation=evaluation), item.row, "row")
        for item in payload
    }
    values = {
        item.row: {
            "department_score": item.department_score,
            "patients_score": item.patients_score,
            "comment": item.comment,
        }
        for item in payload
    }
    services.rows_department_grade(evaluation=evaluation, by=request.auth_user, values=values)
    return list(_rows().filter(pk__in=list(rows)))


@router.post("/rows/{int:row_id}/decide", response=EthicsRowOut, summary="院考评小组评分与定等")
def row_decide(request, row_id: int, payload: EthicsDecisionIn):
    row = get_visible(request, _rows(), row_id)
    services.row_decide(
        row=row,
        by=request.auth_user,
        grade=payload.grade or "",
        reason=payload.reason,
        committee_score=payload.committee_score,
        opinion=payload.opinion,
    )
    return _rows().get(pk=row.pk)


STEPS = {
    "review": services.evaluation_review,
    "publicise": services.evaluation_publicise,
    "finalise": services.evaluation_finalise,
}


@router.post("/evaluations/{int:evaluation_id}/step", response=EthicsEvaluationOut, summary="推进考评阶段")
def evaluation_step(request, evaluation_id: int, payload: EthicsStepIn):
    evaluation = get_visible(request, Evaluation.objects.select_related("unit", "rule_set"), evaluation_id)
    if not is_office(request.auth_user, evaluation):
        raise PermissionDenied
    if payload.step == "grade":
        services.evaluation_grade(evaluation=evaluation)
    elif payload.step in STEPS:
        STEPS[payload.step](evaluation=evaluation, by=request.auth_user)
    else:
        from chuangwen.api.errors import field_error

        raise field_error("step", _("Unknown step."))
    return Evaluation.objects.get(pk=evaluation.pk)


@router.post(
    "/evaluations/{int:evaluation_id}/objections", response={201: EthicsObjectionOut}, summary="公示期间提出异议"
)
def objection_create(request, evaluation_id: int, payload: EthicsObjectionIn):
    evaluation = get_visible(request, Evaluation.objects.select_related("unit"), evaluation_id)
    row = (
        referenced(request, EvaluationRow.objects.filter(evaluation=evaluation), payload.row, "row")
        if payload.row
        else None
    )
    return Status(201, services.objection_file(evaluation=evaluation, by=request.auth_user, text=payload.text, row=row))


@router.get("/evaluations/{int:evaluation_id}/objections", response=list[EthicsObjectionOut], summary="异议列表")
def objection_list(request, evaluation_id: int):
    evaluation = get_visible(request, Evaluation.objects.all(), evaluation_id)
    return list(visible(request, Objection.objects.all()).filter(evaluation=evaluation))


@router.post("/objections/{int:objection_id}/answer", response=EthicsObjectionOut, summary="答复异议")
def objection_answer(request, objection_id: int, payload: EthicsAnswerIn):
    objection = get_visible(request, Objection.objects.select_related("evaluation__unit"), objection_id)
    return services.objection_answer(objection=objection, by=request.auth_user, answer=payload.answer)


class MarkFilter(Schema):
    year: int


@router.get("/people/{int:person_id}/marks", response=list[EthicsMarkOut], summary="评先、晋升、定期考核资格标记")
def person_marks(request, person_id: int, filters: Query[MarkFilter]):
    person = get_visible(request, Person.objects.all(), person_id)
    # A mark shows to whoever may read its sources (the person, the head, the office), not the bureau.
    rows = visible(request, EvaluationRow.objects.filter(person=person)).exists()
    vetoes = visible(request, VetoRecord.objects.filter(person=person)).exists()
    if not (rows or vetoes):
        return []
    return marks_for([person.pk], filters.year).get(person.pk, [])


@router.get("/people/{int:person_id}/vetoes", response=list[EthicsVetoOut], summary="一票否决记录")
def person_vetoes(request, person_id: int):
    person = get_visible(request, Person.objects.all(), person_id)
    return list(visible(request, VetoRecord.objects.select_related("act")).filter(person=person))


@router.post("/people/{int:person_id}/vetoes", response={201: EthicsVetoOut}, summary="记录一票否决")
def person_veto_create(request, person_id: int, payload: EthicsVetoIn):
    person = get_visible(request, Person.objects.select_related("unit"), person_id)
    act = referenced(request, VetoAct.objects.all(), payload.act, "act")
    record = services.veto_record(
        person=person, act=act, occurred_on=payload.occurred_on, facts=payload.facts, by=request.auth_user
    )
    return Status(201, VetoRecord.objects.select_related("act").get(pk=record.pk))
