"""A small, realistic world for fuzzing the API: hospital A runs a campaign on the county's
standard with tasks, evidence with a photo, a self-check round with findings, complaints,
surveys with answers and notifications; hospital B has a little of each, so that ids of
another hospital are on hand too. Built on ``tests.conftest.world`` (its users and units)."""

import io
import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from chuangwen.campaigns import services as campaigns
from chuangwen.core.roles import Role
from chuangwen.dashboard.services import NotificationDraft, notifications_send
from chuangwen.evidence import services as evidence
from chuangwen.feedback import services as feedback
from chuangwen.inspections.services.findings import finding_dispatch, finding_record
from chuangwen.inspections.services.rounds import round_create
from chuangwen.scoring.department_scores import scores_recompute
from chuangwen.scoring.services.appeals import appeal_file
from chuangwen.scoring.services.departments import manual_entry_add, scheme_default
from chuangwen.surveys import services as surveys
from chuangwen.surveys.models import Question
from tests import factories as f


def photo(name="现场.jpg") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 40)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def _answer(template, department):
    questions = list(template.questions.filter(is_active=True).order_by("order", "id"))
    raw = {q.pk: "4" if q.kind == Question.Kind.RATING else "1" for q in questions if q.kind != Question.Kind.TEXT}
    surveys.response_submit(
        template=template,
        department=department,
        answers=surveys.clean_answers(questions, raw).answers,
        idempotency_key=uuid.uuid4().hex,
        suggestion="挂号排队时间太长",
    )


def _campaign(w, unit, std, office):
    today = timezone.localdate()
    return campaigns.campaign_create(
        unit=unit,
        name=f"{today.year}年创建市级文明单位",
        year=today.year,
        target_level="city",
        standard=std,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=200),
        status="active",
        user=office,
    )


def build(w) -> None:
    """Objects of every kind the API serves in ``w`` (a ``tests.conftest.World``), for hospital
    A and some for B."""
    today = timezone.localdate()
    b_office = f.user("office_b")
    f.member(b_office, Role.OFFICE, unit=w.b)

    std = f.standard(w.bureau, applies_to=w.county_x, aspects=2, indicators=2, items=2)
    f.standard(w.a, name="本院创建工作细则", status="draft", aspects=1, indicators=1, items=2)
    items = list(std.items.order_by("order"))
    items[0].rules = [{"type": "min_photos", "count": 1}]
    items[0].save()

    camp = _campaign(w, w.a, std, w.office)
    camp_b = _campaign(w, w.b, std, b_office)
    phase = camp.phases.order_by("order").first()
    campaigns.campaign_member_add(campaign=camp, group="office", person=w.a_p2, duty="办公室主任", user=w.office)
    task = f.task(camp, w.a_med, person=w.a_p1, items=items[:2], phase=phase, deadline=today + timedelta(days=30))
    f.task(camp, w.a_surg, title="院内环境整治", items=items[2:4], deadline=today - timedelta(days=5))
    f.task(camp_b, w.b_med, title="中医院政治学习", items=items[:1])

    evidence.evidence_create(
        task=task, user=w.head, item=items[0], title="3月政治学习", occurred_on=today, files=[photo()]
    )
    submitted = evidence.evidence_create(
        task=task, user=w.head, item=items[1], title="4月政治学习", occurred_on=today, files=[photo("签到.jpg")]
    )
    evidence.evidence_submit(evidence=submitted, user=w.head)

    rnd = round_create(
        user=w.office,
        owner_unit=w.a,
        kind="self_check",
        title="本月创建工作自查",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=10),
        target_units=[w.a],
        target_departments=[w.a_med, w.a_surg],
        inspectors=[w.inspector],
        items=items[:2],
        free_checks=["病区走廊无杂物堆放"],
    )
    finding_args = {
        "user": w.inspector,
        "unit": w.a,
        "round": rnd,
        "department": w.a_med,
        "item": items[0],
        "location": "住院部3楼东侧走廊",
        "points_deducted": 1,
    }
    finding_record(description="走廊杂物堆放", photos=[photo("走廊.jpg")], **finding_args)
    ordered = finding_record(description="消防通道不畅", **finding_args)
    finding_dispatch(
        finding=ordered,
        user=w.office,
        department=w.a_med,
        responsible_person=w.a_p1,
        deadline=today + timedelta(days=7),
    )

    complaint_args = {
        "channel": "phone",
        "category": "attitude",
        "complainant_name": "张三丰",
        "complainant_phone": "13812341234",
        "contact_consent": True,
    }
    feedback.complaint_create(
        unit=w.a, department=w.a_med, content="门诊输液室护士态度生硬", user=w.office, **complaint_args
    )
    assigned = feedback.complaint_create(
        unit=w.a, department=w.a_surg, content="外科候诊区太吵", kind="suggestion", user=w.office, **complaint_args
    )
    feedback.complaint_assign(complaint=assigned, handler=w.staff, handling_department=w.a_surg, user=w.office)
    feedback.complaint_create(unit=w.b, content="中医院收费项目不清楚", user=b_office, **complaint_args)

    outpatient, _ = surveys.default_templates_create(unit=w.a, user=w.office)
    _answer(outpatient, w.a_med)
    _answer(outpatient, w.a_surg)
    surveys.default_templates_create(unit=w.b, user=b_office)

    # 量化考核: a scheme, entries of both hospitals, an appeal waiting and a month scored.
    scheme_default(unit=w.a, user=w.office)
    deduction = manual_entry_add(
        user=w.office, unit=w.a, department=w.a_med, points="-2", reason="科室卫生不达标", occurred_on=today
    )
    manual_entry_add(user=w.office, unit=w.a, department=w.a_surg, points="-1", reason="台账缺失", occurred_on=today)
    appeal_file(entry=deduction, user=w.head, text="已当场整改")
    manual_entry_add(user=b_office, unit=w.b, department=w.b_med, points="-1", reason="台账缺失", occurred_on=today)
    scores_recompute(unit=w.a, month=today.replace(day=1))

    notifications_send(
        drafts=[
            NotificationDraft(user_id=u.pk, kind="task_due_soon", title="任务即将到期", url="/campaigns/")
            for u in (w.office, w.staff, w.head)
        ],
        email=False,
    )
