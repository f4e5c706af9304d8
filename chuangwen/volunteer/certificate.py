"""志愿服务证明: the certificate of one person's volunteer service over a period, as .docx
(python-docx) and, through LibreOffice when it is installed, as PDF.

What it states follows 《志愿服务记录与证明出具办法(试行)》: the person, the unit that recorded
the service and issues the proof ("谁组织谁记录，谁记录谁证明"), the period, the total hours and
each service (date, event, hours). Issued free of charge."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chuangwen.org.models import Person

from .selectors import person_hours

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
PDF_TIMEOUT = 120


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or could not convert the document."""


def _run(paragraph, text: str, *, font=BODY_FONT, size=14, bold=False):
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


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


def certificate_docx(person: Person, *, start: date, end: date) -> bytes:
    """The certificate as a .docx document (A4, 仿宋 body, a table of every service)."""
    data = certificate_data(person, start=start, end=end)
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.6)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "志愿服务证明", font=TITLE_FONT, size=22, bold=True)
    body = document.add_paragraph()
    body.paragraph_format.first_line_indent = Pt(28)
    body.paragraph_format.line_spacing = Pt(28)
    _run(
        body,
        f"兹证明{data['name']}（工号{data['employee_no']}，{data['department']}）于{_cn_date(data['start'])}至"
        f"{_cn_date(data['end'])}期间，在{data['unit']}组织下参加志愿服务{len(data['rows'])}次，"
        f"累计志愿服务时长{_hours(data['total'])}小时（实际服务时间，不含往返交通时间）。",
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("序号", "服务日期", "服务项目", "时长（小时）"), strict=True):
        _run(cell.paragraphs[0], text, size=12, bold=True)
    for i, (day, event, hours) in enumerate(data["rows"], start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(i), day.isoformat(), event, _hours(hours)), strict=True):
            _run(cell.paragraphs[0], text, size=12)
    total = table.add_row().cells
    _run(total[0].paragraphs[0], "合计", size=12, bold=True)
    _run(total[3].paragraphs[0], _hours(data["total"]), size=12, bold=True)
    note = document.add_paragraph()
    note.paragraph_format.first_line_indent = Pt(28)
    _run(
        note, "以上志愿服务记录按照“谁组织谁记录，谁记录谁证明”的原则，由本单位如实记录并出具证明，特此证明。", size=12
    )
    for text in (data["unit"], _cn_date(data["issued_on"])):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(content: bytes) -> bytes:
    """A .docx converted to PDF by LibreOffice (headless, a throwaway profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise PdfUnavailable(_("PDF needs LibreOffice on the server; download the Word document instead."))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "certificate.docx"
        source.write_bytes(content)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT)
        except (subprocess.SubprocessError, OSError) as exc:
            raise PdfUnavailable(_("The PDF could not be made; download the Word document instead.")) from exc
        pdf = folder / "certificate.pdf"
        if not pdf.exists():
            raise PdfUnavailable(_("The PDF could not be made; download the Word document instead."))
        return pdf.read_bytes()
