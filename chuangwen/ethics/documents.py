"""Documents of the ethics evaluation: the 医务人员医德考评表 of one person (.docx from the unit's
template, ``form_template``: one A4 page, signatures left blank to sign; PDF through
``reports.pdf``), the unit's summary (.xlsx) and a person's 医德档案 across years (.xlsx). The
figures are the page's (``row_figures``), so paper and screen agree."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuangwen.core.xlsx import XlsxBook, XlsxColumn
from chuangwen.reports import documents

from . import form_template
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


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def row_fields(row) -> dict:
    """Every field the 考评表 template may use (``form_template.FIELDS``), from the row."""
    p = row.person
    return {
        "title": f"{row.evaluation.year}年度医务人员医德考评表",
        "year": row.evaluation.year,
        "unit_name": row.evaluation.unit.name,
        "name": p.name,
        "employee_no": p.employee_no or "",
        "department": row.department.name,
        "job_title": p.title or "",
        "position": p.position or "",
        "political_status": p.get_political_status_display() or "",
        "self_text": _lines((row.self_text or "")[:600]),
        "self_grade": _grade(row.self_grade),
        "department_comment": _lines(row.department_comment),
        "department_score": _n(row.department_score),
        "patients_score": _n(row.patients_score),
        "committee_opinion": _lines(row.committee_opinion),
        "committee_score": _n(row.committee_score),
        "figures": [list(f) for f in row_figures(row)],
        "veto": "有" if row.veto else "无",
        "grade": _grade(row.grade),
    }


def row_form(row) -> bytes:
    """The 医务人员医德考评表 of one row (.docx), from the unit's current template."""
    return documents.render_current(form_template.KIND, row.evaluation.unit, row_fields(row))


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
