"""Demo data of medical ethics evaluation (医德医风考评) for ``make demo``: in each demo hospital
the rules of last year and this year (青溪县人民医院's this year in two versions, the second
with its reason), last year's evaluation finished (自评 → 科室 → 院考评小组 → 公示 → 定等), and
this year's: the people's hospital at department grading (内科 waiting for its head, the demo
nurse's self-evaluation still due), the TCM hospital in 公示 with an objection. Vetoes from the
seeds' cases (收受红包, 收受回扣) and the office's record entries (退还红包 as bonuses, a warning).

Reads ``ctx.units``, ``ctx.departments``, ``ctx.users`` and ``ctx.rng``; everything through the
services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from chuangwen.core.workdays import add_working_days
from chuangwen.org.models import Department, Person

from . import services
from .defaults import veto_acts_seed
from .models import EvaluationRow, Grade, VetoAct

OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}
SELF_TEXTS = [
    "本年度认真学习《医务人员职业道德准则》，坚持以病人为中心，廉洁行医，不收受红包回扣，服务态度良好。",
    "严格遵守医德规范和院内各项制度，尊重患者知情权和隐私，积极参加志愿服务和业务学习。",
    "工作中能做到因病施治、合理检查合理用药，与同事团结协作，但在沟通解释方面仍需加强。",
    "全年无投诉，按时完成科室工作任务，参加义诊两次，今后将进一步提升服务水平。",
]
COMMENTS = ["工作认真负责，医德医风良好", "服务态度好，患者满意度高", "团结同事，遵守制度", "沟通能力有待提高"]
ENTRIES = [  # (unit, department, points, reason)
    ("rmyy", "外科", "2", "主动退还患者家属红包1000元，有退还凭证"),
    ("rmyy", "妇产科", "2", "拒收患者家属购物卡并耐心解释"),
    ("rmyy", "内科", "1", "收到患者感谢信：夜间抢救耐心细致"),
    ("rmyy", "急诊科", "-3", "接诊时言语生硬，经调查属实，给予诫勉谈话"),
    ("zyy", "中医内科", "2", "主动退还患者红包500元"),
]


def _score(rng, low=78, high=97) -> Decimal:
    return Decimal(rng.randint(low * 2, high * 2)) / 2


def _people(unit, department, n=None):
    qs = Person.objects.filter(unit=unit, department__name=department, is_active=True, user__isnull=True).order_by("id")
    return list(qs[:n] if n else qs)


def _rules(ctx, key, year, *, revise=False):
    unit, office = ctx.units[key], ctx.users[OFFICES[key]]
    rule_set = services.ruleset_publish(rule_set=services.ruleset_create(unit=unit, year=year, by=office), by=office)
    if revise:
        weights = {"self": 10, "department": 25, "committee": 20, "patients": 25, "record": 20}
        v2 = services.ruleset_new_version(
            rule_set=rule_set,
            reason="依据《医务人员职业道德准则（2025年版）》提高患者评价权重",
            by=office,
            weights=weights,
        )
        rule_set = services.ruleset_publish(rule_set=v2, by=office)
    return rule_set


def _self(ctx, rows, office, skip_user=None, share=1.0):
    """Self-evaluations: online for people with an account, the signed paper forms of the others
    entered by the office (``share`` of them by now)."""
    rng = ctx.rng
    for row in rows:
        user = row.person.user
        if user == skip_user or (user is None and rng.random() > share):
            continue
        services.row_self_evaluate(
            row=row,
            by=user or office,
            text=rng.choice(SELF_TEXTS),
            grade=rng.choice(["excellent", "good", "good"]),
            score=_score(rng, 85, 98),
            from_paper=user is None,
        )


def _departments(ctx, evaluation, rows, office, skip=()):
    """Each department's grades in one save, by its head (the office for heads without an account)."""
    rng = ctx.rng
    by_department = {}
    for row in rows:
        by_department.setdefault(row.department_id, []).append(row)
    head = ctx.users.get("neike")
    for department_id, items in by_department.items():
        if department_id in skip:
            continue
        values = {
            r.pk: {
                "department_score": _score(rng, 80, 98),
                "patients_score": _score(rng, 82, 99),
                "comment": rng.choice(COMMENTS),
            }
            for r in items
        }
        grader = head if head and head.person.department_id == department_id else office
        services.rows_department_grade(evaluation=evaluation, by=grader, values=values)


def _key(ctx, unit):
    return next(k for k, u in ctx.units.items() if u.pk == unit.pk)


def _committee(ctx, evaluation, office):
    """The committee's scores, then the excess 优秀 brought within the quota with a reason."""
    rng = ctx.rng
    services.evaluation_review(evaluation=evaluation, by=office)
    for row in EvaluationRow.objects.filter(evaluation=evaluation):
        services.row_decide(row=row, by=office, grade="", committee_score=_score(rng, 80, 97), opinion="同意科室意见")
    rows = list(EvaluationRow.objects.filter(evaluation=evaluation).select_related("person").order_by("-score", "id"))
    allowed = int(len(rows) * evaluation.rule_set.excellent_quota // 100)
    excellent = [r for r in rows if r.suggested_grade == Grade.EXCELLENT]
    for row in excellent[allowed:]:
        services.row_decide(row=row, by=office, grade=Grade.GOOD, reason="优秀名额所限，按综合得分排序")
    for row in rows:
        if not row.suggested_grade and row.outcome != "ok":
            # Paper forms not all typed in (incomplete) or a gap of the rules: the committee
            # decides, as most hospitals do, 良好 unless the record says otherwise.
            why = "规则空档" if row.outcome == "gap" else "评价材料不全，按纸质考评表"
            services.row_decide(row=row, by=office, grade=Grade.GOOD, reason=f"院考评小组研究确定（{why}）")


def _evaluation(ctx, key, year, rule_set, stage, *, publicity_start=None, skip_departments=()):
    unit, office = ctx.units[key], ctx.users[OFFICES[key]]
    departments = list(Department.objects.filter(unit=unit, is_active=True))
    evaluation = services.evaluation_open(unit=unit, year=year, rule_set=rule_set, departments=departments, by=office)
    rows = list(EvaluationRow.objects.filter(evaluation=evaluation).select_related("person__user"))
    _self(
        ctx,
        rows,
        office,
        skip_user=ctx.users.get("zhigong") if stage == "open" else None,
        share=0.8 if stage == "open" else 1,
    )
    _departments(ctx, evaluation, rows, office, skip=skip_departments)
    if stage == "open":
        return evaluation
    _committee(ctx, evaluation, office)
    services.evaluation_publicise(evaluation=evaluation, by=office, start=publicity_start)
    evaluation.refresh_from_db()
    if stage == "publicity":
        return evaluation
    after = add_working_days(evaluation.publicity_until, 1)
    return services.evaluation_finalise(evaluation=evaluation, by=office, today=after)


def _vetoes_and_entries(ctx, year):
    today = timezone.localdate()
    red = VetoAct.objects.get(unit=None, code="red_envelope")
    kickback = VetoAct.objects.get(unit=None, code="kickback")
    cases = [
        (
            "rmyy",
            "骨科",
            red,
            datetime.date(year, 5, 12),
            "术前收受患者家属红包2000元，经纪委调查属实，已责令退还并通报批评。",
        ),
        ("zyy", "中医内科", kickback, datetime.date(year - 1, 9, 3), "收受医药代表回扣，经查属实，移交纪检部门处理。"),
    ]
    for key, department, act, day, facts in cases:
        person = _people(ctx.units[key], department, 3)[-1]
        services.veto_record(
            person=person, act=act, occurred_on=min(day, today), facts=facts, by=ctx.users[OFFICES[key]]
        )
    for key, department, points, reason in ENTRIES:
        person = _people(ctx.units[key], department, 2)[0]
        day = min(datetime.date(year, ctx.rng.randint(3, 10), ctx.rng.randint(1, 28)), today)
        services.record_entry_add(
            person=person, points=points, reason=reason, occurred_on=day, by=ctx.users[OFFICES[key]]
        )


def load(ctx) -> None:
    veto_acts_seed(VetoAct)
    year = timezone.localdate().year
    _vetoes_and_entries(ctx, year)
    made = []
    for key in OFFICES:
        last = _rules(ctx, key, year - 1)
        made.append(_evaluation(ctx, key, year - 1, last, "final", publicity_start=datetime.date(year - 1, 12, 15)))
    current = {key: _rules(ctx, key, year, revise=key == "rmyy") for key in OFFICES}
    neike = ctx.departments[("rmyy", "内科")].pk
    made.append(_evaluation(ctx, "rmyy", year, current["rmyy"], "open", skip_departments={neike}))
    zyy = _evaluation(ctx, "zyy", year, current["zyy"], "publicity", publicity_start=timezone.localdate())
    services.objection_file(
        evaluation=zyy,
        by=ctx.users["zyy_chuangban"],
        text="针灸科一名同事的科室评价分数与平时表现不符，请院考评小组复核。",
    )
    made.append(zyy)
    if ctx.stdout:
        rows = EvaluationRow.objects.filter(evaluation__in=made).count()
        ctx.stdout.write(f"医德考评：{len(made)} 次年度考评，{rows} 人次，一票否决 2 起。")
