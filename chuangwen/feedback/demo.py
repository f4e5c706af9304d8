"""Demo data of the feedback app: about 60 complaints, suggestions and praise for the three demo
hospitals over 2026, from every channel, in every status — closed with the complainant's
satisfaction, replied, assigned, just received, a few overdue (escalated by the day's run) and
one reopened — so that the list, the search and the archive show what seed 004 总结3 二 asks for:
"完善的投诉处理机制，对各种投诉处理记录有完备的备案处理，能够快速查阅".

Runs after ``chuangwen.org.demo``; reads ``ctx.units``, ``ctx.departments`` and ``ctx.users``
(the offices ``chuangban``, ``zyy_chuangban``, ``wsy_chuangban`` and ``neike``); leaves
``ctx.extra["complaints"]``. Everything goes through the services (history, records, deadlines)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from chuangwen.escalation.services import escalation_run

from . import services
from .models import Complaint

K, C = Complaint.Kind, Complaint.Category
CH = Complaint.Channel

# kind, category, department (None: the whole hospital), what happened
FEEDBACK = [
    (K.COMPLAINT, C.PROCESS, "内科", "门诊等候时间长，上午8点挂号，11点才看上病，候诊区也没有叫号提示。"),
    (K.COMPLAINT, C.ATTITUDE, "外科", "换药时护士态度生硬，问伤口情况时不耐烦，说“问医生去”。"),
    (K.COMPLAINT, C.CHARGES, None, "出院结算单上收费项目不清楚，有两项检查没有做过却收了费。"),
    (K.COMPLAINT, C.ENVIRONMENT, None, "门诊楼二楼卫生间不干净，地面湿滑，没有防滑提示，老人差点摔倒。"),
    (K.SUGGESTION, C.PROCESS, None, "停车难，早上来看病找不到车位，建议开放职工停车场给患者使用。"),
    (K.PRAISE, C.QUALITY, "内科", "表扬内科医生耐心细致，反复给我母亲讲解用药方法，还留了随访电话。"),
    (K.COMPLAINT, C.PROCESS, "急诊科", "夜间急诊只有一个医生，孩子发烧等了一个多小时，希望增加夜间人手。"),
    (K.SUGGESTION, C.PROCESS, "检验科", "抽血窗口早上排队太长，建议增加窗口或者提前到7点开始抽血。"),
    (K.COMPLAINT, C.ETHICS, "外科", "手术前家属被暗示要给主刀医生“表示一下”，希望医院查处。"),
    (K.PRAISE, C.ATTITUDE, "儿科", "儿科护士扎针又快又准，对孩子很温柔，给你们点赞。"),
    (K.COMPLAINT, C.ATTITUDE, "药剂科", "药房窗口工作人员说话很冲，问药怎么吃直接让看说明书。"),
    (K.SUGGESTION, C.ENVIRONMENT, "内科", "病房空调太冷又不能调，建议每间病房可以单独调节温度。"),
    (K.COMPLAINT, C.CHARGES, "放射科", "做CT收费比别的医院贵，问收费标准没人能说清楚。"),
    (K.COMPLAINT, C.QUALITY, "骨科", "术后复查片子显示恢复不好，医生解释含糊，希望有专家再看一次。"),
    (K.PRAISE, C.QUALITY, "妇产科", "感谢妇产科全体医护，顺产过程中一直陪伴鼓励，服务很暖心。"),
    (K.SUGGESTION, C.PROCESS, None, "导医台人员少，自助机不会用，建议安排志愿者帮助老年人挂号缴费。"),
    (K.COMPLAINT, C.ENVIRONMENT, "住院部", "病房晚上有人大声喧哗打牌，护士也不管，休息不好。"),
    (K.COMPLAINT, C.ATTITUDE, "全科门诊", "医生看病时一直在看手机，问了三遍才回答。"),
    (K.PRAISE, C.ATTITUDE, "中医内科", "中医内科的老专家看病认真，开的药便宜又有效，谢谢。"),
    (K.SUGGESTION, C.PROCESS, "针灸推拿科", "针灸推拿预约太难，建议开通电话或者微信预约。"),
]
CHANNELS = [CH.PUBLIC, CH.PUBLIC, CH.PHONE, CH.PHONE, CH.LETTER, CH.VISIT, CH.HOTLINE, CH.SURVEY]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["建国", "秀英", "桂兰", "志强", "丽娟", "海燕", "晓明", "春梅", "国华", "小红", "文斌", "玉兰"]
REPLIES = [
    "已电话联系患者致歉，对当事人进行了批评教育，并在科室晨会上通报。",
    "经核查情况属实，已退还多收费用，并对收费人员进行培训。",
    "已安排总务科增加保洁频次，放置防滑提示牌，每日督查。",
    "感谢您的建议，医院已研究并将在下月起试行。",
    "经调查情况不属实，已向投诉人说明调查经过和依据。",
    "感谢您的表扬，已转达科室并在全院通报表扬。",
]
# What the check found, by the reply given (属实 → 查实, 不属实 → 不属实).
OUTCOMES = {
    REPLIES[0]: Complaint.Outcome.SUBSTANTIATED,
    REPLIES[1]: Complaint.Outcome.SUBSTANTIATED,
    REPLIES[2]: Complaint.Outcome.PARTLY,
    REPLIES[4]: Complaint.Outcome.UNFOUNDED,
}
CLOSED_AFTER = timedelta(days=6, hours=12)
NOTES = [
    "调阅当日监控，约谈当班人员。",
    "与科主任沟通，科室已制定整改措施。",
    "已电话回访投诉人，了解详细经过。",
    "报医务科、质控科联合核查。",
]
OFFICES = {"rmyy": "chuangban", "zyy": "zyy_chuangban", "wsy": "wsy_chuangban"}
# How many of the feedback templates each hospital gets, and which departments stand in.
DEPARTMENT_FALLBACK = {
    "zyy": {"内科": "中医内科", "外科": "中医外科", "骨科": "骨伤科", "儿科": "妇儿科", "妇产科": "妇儿科"},
    "wsy": {"内科": "全科门诊", "外科": "住院部", "急诊科": "全科门诊", "药剂科": "药房", "骨科": "住院部"},
}
PER_UNIT = {"rmyy": 30, "zyy": 18, "wsy": 12}


def _department(ctx, unit_key: str, name: str | None):
    if name is None:
        return None
    name = DEPARTMENT_FALLBACK.get(unit_key, {}).get(name, name)
    return ctx.departments.get((unit_key, name))


def _handler(ctx, unit_key: str, department):
    if unit_key == "rmyy" and department is not None and department.name == "内科":
        return ctx.users["neike"]
    return ctx.users[OFFICES[unit_key]]


def load(ctx) -> None:
    rng = ctx.rng
    now = timezone.localtime()
    start = datetime(2026, 1, 5, tzinfo=now.tzinfo)
    span = max(1, (now - start).days - 1)
    complaints = []
    for unit_key, count in PER_UNIT.items():
        unit, office = ctx.units[unit_key], ctx.users[OFFICES[unit_key]]
        # The last six: two left overdue, the rest recent (replied, assigned, just received).
        days = sorted(rng.randrange(span - 40) for _ in range(count - 6)) + [span - k for k in (20, 12, 9, 4, 1, 0)]
        for i, day in enumerate(days):
            kind, category, dept_name, content = FEEDBACK[(i * 7 + len(unit_key)) % len(FEEDBACK)]
            channel = CHANNELS[i % len(CHANNELS)]
            department = _department(ctx, unit_key, dept_name)
            received = datetime.combine((start + timedelta(days=day)).date(), time(8 + i % 9, 10 * (i % 6)))
            received = timezone.make_aware(received) if timezone.is_naive(received) else received
            received = min(received, now - timedelta(minutes=5))
            with_contact = kind != K.PRAISE or i % 2
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) if with_contact else ""
            phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" if with_contact and i % 4 else ""
            public = channel in (CH.PUBLIC, CH.SURVEY)
            c = services.complaint_create(
                unit=unit,
                channel=channel,
                category=category,
                kind=kind,
                department=department,
                content=content,
                occurred_on=None if public else received.date() - timedelta(days=i % 3),
                complainant_name=name,
                complainant_phone=phone,
                contact_consent=bool(phone),
                received_at=received,
                user=None if public else office,
            )
            _progress(ctx, c, unit_key, office, age=(now - received).days, i=i)
            _backdate(c, received, now)
            complaints.append(c)
    counts = escalation_run(today=timezone.localdate(), subjects=["complaint"], email=False)
    ctx.extra["complaints"] = complaints
    if ctx.stdout:
        ctx.stdout.write(
            f"投诉建议：{len(complaints)} 条，逾期督办 {counts['raised']} 条，新消息 {counts['created']} 条。"
        )


def _progress(ctx, c: Complaint, unit_key: str, office, *, age: int, i: int) -> None:
    """Move a complaint along as far as its age (and a little chance) says."""
    rng = ctx.rng
    if age <= 1 and i % 2:
        return  # just received
    handler = _handler(ctx, unit_key, c.department)
    services.complaint_assign(complaint=c, handler=handler, handling_department=c.department, user=office)
    overdue_left_open = 8 <= age <= 40 and i % 2 == 0
    if age <= 3 or overdue_left_open:
        if overdue_left_open:
            services.complaint_record_add(complaint=c, text=rng.choice(NOTES), user=handler)
        return
    services.complaint_record_add(complaint=c, text=rng.choice(NOTES), user=handler)
    reply = REPLIES[5] if c.kind == K.PRAISE else rng.choice(REPLIES[:5])
    outcome = OUTCOMES.get(reply, "") if c.kind == K.COMPLAINT else ""
    services.complaint_reply(
        complaint=c, text=reply, channel=rng.choice(["phone", "phone", "sms", "visit"]), user=handler
    )
    if age <= 6:
        return
    satisfaction = rng.choice(["satisfied", "satisfied", "satisfied", "fairly", "dissatisfied"])
    # Closed about a week after receipt: a substantiated complaint (or a praise letter) counts
    # in that month's 量化考核 of its department.
    services.complaint_close(
        complaint=c,
        satisfaction=satisfaction if c.complainant_phone else "",
        outcome=outcome,
        closed_at=c.received_at + CLOSED_AFTER,
        user=office,
    )
    if satisfaction == "dissatisfied" and c.complainant_phone and i % 3 == 0:
        services.complaint_reopen(complaint=c, reason="投诉人对处理结果不满意，要求重新核查。", user=office)


def _backdate(c: Complaint, received, now) -> None:
    """Spread the handling records over the days after receipt (the services stamp them "now")."""
    records = list(c.records.order_by("id"))
    step = min(timedelta(days=1), (now - received) / (len(records) + 1))
    stamps = {}
    for n, record in enumerate(records):
        record.at = received + step * n * (1 if n < 2 else 1.5)
        stamps[record.action] = record.at
    type(records[0]).objects.bulk_update(records, ["at"])
    Complaint.objects.filter(pk=c.pk, replied_at__isnull=False).update(replied_at=stamps.get("replied"))
    closed = Complaint.objects.filter(pk=c.pk).values_list("closed_at", flat=True).first()
    if closed is not None and "closed" in stamps:
        type(records[0]).objects.filter(complaint=c, action="closed").update(at=closed)
