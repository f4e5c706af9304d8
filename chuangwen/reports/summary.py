"""工作总结: the figures of a campaign's year-end summary, read from the same selectors the pages
show them with (so the document always equals the pages), section by section as seed 004 writes
them: 组织领导, 任务落实与测评, 督查整改, 服务满意度与投诉, 创建活动与志愿服务, 医德医风与评先评优,
党建引领, 存在的问题.

Each section is a list of ``Figure`` (label, value, unit): the generated document shows them in
a table under the office's own wording and in its sentences; ``figures_table`` flattens them for
tests and the API. Figures are as of the day of generation (``as_of``), as the pages show them
that day; the period of the inspections is the progress page's (the campaign's start to its end
or ``as_of``, whichever is first), the year of the rest the campaign's year.

Figures no page showed before are defined here from the same building blocks, once:
- tasks done on time: accepted tasks whose first acceptance (the task's history) is on or
  before their deadline;
- complaints answered in time: of the year's complaints, those replied to (or closed) on or
  before their reply deadline;
- satisfaction by quarter: the index of the summed monthly aggregates of the quarter's months
  (``surveys.models.index_from``, never a mean of monthly indices);
- departments below the line: a department whose mean monthly 量化考核 score of the year is
  below its unit's scheme's warning line (``scoring.Scheme.warning_line``, data)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Min, Q, Sum
from django.utils import timezone

from chuangwen.activities import selectors as activity_selectors
from chuangwen.activities.models import Activity, StudyNote
from chuangwen.campaigns.models import Campaign, CampaignMember, Task
from chuangwen.campaigns.responsibility_table import LEVEL_LABELS
from chuangwen.dashboard.progress import campaign_progress
from chuangwen.ethics.models import Evaluation, Grade
from chuangwen.ethics.selectors import distribution
from chuangwen.feedback.models import Complaint
from chuangwen.honours.models import Selection
from chuangwen.honours.selectors import published_list
from chuangwen.inspections import stats
from chuangwen.inspections.models import InspectionRound
from chuangwen.org.models import Person
from chuangwen.party.development_models import Stage
from chuangwen.party.models import Meeting
from chuangwen.party.selectors import unit_aggregates as party_aggregates
from chuangwen.scoring.models import DepartmentScore, Scheme
from chuangwen.surveys.models import DepartmentMonth, index_from
from chuangwen.volunteer import selectors as volunteer_selectors

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
UNMET_SHOWN = 15


@dataclass(frozen=True)
class Figure:
    label: str
    value: object  # int, Decimal, float, str or None (no data: "—")
    unit: str = ""

    @property
    def text(self) -> str:
        return format_value(self.value) + (self.unit if self.value is not None else "")


def format_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize() if value == value.to_integral() else value.quantize(Decimal("0.1"))
        return f"{value:f}"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def rate(part, whole) -> float | None:
    """part / whole as a percentage with one decimal, None when there is nothing to divide."""
    return round(float(part) * 100 / float(whole), 1) if whole else None


@dataclass
class Section:
    key: str  # the SummaryText field of the office's wording
    heading: str
    figures: list[Figure] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    table: dict | None = None  # {"headers": [...], "rows": [[...]]}


@dataclass
class SummaryData:
    campaign: Campaign
    as_of: datetime.date
    sections: list[Section]
    quarters: list[float | None]

    @property
    def level(self) -> str:
        return LEVEL_LABELS.get(self.campaign.target_level, "文明单位")

    @property
    def title(self) -> str:
        c = self.campaign
        return f"{c.unit.name}{c.year}年创建{self.level}工作总结"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def figures_table(data: SummaryData) -> dict[str, str]:
    """Every figure as ``{"<section heading>/<label>": text}`` (what the document's tables show)."""
    return {f"{s.heading}/{f.label}": f.text for s in data.sections for f in s.figures}


def as_of_for(campaign: Campaign, today: datetime.date | None = None) -> datetime.date:
    """The day the figures are taken: the day of generation, as the pages show them that day."""
    return today or timezone.localdate()


def collect(campaign: Campaign, *, today: datetime.date | None = None) -> SummaryData:
    """Every figure of ``campaign``'s summary as of ``today`` (default: now), in a fixed number
    of queries whatever the size of the hospital."""
    campaign = Campaign.objects.select_related("unit", "standard").get(pk=campaign.pk)
    as_of = as_of_for(campaign, today)
    progress = campaign_progress(campaign, today=as_of)
    period = stats.Period(campaign.starts_on, max(campaign.starts_on, min(campaign.ends_on, as_of)))
    quarters = satisfaction_quarters(campaign.unit_id, campaign.year)
    sections = [
        organisation(campaign, progress),
        tasks(campaign, progress),
        inspections(campaign, period, as_of),
        service(campaign, quarters, as_of),
        activities(campaign, as_of),
        ethics(campaign),
        party(campaign, as_of),
        problems(campaign, progress, period, as_of),
    ]
    return SummaryData(campaign=campaign, as_of=as_of, sections=sections, quarters=quarters)


# --- the sections ----------------------------------------------------------------------------


def organisation(campaign: Campaign, progress) -> Section:
    members = CampaignMember.objects.filter(campaign=campaign, archived_at__isnull=True).aggregate(
        leading=Count("pk", filter=Q(group=CampaignMember.Group.LEADING)),
        office=Count("pk", filter=Q(group=CampaignMember.Group.OFFICE)),
    )
    departments = len(progress.departments)
    s = Section("organisation", "组织领导")
    s.figures = [
        Figure("领导小组成员", members["leading"], "人"),
        Figure("创建办公室成员", members["office"], "人"),
        Figure("实施阶段", len(progress.phases), "个"),
        Figure("分解创建任务", progress.tasks.total, "项"),
        Figure("责任科室", departments, "个"),
    ]
    s.sentences = [
        f"成立了创建工作领导小组（成员{members['leading']}人），领导小组下设创建工作办公室（成员{members['office']}人），"
        f"负责日常组织、协调、督查和台账管理。年初制定工作方案，分{len(progress.phases)}个阶段推进，"
        f"将创建任务分解为{progress.tasks.total}项，落实到{departments}个责任科室。"
    ]
    return s


def tasks_on_time(campaign: Campaign) -> int:
    """Accepted tasks first accepted on or before their deadline (the task's history)."""
    first = (
        Task.history.filter(campaign_id=campaign.pk, status=Task.Status.ACCEPTED)
        .values("id")
        .annotate(at=Min("history_date"))
    )
    deadlines = dict(
        Task.objects.filter(campaign_id=campaign.pk, archived_at__isnull=True, status=Task.Status.ACCEPTED).values_list(
            "pk", "deadline"
        )
    )
    return sum(1 for r in first if r["id"] in deadlines and timezone.localdate(r["at"]) <= deadlines[r["id"]])


def tasks(campaign: Campaign, progress) -> Section:
    t, o, r = progress.tasks, progress.overall, progress.readiness
    on_time = tasks_on_time(campaign)
    s = Section("tasks", "任务落实与测评")
    s.figures = [
        Figure("创建任务", t.total, "项"),
        Figure("已完成（验收通过）", t.accepted, "项"),
        Figure("按时完成", on_time, "项"),
        Figure("任务完成率", rate(t.accepted, t.total), "%"),
        Figure("逾期未完成", t.overdue, "项"),
        Figure("测评项目", o.items, "项"),
        Figure("已达标项目", o.met, "项"),
        Figure("部分达标项目", o.partial, "项"),
        Figure("未达标项目", o.unmet, "项"),
        Figure("自评得分", o.score, "分"),
        Figure("总分值", o.points, "分"),
        Figure("得分率", o.percent, "%"),
        Figure("达标线", r.pass_percent, "%"),
    ]
    reached = "已达到" if r.reached else "尚未达到"
    line = (
        f"，{reached}{LEVEL_LABELS.get(campaign.target_level, '')}达标线（{format_value(r.pass_percent)}%）"
        if r.pass_line
        else ""
    )
    s.sentences = [
        f"全年{t.total}项创建任务中，已完成{t.accepted}项（其中按时完成{on_time}项），完成率"
        f"{format_value(rate(t.accepted, t.total))}%；逾期未完成{t.overdue}项。",
        f"对照《{campaign.standard.name}》{o.items}个测评项目逐项落实，已达标{o.met}项、部分达标{o.partial}项；"
        f"自评得分{format_value(o.score)}分（总分{format_value(o.points)}分），得分率{format_value(o.percent)}%{line}。",
    ]
    s.table = {
        "headers": ["测评内容", "项目数", "已达标", "得分", "分值", "得分率（%）"],
        "rows": [
            [a.title, str(a.score.items), str(a.score.met), format_value(a.score.score), format_value(a.score.points),
             format_value(a.score.percent)]
            for a in progress.aspects
        ],
    }  # fmt: skip
    return s


def inspections(campaign: Campaign, period, as_of) -> Section:
    t = stats.totals(stats.period_findings(period=period, unit=campaign.unit), today=as_of)
    start, end = period.start, period.end
    rounds = InspectionRound.objects.filter(
        owner_unit=campaign.unit, archived_at__isnull=True, starts_on__gte=start, starts_on__lte=end
    ).count()
    s = Section("inspections", "督查整改")
    s.figures = [
        Figure("组织自查督查", rounds, "轮"),
        Figure("发现问题", t.total, "个"),
        Figure("上级督查发现问题", t.from_above, "个"),
        Figure("已整改销号", t.closed, "个"),
        Figure("整改率", t.closure_rate if t.total else None, "%"),
        Figure("超期销号", t.closed_late, "个"),
        Figure("整改中", t.open, "个"),
        Figure("逾期未整改", t.overdue, "个"),
    ]
    s.sentences = [
        f"{period.label()}，共组织自查督查{rounds}轮，发现问题{t.total}个（其中上级督查发现{t.from_above}个），"
        f"已整改销号{t.closed}个，整改率{t.rate_text if t.total else '—'}；尚在整改{t.open}个，其中逾期{t.overdue}个。"
    ]
    return s


def satisfaction_quarters(unit_id: int, year: int) -> list[float | None]:
    rows = (
        DepartmentMonth.objects.filter(unit_id=unit_id, month__year=year)
        .values("month")
        .annotate(s=Sum("index_sum"), n=Sum("index_count"))
    )
    sums = [[0, 0] for _ in QUARTERS]
    for r in rows:
        q = (r["month"].month - 1) // 3
        sums[q][0] += r["s"] or 0
        sums[q][1] += r["n"] or 0
    return [index_from(s, n) if n else None for s, n in sums]


def complaint_figures(unit, year: int, as_of) -> dict:
    answered = Q(replied_at__isnull=False) | Q(closed_at__isnull=False)
    row = Complaint.objects.filter(unit=unit, archived_at__isnull=True, received_at__year=year).aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(status=Complaint.Status.CLOSED)),
        in_time=Count(
            "pk",
            filter=Q(replied_at__date__lte=F("deadline"))
            | Q(replied_at__isnull=True, closed_at__date__lte=F("deadline")),
        ),
        answered=Count("pk", filter=answered),
        overdue=Count("pk", filter=Q(status__in=Complaint.OPEN_STATUSES, deadline__lt=as_of)),
    )
    return row


def service(campaign: Campaign, quarters, as_of) -> Section:
    year = campaign.year
    responses = DepartmentMonth.objects.filter(unit_id=campaign.unit_id, month__year=year).aggregate(
        n=Sum("responses"), s=Sum("index_sum"), c=Sum("index_count")
    )
    year_index = index_from(responses["s"], responses["c"]) if responses["c"] else None
    c = complaint_figures(campaign.unit, year, as_of)
    s = Section("service", "服务满意度与投诉处理")
    s.figures = [
        Figure("满意度调查问卷", responses["n"] or 0, "份"),
        Figure("全年满意度指数", year_index),
        *[Figure(f"{q}满意度指数", v) for q, v in zip(QUARTERS, quarters, strict=True)],
        Figure("受理投诉", c["total"], "件"),
        Figure("已办结", c["closed"], "件"),
        Figure("按时答复", c["in_time"], "件"),
        Figure("按时答复率", rate(c["in_time"], c["total"]), "%"),
        Figure("逾期未答复", c["overdue"], "件"),
    ]
    shown = [f"{q}{format_value(v)}" for q, v in zip(QUARTERS, quarters, strict=True) if v is not None]
    s.sentences = [
        f"坚持每季开展患者满意度调查，全年回收问卷{responses['n'] or 0}份，满意度指数{format_value(year_index)}"
        + (f"（{'、'.join(shown)}）" if shown else "")
        + "。",
        f"全年受理投诉{c['total']}件，已办结{c['closed']}件，按时答复{c['in_time']}件，按时答复率"
        f"{format_value(rate(c['in_time'], c['total']))}%；逾期未答复{c['overdue']}件。",
    ]
    return s


def activities(campaign: Campaign, as_of) -> Section:
    unit, year = campaign.unit, campaign.year
    found, _months = activity_selectors.year_figures(
        Activity.objects.filter(unit=unit, starts_at__year=year), [unit.pk]
    )
    a = found[unit.pk]
    notes = StudyNote.objects.filter(unit=unit, year=year).count()
    people = Person.objects.filter(unit=unit, is_active=True)
    totals = volunteer_selectors.person_totals(people, unit_id=unit.pk, year=year, today=as_of)
    v = volunteer_selectors.unit_summary(totals, unit_id=unit.pk, year=year)
    on_target = sum(1 for t in totals if not t.is_short)
    s = Section("activities", "创建活动与志愿服务")
    s.figures = [
        Figure("开展各类活动", a["total"], "次"),
        *[Figure(f"其中{kind}", n, "次") for kind, n in sorted(a["kinds"].items())],
        Figure("平均参与率", a["mean_rate"], "%"),
        Figure("参与率未达要求的活动", a["below"], "次"),
        Figure("学习笔记", notes, "篇"),
        Figure("志愿服务时长", v.hours, "小时"),
        Figure("人均志愿服务时长", v.average, "小时"),
        Figure("注册志愿者", v.registered, "人"),
        Figure("志愿服务时长达标人数", on_target, "人"),
    ]
    kinds = "、".join(f"{k}{n}次" for k, n in sorted(a["kinds"].items()))
    s.sentences = [
        f"全年开展各类创建活动{a['total']}次" + (f"（{kinds}）" if kinds else "")
        + (f"，平均参与率{format_value(a['mean_rate'])}%" if a["mean_rate"] is not None else "")
        + f"；职工撰写学习笔记{notes}篇。",
        f"注册志愿者{v.registered}人，全年志愿服务{format_value(v.hours)}小时，人均{format_value(v.average)}小时，"
        f"{on_target}人达到志愿服务时长要求。",
    ]  # fmt: skip
    return s


def ethics(campaign: Campaign) -> Section:
    unit, year = campaign.unit, campaign.year
    evaluation = Evaluation.objects.filter(unit=unit, year=year).order_by("-id").first()
    counts = distribution([evaluation]).get(evaluation.pk, {}) if evaluation else {}
    honours = []
    for selection in Selection.objects.filter(unit=unit, year=year).order_by("id"):
        if selection.status == Selection.Status.PUBLISHED:
            honours.extend(published_list(selection))
    s = Section("ethics", "医德医风与评先评优")
    s.figures = [
        Figure("参加医德考评", counts.get("total", 0), "人"),
        *[Figure(str(g.label), counts.get(g.value, 0), "人") for g in Grade],
        Figure("一票否决", counts.get("vetoes", 0), "人"),
        Figure("评选表彰先进", len(honours), "个"),
    ]
    grades = "、".join(f"{g.label}{counts.get(g.value, 0)}人" for g in Grade)
    status = f"“{evaluation.get_status_display()}”" if evaluation else ""
    total, vetoes = counts.get("total", 0), counts.get("vetoes", 0)
    if evaluation is None:
        first = "本年度医德医风考评尚未开展。"
    elif evaluation.status == Evaluation.Status.FINAL:
        first = f"全院{total}名职工参加年度医德医风考评，其中{grades}；一票否决{vetoes}人。"
    else:
        first = f"全院{total}名职工参加年度医德医风考评，目前处于{status}阶段，一票否决{vetoes}人。"
    s.sentences = [
        first,
        f"评选表彰先进个人和集体{len(honours)}个。" if honours else "本年度评先评优尚未公布结果。",
    ]
    rows = [
        [n.honour_type.name, n.person.name if n.person_id else "", n.department.name if n.department_id else ""]
        for n in honours
    ]
    s.table = {"headers": ["荣誉", "获得者", "科室"], "rows": rows}
    return s


def party(campaign: Campaign, as_of) -> Section:
    unit, year = campaign.unit, campaign.year
    [row] = party_aggregates([unit], year=year, today=as_of)
    meetings = Meeting.objects.filter(unit=unit, archived_at__isnull=True, held_at__year=year).count()
    s = Section("party", "党建引领")
    s.figures = [
        Figure("党支部", row["branches"], "个"),
        Figure("党员", row["members"], "人"),
        Figure("三会一课记录", meetings, "次"),
        Figure("应开展组织生活", row["required"], "次"),
        Figure("按时开展", row["held"], "次"),
        Figure("组织生活开展率", row["rate"], "%"),
        Figure("入党申请人和发展对象", row["applicants"], "人"),
        *[Figure(f"发展对象·{st.label}", row["pipeline"].get(st.value, 0), "人") for st in Stage],
    ]
    s.sentences = [
        f"医院现有党支部{row['branches']}个、党员{row['members']}人；全年记录“三会一课”{meetings}次，"
        f"应开展的组织生活按时开展{row['held']}次（应开展{row['required']}次）；"
        f"发展党员工作有序推进，在培养的入党申请人和发展对象共{row['applicants']}人。"
    ]
    return s


def departments_below(campaign: Campaign) -> list[tuple[str, Decimal, Decimal]]:
    scheme = Scheme.objects.filter(unit_id=campaign.unit_id).first()
    if scheme is None or scheme.warning_line is None:
        return []
    rows = (
        DepartmentScore.objects.filter(unit_id=campaign.unit_id, month__year=campaign.year)
        .values("department__name", "department__sort_order", "department_id")
        .annotate(mean=Avg("score"))
        .order_by("department__sort_order", "department_id")
    )
    line = scheme.warning_line
    return [
        (r["department__name"], Decimal(r["mean"]).quantize(Decimal("0.1")), line)
        for r in rows
        if Decimal(r["mean"]) < line
    ]


def problems(campaign: Campaign, progress, period, as_of) -> Section:
    unmet = [
        it for a in progress.aspects for ind in a.indicators for it in ind.items if it.state != "met"
    ]  # fmt: skip
    t = stats.totals(stats.period_findings(period=period, unit=campaign.unit), today=as_of)
    below = departments_below(campaign)
    s = Section("problems", "存在的问题")
    s.figures = [
        Figure("未完全达标的测评项目", len(unmet), "项"),
        Figure("尚未销号的问题", t.open, "个"),
        Figure("低于警戒线的科室", len(below), "个"),
    ]
    s.sentences = []
    if unmet:
        named = "；".join(f"{it.code} {it.title}（{it.state_label}）" for it in unmet[:UNMET_SHOWN])
        more = f"等{len(unmet)}项" if len(unmet) > UNMET_SHOWN else ""
        s.sentences.append(f"一是部分测评项目尚未完全达标：{named}{more}。")
    if t.open:
        s.sentences.append(f"二是督查发现的问题尚有{t.open}个未整改销号，其中逾期{t.overdue}个。")
    if below:
        named = "、".join(f"{n}（{format_value(m)}分）" for n, m, _line in below)
        s.sentences.append(f"三是{named}的月度量化考核平均得分低于警戒线（{format_value(below[0][2])}分）。")
    if not s.sentences:
        s.sentences.append("各项创建任务均已完成，督查发现的问题均已整改销号。")
    s.table = {
        "headers": ["测评项目", "状态", "差距"],
        "rows": [[f"{it.code} {it.title}", it.state_label, "；".join(it.unmet_reasons)[:200]] for it in unmet],
    }
    return s
