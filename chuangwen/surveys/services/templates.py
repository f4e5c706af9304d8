"""Survey templates (调查问卷) and their questions: created, changed, reordered and taken off the
form (never deleted once answered), and the default outpatient and inpatient surveys. A change
starts a new version of the cached public forms of its template."""

from __future__ import annotations

import time
from collections.abc import Sequence

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chuangwen.org.models import Unit

from .. import selectors
from ..models import Answer, Question, SurveyTemplate


def _save(obj, user) -> None:
    obj.full_clean()
    obj._history_user = user
    obj.save()
    if isinstance(obj, SurveyTemplate | Question):
        _forms_changed(obj.pk if isinstance(obj, SurveyTemplate) else obj.template_id)


def _forms_changed(template_id: int) -> None:
    """The public forms of this template changed: cached copies are stale (see
    ``selectors.public_form``)."""
    key = selectors.template_version_key(template_id)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None))


# --- templates and questions -------------------------------------------------------------------


@transaction.atomic
def template_create(*, unit: Unit, name: str, audience: str, intro: str = "", user) -> SurveyTemplate:
    """A new, empty template of ``unit``."""
    if SurveyTemplate.objects.filter(unit=unit, name=name.strip()).exists():
        raise ValidationError({"name": _("A survey named %(name)s already exists.") % {"name": name.strip()}})
    template = SurveyTemplate(unit=unit, name=name.strip(), audience=audience, intro=intro)
    _save(template, user)
    return template


@transaction.atomic
def template_update(*, template: SurveyTemplate, user, **changes) -> SurveyTemplate:
    """Change a template's name, audience, introduction or active flag."""
    name = changes.get("name", template.name).strip()
    if SurveyTemplate.objects.filter(unit_id=template.unit_id, name=name).exclude(pk=template.pk).exists():
        raise ValidationError({"name": _("A survey named %(name)s already exists.") % {"name": name}})
    for key, value in changes.items():
        setattr(template, key, value)
    template.name = name
    _save(template, user)
    return template


@transaction.atomic
def question_add(
    *,
    template: SurveyTemplate,
    text: str,
    kind: str = Question.Kind.RATING,
    required: bool = True,
    options: Sequence[str] = (),
    counts_in_index: bool = True,
    user,
) -> Question:
    """Append a question at the end of ``template``."""
    last = template.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question(
        template=template,
        text=text.strip(),
        kind=kind,
        required=required,
        options=list(options),
        counts_in_index=counts_in_index,
        order=last + 10,
    )
    _save(question, user)
    return question


@transaction.atomic
def question_update(*, question: Question, user, **changes) -> Question:
    """Change a question. Its kind is fixed once it has answers (the aggregates count by kind)."""
    if "kind" in changes and changes["kind"] != question.kind and _has_answers(question):
        raise ValidationError({"kind": _("This question already has answers: its kind cannot change.")})
    for key, value in changes.items():
        setattr(question, key, value.strip() if isinstance(value, str) and key == "text" else value)
    _save(question, user)
    return question


def _has_answers(question: Question) -> bool:
    """Whether anyone answered ``question`` (counted into the aggregates yet or not)."""
    return Answer.objects.filter(question=question).exists()


@transaction.atomic
def question_move(*, question: Question, up: bool, user) -> None:
    """Swap the question with its neighbour above (``up``) or below among the active ones."""
    siblings = list(Question.objects.filter(template_id=question.template_id, is_active=True).order_by("order", "id"))
    i = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for pos, q in enumerate(siblings, start=1):
        if q.order != pos * 10:
            q.order = pos * 10
            q._history_user = user
            q.save(update_fields=["order", "updated_at"])
    _forms_changed(question.template_id)


@transaction.atomic
def question_deactivate(*, question: Question, user) -> Question:
    """Take a question off the form; its answers and aggregates stay."""
    question.is_active = False
    _save(question, user)
    return question


# The default surveys (seed 004 总结2 四1 "每季进行服务满意度调查"; 总结3 二: 挂号、收费、取药 等候不超过
# 15分钟, 收费项目完全公开, 微笑服务, 统一佩戴工号).
OUTPATIENT_QUESTIONS = [
    ("挂号、缴费是否便捷", "rating"),
    ("医生的服务态度（耐心倾听、解释病情）", "rating"),
    ("护士的服务态度（微笑服务、文明用语）", "rating"),
    ("候诊时间是否合理（一般不超过15分钟）", "rating"),
    ("就诊环境是否整洁卫生、标识清晰", "rating"),
    ("收费是否公开透明", "rating"),
    ("您对本科室的总体满意度", "rating"),
    ("您是通过什么方式挂号的？", "single", ["窗口挂号", "自助机", "微信/网上预约", "其他"]),
]
INPATIENT_QUESTIONS = [
    ("入院办理、出院结算是否便捷", "rating"),
    ("医生的服务态度（查房及时、解释病情）", "rating"),
    ("护士的服务态度（呼叫及时应答、操作规范）", "rating"),
    ("住院期间等候检查、治疗的时间是否合理", "rating"),
    ("病区环境是否整洁卫生、安静", "rating"),
    ("费用清单是否清楚、收费是否公开透明", "rating"),
    ("医务人员有无收受红包、推销药品等行为", "single", ["没有", "有", "不清楚"]),
    ("您对本次住院的总体满意度", "rating"),
]
DEFAULT_TEMPLATES = [
    (
        "门诊患者满意度调查",
        SurveyTemplate.Audience.OUTPATIENT,
        "感谢您来我院就诊！请花一分钟为我们的服务打分，1分为非常不满意，5分为非常满意。",
        OUTPATIENT_QUESTIONS,
    ),
    (
        "住院患者出院满意度调查",
        SurveyTemplate.Audience.INPATIENT,
        "祝您早日康复！请为本次住院期间的服务打分，1分为非常不满意，5分为非常满意。",
        INPATIENT_QUESTIONS,
    ),
]


@transaction.atomic
def default_templates_create(*, unit: Unit, user) -> list[SurveyTemplate]:
    """The outpatient and inpatient-at-discharge surveys with their usual questions (those the
    unit has already, by name, are left alone). 意见建议 is the form's own suggestion box."""
    created = []
    for name, audience, intro, questions in DEFAULT_TEMPLATES:
        if SurveyTemplate.objects.filter(unit=unit, name=name).exists():
            continue
        template = template_create(unit=unit, name=name, audience=audience, intro=intro, user=user)
        for text, kind, *opts in questions:
            question_add(template=template, text=text, kind=kind, options=opts[0] if opts else (), user=user)
        created.append(template)
    return created
