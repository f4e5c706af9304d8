"""排名通报: the month's ranking of a region's units as a Word document, from the bureau's own
template of the ``ranking_bulletin`` kind (``reports.documents``: the bureau downloads the
default, changes the letterhead in Word and uploads it back). The figures are the snapshots the
ranking page shows; the wording is Chinese whatever the interface language (it is the document
the bureau files)."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy

from chuangwen.campaigns.responsibility_table import LEVEL_LABELS
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit
from chuangwen.inspections.bulletin_docx import cn_date
from chuangwen.reports import documents
from chuangwen.reports.docx_layout import CENTER, RED, RIGHT, TITLE_FONT, Layout, bottom_border

KIND = "ranking_bulletin"
HEADERS = [
    "名次",
    "单位",
    "创建目标",
    "得分率",
    "达标线",
    "逾期任务",
    "未销号问题",
    "逾期整改",
    "整改率",
    "满意度",
    "逾期投诉",
    "医德否决",
    "人均志愿时长",
]
WIDTHS = [1.2, 4.6, 2.0, 1.7, 1.7, 1.7, 1.9, 1.7, 1.7, 1.7, 1.7, 1.7, 2.0]  # cm, 25.3 on landscape A4

FIELDS = [
    ("bureau_name", gettext_lazy("name of the bureau, e.g. 青溪县卫生健康局")),
    ("title", gettext_lazy("title of the bulletin")),
    ("number", gettext_lazy("number of the bulletin in the month")),
    ("month", gettext_lazy("the month ranked, e.g. 2026年11月")),
    ("date", gettext_lazy("date of issue, e.g. 2026年12月1日")),
    ("as_of", gettext_lazy("when the figures were computed, e.g. 2026年12月1日 08:00")),
    ("intro", gettext_lazy("opening paragraph")),
    ("summary", gettext_lazy("summary paragraphs (a list)")),
    ("note", gettext_lazy("the bureau's remarks, paragraphs (a list)")),
    ("rows", gettext_lazy("rows of the ranking table (13 columns)")),
]


@dataclass
class BulletinData:
    bureau: object
    region: object
    month: datetime.date
    rows: list  # UnitSnapshot rows in rank order, each with ``rank``
    note: str = ""
    today: datetime.date | None = None
    number: int = 1

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.month.year}年{self.month.month}月文明创建工作排名通报"


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _num(value) -> str:
    return "—" if value is None else f"{value}"


def table_row(r) -> list[str]:
    return [
        str(r.rank),
        r.unit.name,
        LEVEL_LABELS.get(r.target_level, "—"),
        _pct(r.score_percent),
        _pct(r.pass_percent),
        str(r.tasks_overdue),
        str(r.findings_open),
        str(r.findings_overdue),
        _pct(r.rectification_rate),
        _num(r.satisfaction_index),
        str(r.complaints_overdue),
        str(r.ethics_vetoes),
        _num(r.volunteer_hours),
    ]


def row_json(r) -> dict:
    """The row as published (kept on the bulletin: later refreshes do not rewrite it)."""
    return {"rank": r.rank, "unit_id": r.unit_id, "unit": r.unit.name, "cells": table_row(r)}


def _summary(data: BulletinData) -> list[str]:
    rows = data.rows
    reached = [r for r in rows if r.reached]
    lined = [r for r in rows if r.pass_percent is not None]
    out = [
        f"本次排名共{len(rows)}家单位，"
        + (
            f"{len(reached)}家得分率达到创建目标的达标线，{len(lined) - len(reached)}家尚未达标。"
            if lined
            else "各单位的创建目标尚未设定达标线。"
        )  # fmt: skip
    ]
    if rows:
        best = "、".join(r.unit.name for r in rows[:3])
        out.append(f"得分率居前的单位：{best}。")
    late = [r for r in rows if r.tasks_overdue or r.findings_overdue or r.complaints_overdue]
    if late:
        names = "、".join(
            f"{r.unit.name}（逾期任务{r.tasks_overdue}项、逾期整改{r.findings_overdue}项、逾期投诉{r.complaints_overdue}件）"
            for r in late[:5]
        )
        out.append(f"存在逾期事项的单位：{names}，请于收到通报后抓紧整改。")
    vetoed = [r for r in rows if r.title_vetoes]
    if vetoed:
        out.append(f"存在文明单位一票否决情形的单位：{'、'.join(r.unit.name for r in vetoed)}。")
    return out


def fields(data: BulletinData) -> dict:
    """Every field the template may use (``FIELDS`` describes them)."""
    today = data.today or timezone.localdate()
    as_of = max((r.computed_at for r in data.rows), default=timezone.now())
    return {
        "bureau_name": data.bureau.name,
        "title": data.title,
        "number": str(data.number),
        "month": f"{data.month.year}年{data.month.month}月",
        "date": cn_date(today),
        "as_of": f"{cn_date(timezone.localtime(as_of).date())} {timezone.localtime(as_of):%H:%M}",
        "intro": f"现将{data.month.year}年{data.month.month}月辖区各单位文明创建工作情况排名通报如下。"
        "各项数据取自各单位在系统中的创建进度、督查整改、满意度调查、投诉处理、医德医风考评和志愿服务记录。",
        "summary": _summary(data),
        "note": [line.strip() for line in data.note.splitlines() if line.strip()],
        "rows": [table_row(r) for r in data.rows],
    }


def sample_fields() -> dict:
    row = ["1", "示例县人民医院", "县级文明单位", "82.5%", "80.0%", "0", "2", "0", "90.0%", "91.2", "0", "0", "12.5"]
    return {
        "bureau_name": "示例县卫生健康局",
        "title": "示例县2026年11月文明创建工作排名通报",
        "number": "1",
        "month": "2026年11月",
        "date": "2026年12月1日",
        "as_of": "2026年12月1日 08:00",
        "intro": "现将2026年11月辖区各单位文明创建工作情况排名通报如下。",
        "summary": ["本次排名共2家单位。"],
        "note": ["请各单位对照排名查找差距。"],
        "rows": [row, ["2", *row[1:]]],
    }


@functools.cache
def default_template() -> bytes:
    """The shipped template: 红头 with the bureau's name, the title, the summary, the remarks and
    the ranking table on a landscape page."""
    doc = Layout()
    head = doc.para("{{ bureau_name }}", font=TITLE_FONT, size=26, indent=False, align=CENTER, color=RED)
    bottom_border(head)
    doc.para()
    doc.para("{{ title }}", font=TITLE_FONT, size=22, indent=False, align=CENTER)
    doc.para()
    doc.para("辖区各医疗卫生单位：", indent=False)
    doc.para("{{ intro }}")
    doc.heading("一、总体情况")
    doc.lines("summary")
    doc.tag("{%p if note %}")
    doc.heading("二、工作要求")
    doc.lines("note")
    doc.tag("{%p endif %}")
    doc.para("附件：{{ month }}文明创建工作排名表（数据截至{{ as_of }}）", indent=False)
    doc.para()
    doc.para("{{ bureau_name }}", indent=False, align=RIGHT)
    doc.para("{{ date }}", indent=False, align=RIGHT)
    doc.landscape_section()
    doc.para("{{ month }}文明创建工作排名表", font=TITLE_FONT, size=18, indent=False, align=CENTER)
    doc.table(HEADERS, "rows", size=9, widths=WIDTHS)
    return doc.bytes()


def _may_upload(user, unit) -> bool:
    from .models import RankingBulletin

    return can_in_unit(user, RankingBulletin, unit, CHANGE)


def ranking_bulletin_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("ranking bulletin"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        can_upload=_may_upload,
        order=30,
    )
