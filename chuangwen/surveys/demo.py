"""Demo data of the surveys app: each demo hospital's two default surveys (门诊患者满意度调查,
住院患者出院满意度调查), six months of answers from the QR posters and paper cards in its clinical
and medical-technical departments, with patients' suggestions in the words of seed 004 (总结2 四1,
总结3 二), and one department (县人民医院 急诊科) below the alert threshold this month, so its head
and the campaign office find a 满意度预警 in 消息.

Runs after ``chuangwen.org.demo``; reads ``ctx.units``, ``ctx.departments`` and ``ctx.users``,
and leaves ``ctx.extra["surveys"]`` (unit key -> list of SurveyTemplate). Responses are written in
bulk and the monthly aggregates rebuilt from them in a few grouped queries, as the
``rebuild_aggregates`` job does."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from chuangwen.org.models import Department

from . import services
from .models import Answer, Question, Response, SurveyTemplate
from .selectors import add_months, months_back

MONTHS = 6
OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}
# Responses per department and month (QR, paper) by unit.
VOLUME = {"rmyy": (26, 6), "zyy": (18, 5), "wsy": (10, 4)}
LOW = ("rmyy", "急诊科")

SUGGESTIONS = [
    "挂号、缴费排队时间较长，建议高峰时段多开窗口。",
    "候诊时间超过半小时，希望能改进叫号系统。",
    "医生很耐心，解释得很清楚，谢谢！",
    "护士态度非常好，微笑服务，点赞。",
    "卫生间不够干净，希望加强保洁。",
    "停车太难，建议增加车位或引导。",
    "部分医务人员未佩戴工号牌。",
    "收费清单看不太懂，希望有人解释。",
    "导医标识不够清楚，找检查科室走了冤枉路。",
    "夜间病房有些吵，影响休息。",
    "整体满意，继续保持！",
    "希望增加自助打印检查报告的机器。",
]


def _weights(mean: float) -> list[float]:
    """Rating weights for 1..5 whose mean is about ``mean`` (between 2.5 and 4.9)."""
    spread = {5: max(0.0, mean - 3.6), 4: 0.45, 3: max(0.05, 4.4 - mean), 2: max(0.02, (4.2 - mean) / 2), 1: 0.02}
    return [spread[k] for k in range(1, 6)]


def load(ctx) -> None:
    ctx.extra["surveys"] = {}
    now = timezone.now()
    this_month = timezone.localdate().replace(day=1)
    months = months_back(this_month, MONTHS)
    total = 0
    for key, username in OFFICES.items():
        unit = ctx.units.get(key)
        user = ctx.users.get(username)
        if unit is None or user is None:
            continue
        templates = services.default_templates_create(unit=unit, user=user)
        ctx.extra["surveys"][key] = templates
        departments = list(
            Department.objects.filter(unit=unit, kind__in=[Department.Kind.CLINICAL, Department.Kind.MEDTECH])
        )
        for template in templates:
            questions = list(template.questions.filter(is_active=True).order_by("order", "id"))
            qr_n, paper_n = VOLUME[key]
            if template.audience == SurveyTemplate.Audience.INPATIENT:
                qr_n, paper_n = qr_n // 2, paper_n // 2
            responses, answers = [], []
            for d in departments:
                base = 4.62 + ctx.rng.uniform(-0.05, 0.3)
                for m in months:
                    mean = base + (months.index(m) - MONTHS) * 0.02
                    if (key, d.name) == LOW and m == this_month:
                        mean = 3.3
                    for n in range(qr_n + paper_n):
                        moment = _moment(ctx.rng, m, now)
                        r = Response(
                            template=template,
                            unit=unit,
                            department=d,
                            channel=Response.Channel.QR if n < qr_n else Response.Channel.PAPER,
                            submitted_at=moment,
                            month=m,
                            idempotency_key=uuid.UUID(int=ctx.rng.getrandbits(128)).hex,
                            fingerprint=f"{ctx.rng.getrandbits(128):032x}",
                            suggestion=ctx.rng.choice(SUGGESTIONS) if ctx.rng.random() < 0.18 else "",
                            card_no=f"{m:%y%m}-{n + 1:03d}" if n >= qr_n else "",
                            entered_by=user if n >= qr_n else None,
                        )
                        responses.append(r)
                        answers.append([_answer(ctx.rng, q, mean) for q in questions])
            Response.objects.bulk_create(responses, batch_size=1000)
            rows = []
            for r, answer_list in zip(responses, answers, strict=True):
                for a in answer_list:
                    if a is not None:
                        a.response = r
                        rows.append(a)
            Answer.objects.bulk_create(rows, batch_size=2000)
            _analyze(Response, Answer)
            services.aggregates_rebuild(template=template)
            total += len(responses)
        for d in departments:
            services.alert_raise(department=d, month=this_month)
    if ctx.stdout:
        ctx.stdout.write(f"满意度调查：{total} 份答卷（近 {MONTHS} 个月，扫码与纸质意见卡）。")


def _analyze(*models) -> None:
    """Fresh planner statistics for tables just filled in bulk. PostgreSQL plans the rebuild's
    grouped queries from them; on tables it last saw empty it guessed one row each and chose
    nested loops over every answer (minutes instead of milliseconds)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models))


def _moment(rng, month, now):
    start = timezone.make_aware(datetime.combine(month, time(8)))
    end = min(now, timezone.make_aware(datetime.combine(add_months(month, 1), time(0))))
    span = max(60, int((end - start).total_seconds()))
    return start + timedelta(seconds=rng.randrange(span))


def _answer(rng, question: Question, mean: float) -> Answer | None:
    if question.kind == Question.Kind.RATING:
        return Answer(question=question, rating=rng.choices(range(1, 6), weights=_weights(mean))[0])
    if question.kind == Question.Kind.SINGLE:
        # The first option is the usual one (窗口挂号 / 没有).
        weights = [6] + [1] * (len(question.options) - 1)
        return Answer(question=question, choices=[rng.choices(range(1, len(question.options) + 1), weights=weights)[0]])
    return None
