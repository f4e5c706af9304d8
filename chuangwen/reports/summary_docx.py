"""工作总结 as a Word document, structured like the summaries hospitals write by hand (seed 004):
the 红头 and title, the opening, then one part per section of ``reports.summary`` (组织领导,
任务落实与测评, 督查整改, 服务满意度与投诉处理 with the satisfaction trend chart, 创建活动与志愿服务,
医德医风与评先评优, 党建引领), 存在的问题, 下一步工作打算, the signature. In each part: the office's own
wording (``SummaryText``, one paragraph per line), the sentences generated from the figures, and
the figures' table. The wording is the office's; every number comes from the data."""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy

from chuangwen.inspections.bulletin_docx import cn_date

from . import charts, documents
from .docx_layout import CENTER, RED, RIGHT, TITLE_FONT, Layout, bottom_border
from .plan import paragraphs
from .summary import QUARTERS, SummaryData

KIND = "summary"
SECTION_KEYS = ("organisation", "tasks", "inspections", "service", "activities", "ethics", "party", "problems")
HEADINGS = {
    "organisation": "一、加强组织领导，健全创建工作机制",
    "tasks": "二、对照测评体系，扎实推进创建任务",
    "inspections": "三、强化督查整改，推动问题销号",
    "service": "四、倾听群众呼声，提升服务满意度",
    "activities": "五、丰富创建活动，提升职工文明素质",
    "ethics": "六、加强医德医风建设，选树先进典型",
    "party": "七、坚持党建引领，夯实创建基础",
    "problems": "八、存在的问题",
}
DEFAULT_MEASURES = [
    "（一）对照测评体系查漏补缺，对未完全达标的测评项目逐项明确责任科室和完成时限，确保按期达标。",
    "（二）坚持每月督查通报，对尚未销号的问题跟踪督办，逾期未整改的纳入科室量化考核。",
    "（三）持续开展患者满意度调查和投诉分析，把群众反映的问题作为改进服务的重点。",
    "（四）深化医德医风建设和志愿服务，巩固创建成果，推动创建工作常态化、长效化。",
]
FIGURE_HEADERS = ["项目", "数值"]
FIGURE_WIDTHS = [9.0, 6.6]

FIELDS = [
    ("unit_name", gettext_lazy("name of the unit, e.g. 青溪县人民医院")),
    ("title", gettext_lazy("title of the summary")),
    ("issuer", gettext_lazy("who issues it, e.g. 青溪县人民医院文明创建工作领导小组")),
    ("date", gettext_lazy("date of issue, e.g. 2026年12月20日")),
    ("opening", gettext_lazy("opening paragraphs (a list)")),
    *[
        (key, gettext_lazy("a part: heading, text (the office's paragraphs), sentences, figures (rows)"))
        for key in SECTION_KEYS
    ],
    ("aspect_rows", gettext_lazy("rows of the table by aspect (6 columns)")),
    ("honour_rows", gettext_lazy("rows of the honours table (3 columns)")),
    ("unmet_rows", gettext_lazy("rows of the unmet items table (3 columns)")),
    ("trend_chart", gettext_lazy("the satisfaction trend chart (a picture)")),
    ("measures", gettext_lazy("next year's measures, paragraphs (a list)")),
]


def trend_chart(data: SummaryData) -> documents.Picture:
    png = charts.trend_png(
        list(QUARTERS),
        data.quarters,
        title=f"{data.campaign.year}年患者满意度指数（按季度）",
        fallback=["Q1", "Q2", "Q3", "Q4"],
    )
    return documents.Picture(png, width_cm=15.0)


def fields(data: SummaryData, text=None) -> dict:
    """Every field the template may use (``FIELDS`` describes them); ``text``: the office's
    ``SummaryText`` (None: the generated wording only)."""
    c = data.campaign

    def part(key: str) -> dict:
        section = data.section(key)
        return {
            "heading": HEADINGS[key],
            "text": paragraphs(getattr(text, key, "") if text else ""),
            "sentences": list(section.sentences),
            "figures": [[f.label, f.text] for f in section.figures],
        }

    opening = paragraphs(text.opening if text else "") or [
        f"{c.year}年，我院紧紧围绕创建{data.level}的目标，对照《{c.standard.name}》，精心组织、狠抓落实，"
        f"各项创建工作有序推进。现将全年工作总结如下："
    ]
    return {
        "unit_name": c.unit.name,
        "title": data.title,
        "issuer": f"{c.unit.name}文明创建工作领导小组",
        "date": cn_date(data.as_of),
        "opening": opening,
        **{key: part(key) for key in SECTION_KEYS},
        "aspect_rows": (data.section("tasks").table or {}).get("rows", []),
        "honour_rows": (data.section("ethics").table or {}).get("rows", []),
        "unmet_rows": (data.section("problems").table or {}).get("rows", []),
        "trend_chart": trend_chart(data),
        "measures": paragraphs(text.measures if text else "") or DEFAULT_MEASURES,
    }


def sample_fields() -> dict:
    """Fields shaped like a real summary's, for checking an uploaded template."""
    part = {
        "heading": "一、加强组织领导，健全创建工作机制",
        "text": ["我院成立了创建工作领导小组。"],
        "sentences": ["全年创建任务42项，已完成40项。"],
        "figures": [["创建任务", "42项"], ["已完成（验收通过）", "40项"]],
    }
    return {
        "unit_name": "示例医院",
        "title": "示例医院2026年创建市级文明单位工作总结",
        "issuer": "示例医院文明创建工作领导小组",
        "date": "2026年12月20日",
        "opening": ["2026年，我院各项创建工作有序推进。"],
        **{key: dict(part, heading=HEADINGS[key]) for key in SECTION_KEYS},
        "aspect_rows": [["思想道德建设", "10", "9", "18", "20", "90"]],
        "honour_rows": [["服务标兵", "张三", "内科"]],
        "unmet_rows": [["1.1.1 制定年度方案", "部分达标", "缺少会议记录"]],
        "trend_chart": documents.Picture(charts.trend_png(["Q1", "Q2"], [90.0, 92.0], title=""), width_cm=8),
        "measures": DEFAULT_MEASURES,
    }


def _part(doc: Layout, key: str, *, table=None) -> None:
    doc.heading(f"{{{{ {key}.heading }}}}")
    doc.lines(f"{key}.text")
    doc.lines(f"{key}.sentences")
    if table is not None:
        table()
    doc.table(FIGURE_HEADERS, f"{key}.figures", widths=FIGURE_WIDTHS)
    doc.para()


@functools.cache
def default_template() -> bytes:
    """The shipped summary template: 红头 with the unit's name, the title, the parts of seed 004
    with their figures, the chart, the problems and measures, the signature."""
    doc = Layout()
    head = doc.para("{{ unit_name }}", font=TITLE_FONT, size=26, indent=False, align=CENTER, color=RED)
    bottom_border(head)
    doc.para()
    doc.para("{{ title }}", font=TITLE_FONT, size=22, indent=False, align=CENTER)
    doc.para()
    doc.lines("opening")
    _part(doc, "organisation")
    _part(doc, "tasks", table=lambda: doc.table(
        ["测评内容", "项目数", "已达标", "得分", "分值", "得分率（%）"], "aspect_rows", size=9,
        widths=[5.4, 1.8, 1.8, 2.0, 2.0, 2.6],
    ))  # fmt: skip
    _part(doc, "inspections")
    doc.heading("{{ service.heading }}")
    doc.lines("service.text")
    doc.lines("service.sentences")
    chart = doc.para("{{ trend_chart }}", indent=False, align=CENTER)
    chart.paragraph_format.line_spacing = 1.0  # an exact line height would crop the picture
    doc.table(FIGURE_HEADERS, "service.figures", widths=FIGURE_WIDTHS)
    doc.para()
    _part(doc, "activities")
    doc.heading("{{ ethics.heading }}")
    doc.lines("ethics.text")
    doc.lines("ethics.sentences")
    doc.tag("{%p if honour_rows %}")
    doc.table(["荣誉", "获得者", "科室"], "honour_rows", widths=[6.0, 4.8, 4.8])
    doc.para()
    doc.tag("{%p endif %}")
    doc.table(FIGURE_HEADERS, "ethics.figures", widths=FIGURE_WIDTHS)
    doc.para()
    _part(doc, "party")
    doc.heading("{{ problems.heading }}")
    doc.lines("problems.text")
    doc.lines("problems.sentences")
    doc.tag("{%p if unmet_rows %}")
    doc.table(["测评项目", "状态", "差距"], "unmet_rows", size=9, widths=[6.4, 2.4, 6.8])
    doc.para()
    doc.tag("{%p endif %}")
    doc.table(FIGURE_HEADERS, "problems.figures", widths=FIGURE_WIDTHS)
    doc.para()
    doc.heading("九、下一步工作打算")
    doc.lines("measures")
    doc.para()
    doc.para("{{ issuer }}", indent=False, align=RIGHT)
    doc.para("{{ date }}", indent=False, align=RIGHT)
    return doc.bytes()


def summary_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("year-end summary"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        order=20,
    )
