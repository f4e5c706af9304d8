"""医德医风考评表 as a document kind of ``reports.documents``: the office owns its Word template
(letterhead, fonts, the signature lines), the figures come from the evaluation row.

The default template is today's form (one A4 page, 宋体 五号, signatures left blank to sign):
the title, the unit, the person's details, the three opinions (self, department, committee),
the weighted components and totals, the veto and the grade, the seal line. ``fields`` fills it
from a row (``documents.row_fields``)."""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chuangwen.reports import documents
from chuangwen.reports.docx_layout import CENTER, RIGHT, Layout, set_font

KIND = "ethics_form"
FONT = "宋体"
PT = 10.5  # 五号
INFO = [("姓名", "name"), ("工号", "employee_no"), ("科室", "department"),
        ("职称", "job_title"), ("岗位", "position"), ("政治面貌", "political_status")]  # fmt: skip

FIELDS = [
    ("title", gettext_lazy("title of the form, e.g. 2026年度医务人员医德考评表")),
    ("year", gettext_lazy("year of the evaluation")),
    ("unit_name", gettext_lazy("name of the unit, e.g. 青溪县人民医院")),
    ("name", gettext_lazy("name of the person")),
    ("employee_no", gettext_lazy("employee number")),
    ("department", gettext_lazy("the person's department")),
    ("job_title", gettext_lazy("professional title (职称)")),
    ("position", gettext_lazy("post (岗位)")),
    ("political_status", gettext_lazy("political status")),
    ("self_text", gettext_lazy("the self-evaluation, paragraphs (a list)")),
    ("self_grade", gettext_lazy("the grade the person gave themself")),
    ("department_comment", gettext_lazy("the department's comment, paragraphs (a list)")),
    ("department_score", gettext_lazy("the department's score")),
    ("patients_score", gettext_lazy("the patients' score")),
    ("committee_opinion", gettext_lazy("the committee's opinion, paragraphs (a list)")),
    ("committee_score", gettext_lazy("the committee's score")),
    ("figures", gettext_lazy("rows of the score table: component, weight, score (a list)")),
    ("veto", gettext_lazy("有 or 无: a veto act in the year")),
    ("grade", gettext_lazy("the final grade, e.g. 良好")),
]


def sample_fields() -> dict:
    """Fields shaped like a real row's."""
    return {
        "title": "2026年度医务人员医德考评表",
        "year": 2026,
        "unit_name": "示例医院",
        "name": "张三",
        "employee_no": "E001",
        "department": "内科",
        "job_title": "主治医师",
        "position": "临床医师",
        "political_status": "中共党员",
        "self_text": ["恪守医德，廉洁行医。", "全年无投诉。"],
        "self_grade": "优秀",
        "department_comment": ["工作认真负责。"],
        "department_score": "91.50",
        "patients_score": "93.00",
        "committee_opinion": ["同意科室意见。"],
        "committee_score": "90.00",
        "figures": [["自评", "10%", "95.00"], ["科室评价", "30%", "91.50"], ["得分", "", "91.20"]],
        "veto": "无",
        "grade": "良好",
    }


def _text(paragraph, text: str, *, bold: bool = False, size: float = PT):
    if text:
        set_font(paragraph.add_run(text), FONT, size, bold=bold)
    return paragraph


def _cell(table, r: int, c: int, text: str, *, bold: bool = False):
    return _text(table.cell(r, c).paragraphs[0], text, bold=bold)


def _lines_cell(cell, loop: str, last: str) -> None:
    """A cell holding the paragraphs of the list ``loop``, then the line ``last`` (scores, signature)."""
    first = cell.paragraphs[0]
    _text(first, f"{{%p for line in {loop} %}}")
    _text(cell.add_paragraph(), "{{ line }}")
    _text(cell.add_paragraph(), "{%p endfor %}")
    _text(cell.add_paragraph(), last)


def _widths(table, widths: list[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _grid(doc, rows: int, cols: int):
    table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    return table


@functools.cache
def default_template() -> bytes:
    """The shipped 考评表: one A4 page, as the form was before templates."""
    layout = Layout()
    doc = layout.doc
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    title = doc.add_paragraph()
    title.alignment = CENTER
    _text(title, "{{ title }}", bold=True, size=16)
    unit = _text(doc.add_paragraph(), "单位：{{ unit_name }}")
    unit.alignment = RIGHT
    info = _grid(doc, 2, 6)
    for i, (label, name) in enumerate(INFO):
        _cell(info, i // 3, (i % 3) * 2, label, bold=True)
        _cell(info, i // 3, (i % 3) * 2 + 1, f"{{{{ {name} }}}}")
    blocks = _grid(doc, 3, 2)
    _widths(blocks, [3.2, 13.8])  # the label narrow, the opinion and its signature line wide
    for row in blocks.rows:  # room to write by hand on the printed form
        row.height, row.height_rule = Cm(4), WD_ROW_HEIGHT_RULE.AT_LEAST
    _cell(blocks, 0, 0, "自我评价", bold=True)
    _lines_cell(blocks.cell(0, 1), "self_text", "自评等次：{{ self_grade }}　　本人签字：　　　　　　年　月　日")
    _cell(blocks, 1, 0, "科室评价", bold=True)
    _lines_cell(
        blocks.cell(1, 1),
        "department_comment",
        "科室评分：{{ department_score }}　患者评价：{{ patients_score }}　　科室负责人签字：　　　　　　年　月　日",
    )
    _cell(blocks, 2, 0, "院考评小组意见", bold=True)
    _lines_cell(
        blocks.cell(2, 1),
        "committee_opinion",
        "考评小组评分：{{ committee_score }}　　组长签字：　　　　　　年　月　日",
    )
    scores = _grid(doc, 4, 3)
    for c, head in enumerate(("考评项目", "权重", "得分")):
        _cell(scores, 0, c, head, bold=True)
    _cell(scores, 1, 0, "{%tr for row in figures %}")
    for c in range(3):
        _cell(scores, 2, c, f"{{{{ row[{c}] }}}}")
    _cell(scores, 3, 0, "{%tr endfor %}")
    final = _grid(doc, 1, 4)
    _cell(final, 0, 0, "一票否决", bold=True)
    _cell(final, 0, 1, "{{ veto }}")
    _cell(final, 0, 2, "考评等次", bold=True)
    _cell(final, 0, 3, "{{ grade }}")
    seal = _text(doc.add_paragraph(), "单位盖章：　　　　　　　　　　　　　　　　　年　月　日")
    seal.alignment = RIGHT
    seal.paragraph_format.space_before = Pt(18)
    return layout.bytes()


def form_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("ethics evaluation form"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        order=40,
    )
