"""Documents of the ethics evaluation: the 医务人员医德考评表 of one person (.docx, one A4 page,
signatures left blank to sign), the unit's summary (.xlsx) and a person's 医德档案 across years
(.xlsx). The figures are the page's (``row_figures``), so paper and screen agree."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

from .models import Component, Grade

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _n(value) -> str:
    return "" if value is None else f"{value:.2f}"


def _grade(code: str) -> str:
    return str(Grade(code).label) if code else ""


def row_figures(row) -> list[tuple[str, str, str]]:
    """(component, weight %, score) of each component of the row's rule set, then the totals."""
    inputs = {
        "self": row.self_score,
        "department": row.department_score,
        "committee": row.committee_score,
        "patients": row.patients_score,
        "record": row.record_score,
    }
    out = [
        (str(Component.Kind(c.kind).label), f"{c.weight:.0f}%", _n(inputs[c.kind]))
        for c in row.evaluation.rule_set.components.all()
    ]
    out.append((_("Deductions in the daily record"), "", _n(row.deductions)))
    out.append((_("Bonuses in the daily record"), "", _n(row.bonuses)))
    out.append((_("Total score"), "", _n(row.score)))
    return out


def _font(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")


def _cell(table, r, c, text, bold=False):
    cell = table.cell(r, c)
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold
    return cell


def row_form(row) -> bytes:
    """The 医务人员医德考评表 of one row (.docx)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(1.8)
    section.left_margin = section.right_margin = Cm(2)
    _font(doc)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{row.evaluation.year}年度医务人员医德考评表")
    run.bold, run.font.size = True, Pt(16)
    unit = doc.add_paragraph(f"单位：{row.evaluation.unit.name}")
    unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = row.person
    info = doc.add_table(rows=2, cols=6)
    info.style = "Table Grid"
    for i, (label, value) in enumerate(
        [("姓名", p.name), ("工号", p.employee_no), ("科室", row.department.name),
         ("职称", p.title), ("岗位", p.position), ("政治面貌", p.get_political_status_display())]
    ):  # fmt: skip
        _cell(info, i // 3, (i % 3) * 2, label, bold=True)
        _cell(info, i // 3, (i % 3) * 2 + 1, value or "")
    blocks = doc.add_table(rows=3, cols=2)
    blocks.style = "Table Grid"
    self_text = (row.self_text or "")[:600]
    _cell(blocks, 0, 0, "自我评价", bold=True)
    _cell(blocks, 0, 1, f"{self_text}\n自评等次：{_grade(row.self_grade)}　　本人签字：　　　　　　年　月　日")
    _cell(blocks, 1, 0, "科室评价", bold=True)
    _cell(
        blocks,
        1,
        1,
        f"{row.department_comment}\n科室评分：{_n(row.department_score)}　患者评价：{_n(row.patients_score)}"
        "　　科室负责人签字：　　　　　　年　月　日",
    )
    _cell(blocks, 2, 0, "院考评小组意见", bold=True)
    _cell(
        blocks,
        2,
        1,
        f"{row.committee_opinion}\n考评小组评分：{_n(row.committee_score)}　　组长签字：　　　　　　年　月　日",
    )
    figures = row_figures(row)
    scores = doc.add_table(rows=len(figures) + 1, cols=3)
    scores.style = "Table Grid"
    for c, head in enumerate(("考评项目", "权重", "得分")):
        _cell(scores, 0, c, head, bold=True)
    for r, (label, weight, value) in enumerate(figures, start=1):
        _cell(scores, r, 0, label)
        _cell(scores, r, 1, weight)
        _cell(scores, r, 2, value)
    final = doc.add_table(rows=1, cols=4)
    final.style = "Table Grid"
    _cell(final, 0, 0, "一票否决", bold=True)
    _cell(final, 0, 1, "有" if row.veto else "无")
    _cell(final, 0, 2, "考评等次", bold=True)
    _cell(final, 0, 3, _grade(row.grade))
    doc.add_paragraph("单位盖章：　　　　　　　　　　　　　　　　　年　月　日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def summary_workbook(evaluation, rows) -> bytes:
    kinds = [c.kind for c in evaluation.rule_set.components.all()]
    field = {"self": "self_score", "department": "department_score", "committee": "committee_score",
             "patients": "patients_score", "record": "record_score"}  # fmt: skip
    columns = [
        XlsxColumn(_("Employee number"), 12),
        XlsxColumn(_("Name"), 10),
        XlsxColumn(_("Department"), 16),
        *(XlsxColumn(str(Component.Kind(k).label), 10) for k in kinds),
        XlsxColumn(_("Score"), 10),
        XlsxColumn(_("Deductions"), 10),
        XlsxColumn(_("Veto"), 8, align="center"),
        XlsxColumn(_("Grade"), 8, align="center"),
    ]
    book = XlsxBook()
    sheet = book.sheet(_("Ethics grades"), columns, title=f"{evaluation.unit.name}{evaluation.year}年度医德考评汇总表")
    for r in rows:
        sheet.append(
            [r.person.employee_no, r.person.name, r.department.name, *(getattr(r, field[k]) for k in kinds),
             r.score, r.deductions, "是" if r.veto else "", _grade(r.effective_grade)]
        )  # fmt: skip
    return book.save()


def record_workbook(person, rows, entries, vetoes) -> bytes:
    """The person's 医德档案 across years: grades, daily record entries, vetoes."""
    book = XlsxBook()
    grades = book.sheet(
        _("Yearly grades"),
        [XlsxColumn(_("Year"), 8), XlsxColumn(_("Department"), 16), XlsxColumn(_("Score"), 10),
         XlsxColumn(_("Deductions"), 10), XlsxColumn(_("Veto"), 8), XlsxColumn(_("Grade"), 10)],
        title=f"{person.name}（{person.employee_no}）医德档案",
    )  # fmt: skip
    for r in rows:
        grades.append(
            [r.evaluation.year, r.department.name, r.score, r.deductions, "是" if r.veto else "", _grade(r.grade)]
        )
    record = book.sheet(
        _("Daily record"),
        [XlsxColumn(_("Date"), 12), XlsxColumn(_("Points"), 8), XlsxColumn(_("Source"), 18),
         XlsxColumn(_("Reason"), 50, align="wrap")],
    )  # fmt: skip
    for e in entries:
        record.append([e.occurred_on, e.points, e.source_label or e.get_source_display(), e.reason])
    veto_sheet = book.sheet(
        _("Vetoes"),
        [XlsxColumn(_("Date"), 12), XlsxColumn(_("Veto act"), 24), XlsxColumn(_("Facts"), 50, align="wrap"),
         XlsxColumn(_("Withdrawn"), 30)],
    )  # fmt: skip
    for v in vetoes:
        veto_sheet.append([v.occurred_on, v.act.name, v.facts, v.withdrawn_reason if v.withdrawn_at else ""])
    return book.save()
