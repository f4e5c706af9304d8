"""志愿服务证明: the certificate of one person's volunteer service over a period, as .docx from the
unit's certificate template (a document kind of ``reports.documents`` the office owns) and, through
``reports.pdf``, as PDF.

What it states follows 《志愿服务记录与证明出具办法(试行)》: the person, the unit that recorded
the service and issues the proof ("谁组织谁记录，谁记录谁证明"), the period, the total hours and
each service (date, event, hours). Issued free of charge."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy
from docx.shared import Cm, Pt

from chuangwen.org.models import Person
from chuangwen.reports import documents
from chuangwen.reports.docx_layout import BODY_FONT, CENTER, RIGHT, TITLE_FONT, Layout, set_font

from .selectors import person_hours

KIND = "volunteer_certificate"
FIELDS = [
    ("name", gettext_lazy("name of the person")),
    ("employee_no", gettext_lazy("employee number")),
    ("department", gettext_lazy("the person's department")),
    ("unit_name", gettext_lazy("name of the unit that recorded the service and issues the proof")),
    ("start", gettext_lazy("first day of the period, e.g. 2026年1月1日")),
    ("end", gettext_lazy("last day of the period")),
    ("count", gettext_lazy("number of services in the period")),
    ("total", gettext_lazy("total hours, e.g. 5.5")),
    ("rows", gettext_lazy("rows of the table: number, date, service, hours (a list)")),
    ("issued_on", gettext_lazy("date of issue")),
]


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _hours(value: Decimal) -> str:
    return format(value.normalize(), "f")


def certificate_data(person: Person, *, start: date, end: date) -> dict:
    """What the certificate says: rows of (date, event, hours) and the total."""
    rows = [
        (h.served_on, (h.event.title if h.event else h.event_name) or "志愿服务", h.hours)
        for h in person_hours(person, start=start, end=end)
    ]
    return {
        "name": person.name,
        "employee_no": person.employee_no,
        "unit": person.unit.name,
        "department": person.department.name,
        "start": start,
        "end": end,
        "rows": rows,
        "total": sum((r[2] for r in rows), Decimal("0")),
        "issued_on": timezone.localdate(),
    }


def certificate_fields(person: Person, *, start: date, end: date) -> dict:
    """Every field the certificate template may use (``FIELDS``)."""
    data = certificate_data(person, start=start, end=end)
    return {
        "name": data["name"],
        "employee_no": data["employee_no"] or "",
        "department": data["department"],
        "unit_name": data["unit"],
        "start": _cn_date(data["start"]),
        "end": _cn_date(data["end"]),
        "count": len(data["rows"]),
        "total": _hours(data["total"]),
        "rows": [
            [str(i), day.isoformat(), event, _hours(hours)] for i, (day, event, hours) in enumerate(data["rows"], 1)
        ],
        "issued_on": _cn_date(data["issued_on"]),
    }


def sample_fields() -> dict:
    return {
        "name": "李娜",
        "employee_no": "E001",
        "department": "内科",
        "unit_name": "示例医院",
        "start": "2026年1月1日",
        "end": "2026年11月15日",
        "count": 2,
        "total": "5.5",
        "rows": [["1", "2026-03-05", "学雷锋义诊", "3.5"], ["2", "2026-06-01", "门诊导医", "2"]],
        "issued_on": "2026年11月15日",
    }


@functools.cache
def default_template() -> bytes:
    """The shipped certificate: A4, the title, the statement, a table of every service with the
    total, the principle it is issued on, the unit and the date."""
    layout = Layout()
    section = layout.doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.6)
    layout.para("志愿服务证明", font=TITLE_FONT, size=22, bold=True, indent=False, align=CENTER)
    layout.para(
        "兹证明{{ name }}（工号{{ employee_no }}，{{ department }}）于{{ start }}至{{ end }}期间，"
        "在{{ unit_name }}组织下参加志愿服务{{ count }}次，累计志愿服务时长{{ total }}小时"
        "（实际服务时间，不含往返交通时间）。",
        size=14,
    )
    layout.table(["序号", "服务日期", "服务项目", "时长（小时）"], "rows", size=12, widths=[1.6, 3.4, 8.2, 2.6])
    total = layout.doc.tables[-1].add_row().cells
    for cell, text in ((total[0], "合计"), (total[3], "{{ total }}")):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = CENTER
        set_font(paragraph.add_run(text), BODY_FONT, 12, bold=True)
    note = layout.para(
        "以上志愿服务记录按照“谁组织谁记录，谁记录谁证明”的原则，由本单位如实记录并出具证明，特此证明。", size=12
    )
    note.paragraph_format.first_line_indent = Pt(28)
    layout.para("{{ unit_name }}", size=14, indent=False, align=RIGHT)
    layout.para("{{ issued_on }}", size=14, indent=False, align=RIGHT)
    return layout.bytes()


def certificate_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("volunteer service certificate"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        order=60,
    )


def certificate_docx(person: Person, *, start: date, end: date) -> bytes:
    """The certificate as a .docx document, from the person's unit's current template."""
    return documents.render_current(KIND, person.unit, certificate_fields(person, start=start, end=end))
