"""Demo data of the inspections app: 青溪县人民医院's October self-check (自查), and the county
bureau's supervision (督查) and unannounced visit (暗访) of its three hospitals in November, with
about forty findings worded after the seeds (002 三3; 004 总结1/3: 病区走廊杂物堆放, 医务人员未佩戴
工作牌, 吸烟区标识缺失, 宣传栏内容未更新, 候诊区秩序, 卫生间不洁...). Their states stand as on
2026-11-23: closed (some after a failed re-check), answered and waiting for the re-check, being
rectified (some overdue, escalated by the escalation run), the bureau's newest still waiting at the
hospital office, and one reopened by a 回头看. Photos are drawn with Pillow.

Everything goes through the services, at the dates it would have happened (``at=``), so events,
versions, photos and notifications are what real use leaves. Runs after the campaigns demo;
reads ``ctx.units``, ``ctx.departments``, ``ctx.users`` and ``ctx.extra["campaigns"]``, and
leaves ``ctx.extra["inspections"]`` ({"rounds": [...], "findings": [...]})."""

from __future__ import annotations

import datetime
import io
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from chuangwen.escalation.services import escalation_run
from chuangwen.standards.models import Item

from .models import InspectionRound
from .services.findings import finding_dispatch, finding_recheck, finding_record, finding_reopen, finding_respond
from .services.rounds import round_create, round_update

DEMO_TODAY = datetime.date(2026, 11, 23)
SELF_CHECK_ITEMS = ("4.1.1", "5.1.1", "5.1.2", "5.1.3", "5.2.1", "5.2.2", "5.3.1", "6.2.1")


@dataclass(frozen=True)
class Spec:
    """One demo finding: where, what, and how far its loop got (``plan``)."""

    unit: str
    department: str
    description: str
    location: str
    severity: str
    points: str
    day: int  # day of the round's month it was found
    plan: str  # open | ordered | overdue | responded | closed | failed_then_closed | reopened
    item: str = ""


G, M, S = "general", "minor", "serious"

SELF_CHECK = [
    Spec(
        "rmyy", "内科", "病区走廊杂物堆放，消防通道不畅", "住院部3楼东侧走廊", G, "1", 9, "failed_then_closed", "5.1.1"
    ),
    Spec("rmyy", "内科", "医务人员未佩戴工作牌", "内科护士站", M, "0.5", 9, "closed"),
    Spec("rmyy", "外科", "病房床头柜物品摆放杂乱，开水瓶随意放置", "住院部4楼12病室", M, "0.5", 9, "closed", "5.1.1"),
    Spec("rmyy", "外科", "医生办公室有吸烟痕迹，烟灰缸未撤除", "住院部4楼医生办公室", S, "2", 9, "closed", "5.2.1"),
    Spec(
        "rmyy", "骨科", "病区宣传栏内容仍为上半年内容，未及时更新", "住院部5楼电梯口", M, "0.5", 10, "closed", "6.2.1"
    ),
    Spec("rmyy", "儿科", "候诊区座椅不足，患儿家属站立等候", "门诊2楼儿科候诊区", G, "1", 10, "responded", "5.1.3"),
    Spec("rmyy", "妇产科", "卫生间地面湿滑，无防滑警示标识", "住院部6楼公共卫生间", G, "1", 10, "closed", "5.1.2"),
    Spec(
        "rmyy", "急诊科", "急诊大厅吸烟区标识缺失，有人员在门口吸烟", "急诊楼1楼大厅", G, "1", 13, "reopened", "5.2.1"
    ),
    Spec(
        "rmyy", "急诊科", "预检分诊台无人值守，导诊人员未按时到岗", "急诊楼1楼预检分诊台", S, "2", 13, "closed", "4.1.1"
    ),
    Spec("rmyy", "检验科", "采血窗口排队秩序混乱，无一米线", "医技楼1楼采血窗口", G, "1", 13, "closed", "4.1.1"),
    Spec("rmyy", "放射科", "候诊区叫号系统故障，患者反复询问", "医技楼1楼放射科候诊区", G, "1", 14, "overdue", "4.1.1"),
    Spec("rmyy", "药剂科", "取药窗口未设便民服务提示，找零盒破损", "门诊楼1楼西药房窗口", M, "0.5", 14, "closed"),
    Spec(
        "rmyy",
        "康复科",
        "康复大厅器械未按区域归位，地面有杂物",
        "康复楼1楼训练大厅",
        M,
        "0.5",
        14,
        "responded",
        "5.1.1",
    ),
    Spec("rmyy", "口腔科", "诊室垃圾未分类投放，医疗废物桶未加盖", "门诊楼3楼口腔诊室", S, "2", 15, "closed", "5.1.2"),
    Spec("rmyy", "眼耳鼻喉科", "诊室门口“遵德守礼”提示牌缺失", "门诊楼3楼", M, "0.5", 15, "ordered", "5.2.2"),
    Spec("rmyy", "总务科", "后勤楼楼梯间堆放废旧纸箱", "后勤楼1-2楼楼梯间", G, "1", 15, "overdue", "5.1.1"),
    Spec("rmyy", "保卫科", "夜间巡逻记录不全，10月有3天漏记", "门诊楼1楼保卫科", G, "1", 16, "closed", "5.3.1"),
    Spec("rmyy", "重症医学科", "探视须知张贴位置不醒目，家属在走廊聚集", "住院部7楼ICU门口", M, "0.5", 16, "closed"),
    Spec("rmyy", "中医科", "中药熏蒸室通风不良，有异味", "门诊楼4楼治疗室", G, "1", 16, "responded", "5.1.1"),
    Spec(
        "rmyy", "感染性疾病科", "发热门诊卫生间不洁，洗手液空瓶未补充", "感染楼1楼卫生间", G, "1", 16, "closed", "5.1.2"
    ),
]
SUPERVISION = [
    Spec("rmyy", "护理部", "门诊大厅候诊区秩序混乱，无导诊人员引导", "门诊楼1楼大厅", S, "2", 4, "closed"),
    Spec("rmyy", "内科", "病区走廊加床未设隔帘，影响患者隐私", "住院部3楼西侧走廊", G, "1", 4, "overdue"),
    Spec("rmyy", "", "住院部宣传栏创建宣传内容未更新", "住院部1楼宣传栏", M, "0.5", 4, "open"),
    Spec("rmyy", "外科", "医务人员未佩戴工作牌，着装不规范", "住院部4楼护士站", M, "0.5", 4, "responded"),
    Spec("zyy", "中医内科", "病区走廊杂物堆放，轮椅随意停放", "住院部2楼走廊", G, "1", 5, "closed"),
    Spec("zyy", "针灸推拿科", "吸烟区标识缺失，候诊区有烟头", "门诊楼2楼", G, "1", 5, "overdue"),
    Spec("zyy", "中药房", "煎药室卫生不洁，地面有积水", "门诊楼1楼煎药室", G, "1", 5, "ordered"),
    Spec("zyy", "", "院区公共卫生间无专人保洁记录", "门诊楼各层卫生间", M, "0.5", 5, "open"),
    Spec("wsy", "全科门诊", "候诊区秩序混乱，插队现象无人劝阻", "门诊楼1楼候诊区", G, "1", 6, "responded"),
    Spec("wsy", "住院部", "病房卫生间不洁，有异味", "住院楼2楼", G, "1", 6, "overdue"),
    Spec("wsy", "药房", "取药窗口宣传栏内容未更新", "门诊楼1楼", M, "0.5", 6, "closed"),
    Spec("wsy", "", "院内未设置控烟劝阻员，吸烟区标识缺失", "院区", G, "1", 6, "open"),
]
UNANNOUNCED = [
    Spec("rmyy", "急诊科", "夜间急诊挂号窗口人员脱岗约10分钟", "急诊楼1楼挂号窗口", S, "2", 12, "ordered"),
    Spec("rmyy", "药剂科", "窗口工作人员服务态度生硬，未使用文明用语", "门诊楼1楼西药房窗口", G, "1", 12, "responded"),
    Spec("rmyy", "", "门诊电梯口张贴小广告未清理", "门诊楼1楼电梯口", M, "0.5", 12, "open"),
    Spec("zyy", "急诊科", "急诊候诊区饮水机无水，无人补充", "门诊楼1楼急诊候诊区", M, "0.5", 12, "ordered"),
    Spec("zyy", "西药房", "窗口工作人员上班时间玩手机", "门诊楼1楼西药房", G, "1", 12, "open"),
    Spec("wsy", "全科门诊", "医务人员未佩戴工作牌", "门诊楼1楼诊室", M, "0.5", 13, "closed"),
    Spec("wsy", "公共卫生科", "预防接种门诊候诊秩序混乱", "门诊楼2楼接种室", G, "1", 13, "ordered"),
    Spec("wsy", "", "院区垃圾桶满溢，未及时清运", "院区停车场", G, "1", 13, "open"),
]

RESPONSES = [
    "已组织科室人员全面清理，责任落实到人，并张贴提示。",
    "已召开科室会议通报问题，明确专人负责，整改完毕。",
    "已联系总务科维修更换，现已恢复正常使用。",
    "已对相关人员进行批评教育，纳入当月科室考核。",
]
FAIL_REASONS = ["复查时楼梯转角处仍有纸箱堆放，整改不彻底", "提示标识仍未张贴到位"]
REOPEN_REASON = "回头看：急诊大厅门口再次发现吸烟人员，吸烟区标识被遮挡"


def load(ctx) -> None:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    units = ctx.units
    office = ctx.users["chuangban"]
    bureau_user = ctx.users["weijianju"]
    rounds = []
    self_check = round_create(
        user=office,
        owner_unit=units["rmyy"],
        kind=InspectionRound.Kind.SELF_CHECK,
        title="2026年10月创建工作自查",
        starts_on=datetime.date(2026, 10, 9),
        ends_on=datetime.date(2026, 10, 16),
        target_units=[units["rmyy"]],
        inspectors=[ctx.users["duchayuan"], office],
        items=_items(ctx, SELF_CHECK_ITEMS),
        free_checks=["医务人员规范佩戴工作牌、着装整洁", "卫生间清洁无异味，洗手设施完好"],
        notes="对照《医院文明单位创建测评细则》逐科室检查，发现问题当场拍照，限期整改，整改情况下月通报。",
    )
    hospitals = [units[k] for k in ("rmyy", "zyy", "wsy") if k in units]
    supervision = round_create(
        user=bureau_user,
        owner_unit=units["bureau"],
        kind=InspectionRound.Kind.SUPERVISION,
        title="全县医疗卫生机构文明创建督查（第四季度）",
        starts_on=datetime.date(2026, 11, 4),
        ends_on=datetime.date(2026, 11, 6),
        target_units=hospitals,
        inspectors=[bureau_user],
        free_checks=[
            "病区、门诊环境整洁，无杂物堆放",
            "医务人员佩戴工作牌，着装规范",
            "吸烟区设置规范，标识醒目",
            "宣传栏内容及时更新",
            "候诊区秩序良好，导诊到位",
            "卫生间清洁无异味",
        ],
        notes="县卫健局督查组采取听汇报、查台账、看现场的方式进行。",
    )
    unannounced = round_create(
        user=bureau_user,
        owner_unit=units["bureau"],
        kind=InspectionRound.Kind.UNANNOUNCED,
        title="窗口服务暗访（11月）",
        starts_on=datetime.date(2026, 11, 12),
        ends_on=datetime.date(2026, 11, 13),
        target_units=hospitals,
        inspectors=[bureau_user],
        free_checks=["窗口人员在岗在位", "文明用语、服务态度", "候诊秩序"],
    )
    rounds += [self_check, supervision, unannounced]
    findings = []
    n = 0
    for rnd, specs, month, inspector in (
        (self_check, SELF_CHECK, 10, ctx.users["duchayuan"]),
        (supervision, SUPERVISION, 11, bureau_user),
        (unannounced, UNANNOUNCED, 11, bureau_user),
    ):
        items = {i.code: i for i in _items(ctx, SELF_CHECK_ITEMS)} if rnd is self_check else {}
        for spec in specs:
            if spec.unit not in units:
                continue
            n += 1
            found = datetime.datetime(2026, month, spec.day, 9 + n % 7, (n * 7) % 60, tzinfo=tz)
            findings.append(_finding(ctx, rnd, spec, inspector, found, items.get(spec.item), n))
    for rnd in (self_check, supervision, unannounced):
        rnd.refresh_from_db()
        _finish(rnd, office if rnd is self_check else bureau_user)
    counts = escalation_run(today=DEMO_TODAY, subjects=["finding"], email=False)
    ctx.extra["inspections"] = {"rounds": rounds, "findings": findings}
    if ctx.stdout:
        ctx.stdout.write(f"检查：{len(rounds)} 轮，问题 {len(findings)} 个；逾期升级 {counts['raised']} 个。")


def _items(ctx, codes) -> list[Item]:
    campaign = ctx.extra.get("campaigns", {}).get("rmyy")
    if campaign is None:
        return []
    return list(Item.objects.filter(standard=campaign.standard, code__in=codes).order_by("order"))


def _finish(rnd: InspectionRound, user) -> None:
    status = InspectionRound.Status.FINISHED if rnd.ends_on < DEMO_TODAY else InspectionRound.Status.IN_PROGRESS
    round_update(
        round=rnd,
        user=user,
        kind=rnd.kind,
        title=rnd.title,
        starts_on=rnd.starts_on,
        ends_on=rnd.ends_on,
        status=status,
        target_units=list(rnd.target_units.all()),
        target_departments=list(rnd.target_departments.all()),
        inspectors=list(rnd.inspectors.all()),
        items=[e.item for e in rnd.checklist.all() if e.item_id],
        free_checks=[e.text for e in rnd.checklist.all() if not e.item_id],
        notes=rnd.notes,
    )


def _department(ctx, unit_key: str, name: str):
    if not name:
        return None
    return ctx.departments.get((unit_key, name)) or ctx.departments.get((unit_key, "院办"))


def _office_of(ctx, unit_key: str):
    return ctx.users["chuangban"] if unit_key == "rmyy" else ctx.users.get(f"{unit_key}_chuangban")


def _finding(ctx, rnd, spec: Spec, inspector, found: datetime.datetime, item, n: int):
    day = datetime.timedelta(days=1)
    unit = ctx.units[spec.unit]
    department = _department(ctx, spec.unit, spec.department)
    office = _office_of(ctx, spec.unit)
    finding = finding_record(
        user=inspector,
        unit=unit,
        round=rnd,
        department=department,
        item=item,
        description=spec.description,
        location=spec.location,
        severity=spec.severity,
        points_deducted=Decimal(spec.points),
        photos=[_photo(n, "found", k) for k in range(1 + n % 2)],
        at=found,
    )
    if spec.plan == "open" or office is None:
        return finding
    department = department or _department(ctx, spec.unit, "院办")
    overdue = spec.plan == "overdue"
    ordered_at = found + day * (1 if rnd.owner_unit_id == unit.pk else 2)
    deadline = (DEMO_TODAY - datetime.timedelta(days=2 + n % 9)) if overdue else (ordered_at + day * 7).date()
    if not overdue and spec.plan == "ordered":
        deadline = max(deadline, DEMO_TODAY + datetime.timedelta(days=3 + n % 5))
    finding = finding_dispatch(
        finding=finding,
        user=office,
        department=department,
        responsible_person=department.head,
        deadline=deadline,
        note="请于期限内整改到位，并上传整改后照片。",
        at=min(ordered_at, _aware(deadline) - day),
    )
    if spec.plan in ("ordered", "overdue"):
        return finding
    responder = ctx.users["neike"] if department.name == "内科" and spec.unit == "rmyy" else office
    answered = ordered_at + day * 2
    finding = _respond(finding, responder, answered, n)
    if spec.plan == "responded":
        return finding
    judge = inspector
    if spec.plan == "failed_then_closed":
        finding = finding_recheck(
            finding=finding, user=judge, passed=False, reason=FAIL_REASONS[n % 2], at=answered + day
        )
        answered += day * 2
        finding = _respond(finding, responder, answered, n + 1)
    finding = finding_recheck(
        finding=finding, user=judge, passed=True, photos=[_photo(n, "recheck", 0)], at=answered + day
    )
    if spec.plan == "reopened":
        finding = finding_reopen(
            finding=finding,
            user=judge,
            reason=REOPEN_REASON,
            deadline=DEMO_TODAY + datetime.timedelta(days=7),
            at=datetime.datetime.combine(DEMO_TODAY - day * 3, datetime.time(10, 0), tzinfo=found.tzinfo),
        )
    return finding


def _aware(d: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(d, datetime.time(17, 0), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _respond(finding, user, at, n):
    return finding_respond(
        finding=finding,
        user=user,
        text=RESPONSES[n % len(RESPONSES)],
        expected_version=finding.version,
        photos=[_photo(n, "response", 0)],
        at=at,
    )


PALETTES = {
    "found": [(176, 190, 197), (161, 136, 127), (188, 170, 164)],
    "response": [(200, 230, 201), (178, 223, 219), (220, 237, 200)],
    "recheck": [(187, 222, 251), (197, 202, 233)],
}


def _photo(n: int, stage: str, k: int) -> SimpleUploadedFile:
    """A simple "photo" of a ward: floor, wall, a door and some boxes (fewer once rectified)."""
    colors = PALETTES[stage]
    wall = colors[(n + k) % len(colors)]
    img = Image.new("RGB", (640, 480), wall)
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 330, 640, 480], fill=(120, 120, 110))
    draw.rectangle([60 + (n % 5) * 40, 120, 180 + (n % 5) * 40, 330], fill=(110, 80, 60))
    boxes = 4 if stage == "found" else 0
    for b in range(boxes):
        x = 320 + b * 60 + (n % 3) * 10
        draw.rectangle([x, 270 - (b % 2) * 40, x + 55, 330], fill=(190, 150, 90), outline=(90, 60, 30), width=3)
    if stage != "found":
        draw.ellipse([540, 30, 610, 100], outline=(46, 125, 50), width=8)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return SimpleUploadedFile(f"IMG_{2026_1000 + n * 3 + k}.jpg", buf.getvalue(), content_type="image/jpeg")
