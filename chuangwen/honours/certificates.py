"""荣誉证书: one .docx per awarded nomination (A4 landscape, built with python-docx), or the same
converted to PDF by LibreOffice when the server has it."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .models import Nomination

RED = RGBColor(0xC0, 0x00, 0x00)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _para(doc, text: str, *, size: int, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT, color=None, font="仿宋", before=0):
    p = doc.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    run = p.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return p


def certificate_docx(nomination: Nomination) -> bytes:
    """The certificate of an awarded nomination, as .docx bytes."""
    selection = nomination.selection
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(3.5))
    section.top_margin = section.bottom_margin = Cm(2.5)
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, "荣 誉 证 书", size=42, bold=True, align=center, color=RED, font="华文中宋")
    who = f"{nomination.person.name} 同志" if nomination.person_id else nomination.department.name
    _para(doc, f"{who}：", size=22, before=30)
    _para(
        doc,
        f"在{selection.unit.name}{selection.year}年度评先评优活动中，被评为“{nomination.honour_type.name}”。",
        size=22,
        before=12,
    )
    _para(doc, "特发此证，以资鼓励。", size=22, before=12)
    _para(doc, selection.unit.name, size=20, align=right, before=40)
    day = timezone.localtime(selection.published_at).date() if selection.published_at else timezone.localdate()
    _para(doc, f"{day.year}年{day.month}月{day.day}日", size=20, align=right)
    _para(doc, _("Certificate No. %(no)s") % {"no": nomination.certificate_no}, size=12, align=right, before=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_pdf(data: bytes) -> bytes | None:
    """The .docx converted by LibreOffice, or None when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "certificate.docx"
        source.write_bytes(data)
        profile = (Path(tmp) / "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp,
             str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (Path(tmp) / "certificate.pdf").read_bytes()


def certificate_response(nomination: Nomination, *, pdf: bool = False) -> HttpResponse:
    data = certificate_docx(nomination)
    name = f"荣誉证书-{nomination.honour_type.name}-{nomination.nominee_name}"
    if pdf:
        data = to_pdf(data)
        if data is None:
            raise Http404
        response = HttpResponse(data, content_type="application/pdf")
        ext = "pdf"
    else:
        response = HttpResponse(data, content_type=DOCX)
        ext = "docx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{ext}"
    return response
