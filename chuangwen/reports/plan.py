"""工作方案: the campaign's plan as a Word document, structured like the plans hospitals write by
hand (seed 000): the opening, 指导思想, 工作目标, 组织领导 (the leading group and the office),
实施步骤 (the phases with their dates and tasks), 主要任务 by aspect of the standard (each task with
its responsible and co-operating departments and deadline), 保障措施, the signature, and the
责任分解表 as the annex. The texts are the office's (``PlanText``); everything else is read from
the campaign, so the document always equals the pages. Its wording is Chinese whatever the
interface language: it is the document the hospital files."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from chuangwen.campaigns.exports import export_tasks
from chuangwen.campaigns.models import Campaign, CampaignMember, Phase
from chuangwen.campaigns.responsibility_table import LEVEL_LABELS, RECURRENCE_LABELS, person_label, title_for
from chuangwen.inspections.bulletin_docx import cn_date, cn_ordinal
from chuangwen.standards.models import Item

from . import documents
from .docx_layout import CENTER, HEADING_FONT, RED, RIGHT, TITLE_FONT, Layout, bottom_border
from .models import PlanText

KIND = "plan"
ANNEX_HEADERS = [
    "序号",
    "任务编号",
    "阶段",
    "工作任务",
    "牵头科室",
    "责任人",
    "配合科室",
    "完成时限",
    "完成标志",
    "频次",
]
ANNEX_WIDTHS = [1.1, 1.8, 2.2, 6.3, 2.2, 2.6, 3.0, 2.3, 2.8, 1.4]  # cm, 25.7 on landscape A4
NO_ASPECT = "其他工作"

FIELDS = [
    ("unit_name", gettext_lazy("name of the unit, e.g. 青溪县人民医院")),
    ("title", gettext_lazy("title of the plan")),
    ("issuer", gettext_lazy("who issues it, e.g. 青溪县人民医院文明创建工作领导小组")),
    ("date", gettext_lazy("date of issue, e.g. 2026年2月3日")),
    ("opening", gettext_lazy("opening paragraphs (a list)")),
    ("guiding_idea", gettext_lazy("guiding ideas, paragraphs (a list)")),
    ("goals", gettext_lazy("goals, paragraphs (a list)")),
    ("leading_group", gettext_lazy("leading group, one line per duty (a list)")),
    ("office", gettext_lazy("campaign office, one line per duty (a list)")),
    ("phases", gettext_lazy("phases: heading and tasks (a list)")),
    ("aspects", gettext_lazy("main tasks by aspect: heading and tasks with line (a list)")),
    ("safeguards", gettext_lazy("safeguards, paragraphs (a list)")),
    ("annex_title", gettext_lazy("title of the annex (责任分解表)")),
    ("annex_rows", gettext_lazy("rows of the annex table (10 columns)")),
]

DEFAULT_SAFEGUARDS = [
    "（一）加强组织领导。各科室主要负责人是本科室创建工作的第一责任人，要把创建工作列入重要议事日程，"
    "做到有计划、有部署、有检查、有总结。",
    "（二）落实工作责任。对照责任分解表，各牵头科室要细化措施、明确到人，配合科室要主动协同，"
    "按时限完成任务并及时上传佐证材料。",
    "（三）强化督查考核。院创建办坚持每月督查通报，督查结果纳入科室量化考核，"
    "对工作不力、影响创建进程的科室予以通报批评。",
]


def paragraphs(text: str) -> list[str]:
    """The office's text, one item per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@dataclass
class PlanData:
    campaign: Campaign
    text: PlanText | None
    members: list[CampaignMember]
    phases: list[Phase]
    tasks: list
    today: object

    @property
    def level(self) -> str:
        return LEVEL_LABELS.get(self.campaign.target_level, "文明单位")

    @property
    def title(self) -> str:
        c = self.campaign
        return f"{c.unit.name}{c.year}年创建{self.level}工作方案"


def collect(campaign: Campaign, *, today=None) -> PlanData:
    """Everything the plan shows, in a fixed number of queries."""
    campaign = Campaign.objects.select_related("unit", "standard").get(pk=campaign.pk)
    members = list(
        CampaignMember.objects.filter(campaign=campaign, archived_at__isnull=True)
        .select_related("person__department")
        .order_by("group", "order", "id")
    )
    phases = list(Phase.objects.filter(campaign=campaign).order_by("order", "starts_on", "id"))
    tasks = list(
        export_tasks(campaign)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.select_related("aspect").order_by("order", "pk")), "co_departments"
        )
    )
    return PlanData(
        campaign=campaign,
        text=PlanText.objects.filter(campaign=campaign).first(),
        members=members,
        phases=phases,
        tasks=tasks,
        today=today or timezone.localdate(),
    )


def phase_heading(n: int, phase: Phase) -> str:
    return f"（{cn_ordinal(n)}）{phase.name}（{cn_date(phase.starts_on)}至{cn_date(phase.ends_on)}）"


def task_line(n: int, task) -> str:
    """e.g. 1. 制定年度创建方案。要求……（牵头科室：院办；配合科室：党办；责任人：张三；完成时限：2026年3月31日）"""
    head = f"{n}. {task.title.strip().rstrip('。')}。"
    if task.description.strip():
        head += task.description.strip().rstrip("。") + "。"
    details = [f"牵头科室：{task.department.name}"]
    co = sorted(task.co_departments.all(), key=lambda d: (d.sort_order, d.pk))
    if co:
        details.append(f"配合科室：{'、'.join(d.name for d in co)}")
    if task.person_id:
        details.append(f"责任人：{task.person.name}")
    details.append(f"完成时限：{cn_date(task.deadline)}")
    return head + "（" + "；".join(details) + "）"


def _aspect_of(task):
    items = list(task.items.all())
    return items[0].aspect if items else None


def _member_lines(members: list[CampaignMember], group: str) -> list[str]:
    by_duty: dict[str, list[str]] = {}
    for m in members:
        if m.group == group:
            dept = m.person.department.name if m.person.department_id else ""
            by_duty.setdefault(m.duty, []).append(f"{m.person.name}（{dept}）" if dept else m.person.name)
    return [f"{duty}：{'、'.join(names)}" for duty, names in by_duty.items()]


def fields(data: PlanData) -> dict:
    """Every field the template may use (``FIELDS`` describes them)."""
    c, text = data.campaign, data.text
    phase_tasks: dict[int | None, list] = {}
    aspects: dict[int | None, tuple] = {}
    for t in data.tasks:
        phase_tasks.setdefault(t.phase_id, []).append(t)
        aspect = _aspect_of(t)
        key = aspect.pk if aspect else None
        aspects.setdefault(key, (aspect, []))[1].append(t)
    ordered = sorted(aspects.values(), key=lambda a: (a[0] is None, a[0].order if a[0] else 0, a[0].pk if a[0] else 0))
    return {
        "unit_name": c.unit.name,
        "title": data.title,
        "issuer": f"{c.unit.name}文明创建工作领导小组",
        "date": cn_date(data.today),
        "opening": paragraphs(text.opening if text else "")
        or [
            f"为深入推进精神文明建设，根据上级文明委关于文明单位创建工作的部署和《{c.standard.name}》的要求，"
            f"结合我院实际，特制定{c.year}年创建{data.level}工作方案。"
        ],
        "guiding_idea": paragraphs(text.guiding_idea if text and text.guiding_idea else c.guiding_idea),
        "goals": paragraphs(text.goals if text else "")
        or [f"对照《{c.standard.name}》逐项落实创建任务，力争{c.year}年通过{data.level}测评验收。"],
        "leading_group": _member_lines(data.members, CampaignMember.Group.LEADING),
        "office": _member_lines(data.members, CampaignMember.Group.OFFICE),
        "phases": [
            {
                "heading": phase_heading(n, p),
                "tasks": "本阶段主要任务：" + "；".join(t.title for t in phase_tasks.get(p.pk, [])) + "。"
                if phase_tasks.get(p.pk)
                else "",
            }
            for n, p in enumerate(data.phases, 1)
        ],
        "aspects": [
            {
                "heading": f"（{cn_ordinal(n)}）{aspect.title if aspect else NO_ASPECT}",
                "tasks": [{"line": task_line(i, t)} for i, t in enumerate(tasks, 1)],
            }
            for n, (aspect, tasks) in enumerate(ordered, 1)
        ],
        "safeguards": paragraphs(text.safeguards if text else "") or DEFAULT_SAFEGUARDS,
        "annex_title": title_for(c),
        "annex_rows": [annex_row(n, t) for n, t in enumerate(data.tasks, 1)],
    }


def annex_row(n: int, task) -> list[str]:
    co = sorted(task.co_departments.all(), key=lambda d: (d.sort_order, d.pk))
    return [
        str(n),
        task.code,
        task.phase.name if task.phase_id else "",
        task.title,
        task.department.name,
        person_label(task.person),
        "、".join(d.name for d in co),
        task.deadline.isoformat(),
        task.deliverable,
        RECURRENCE_LABELS.get(task.recurrence, ""),
    ]


def sample_fields() -> dict:
    """Fields shaped like a real plan's (two phases, two aspects, an annex)."""
    row = ["1", "T01", "宣传发动", "制定年度创建方案", "院办", "张三（E001）", "党办", "2026-03-31", "方案", "一次性"]
    return {
        "unit_name": "示例医院",
        "title": "示例医院2026年创建市级文明单位工作方案",
        "issuer": "示例医院文明创建工作领导小组",
        "date": "2026年2月3日",
        "opening": ["为深入推进精神文明建设，特制定本方案。"],
        "guiding_idea": ["以习近平新时代中国特色社会主义思想为指导。"],
        "goals": ["力争2026年通过市级文明单位测评验收。"],
        "leading_group": ["组长：张三（院办）", "成员：李四（党办）、王五（医务科）"],
        "office": ["主任：赵六（院办）"],
        "phases": [
            {"heading": "（一）宣传发动（2026年2月1日至2026年3月31日）", "tasks": "本阶段主要任务：制定方案。"},
            {"heading": "（二）全面创建（2026年4月1日至2026年9月30日）", "tasks": ""},
        ],
        "aspects": [
            {"heading": "（一）思想道德建设", "tasks": [{"line": "1. 制定年度创建方案。（牵头科室：院办）"}]},
            {"heading": "（二）其他工作", "tasks": []},
        ],
        "safeguards": DEFAULT_SAFEGUARDS,
        "annex_title": "示例医院2026年创建市级文明单位责任分解表",
        "annex_rows": [row, ["2", *row[1:]]],
    }


@functools.cache
def default_template() -> bytes:
    """The shipped plan template: 红头 with the unit's name, the title, the sections of seed 000,
    the signature and the 责任分解表 annex."""
    doc = Layout()
    head = doc.para("{{ unit_name }}", font=TITLE_FONT, size=26, indent=False, align=CENTER, color=RED)
    bottom_border(head)
    doc.para()
    doc.para("{{ title }}", font=TITLE_FONT, size=22, indent=False, align=CENTER)
    doc.para()
    doc.lines("opening")
    doc.heading("一、指导思想")
    doc.lines("guiding_idea")
    doc.heading("二、工作目标")
    doc.lines("goals")
    doc.heading("三、组织领导")
    doc.heading("（一）创建工作领导小组", sub=True)
    doc.lines("leading_group")
    doc.heading("（二）创建工作办公室", sub=True)
    doc.para("领导小组下设创建工作办公室，负责创建工作的日常组织、协调、督查和台账管理。")
    doc.lines("office")
    doc.heading("四、实施步骤")
    doc.tag("{%p for ph in phases %}")
    doc.heading("{{ ph.heading }}", sub=True)
    doc.tag("{%p if ph.tasks %}")
    doc.para("{{ ph.tasks }}")
    doc.tag("{%p endif %}")
    doc.tag("{%p endfor %}")
    doc.heading("五、主要任务")
    doc.tag("{%p for a in aspects %}")
    doc.heading("{{ a.heading }}", sub=True)
    doc.tag("{%p for t in a.tasks %}")
    doc.para("{{ t.line }}")
    doc.tag("{%p endfor %}")
    doc.tag("{%p endfor %}")
    doc.heading("六、保障措施")
    doc.lines("safeguards")
    doc.para("附件：{{ annex_title }}", indent=False)
    doc.para()
    doc.para("{{ issuer }}", indent=False, align=RIGHT)
    doc.para("{{ date }}", indent=False, align=RIGHT)
    doc.landscape_section()
    doc.para("附件", font=HEADING_FONT, indent=False)
    doc.para("{{ annex_title }}", font=TITLE_FONT, size=18, indent=False, align=CENTER)
    doc.table(ANNEX_HEADERS, "annex_rows", size=9, widths=ANNEX_WIDTHS)
    return doc.bytes()


def plan_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("work plan"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        order=10,
    )


def filename(document) -> str:
    return f"{document.title}.docx"
