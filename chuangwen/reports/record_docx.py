"""The pieces of the records other apps put in the ledger (活动记录、会议记录) as Word documents:
runs in the house's Chinese fonts, label/value tables, photos downsized with their captions.
Built with python-docx; ``reports.pdf_cache`` turns the documents into PDFs."""

from __future__ import annotations

import io
import logging

from django.core.files.storage import default_storage
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

FONT, TITLE_FONT = "仿宋", "黑体"
PHOTO_PX = 1200  # the longest side of a photo in the document
PHOTO_WIDTH_CM, PHOTO_HEIGHT_CM = 14.0, 10.0


def font(run, name: str = FONT, size: float = 11, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def paragraph(doc, text: str, *, size: float = 11, name: str = FONT, bold=False, center=False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(p.add_run(text), name, size, bold)
    return p


def cell(c, text: str, *, bold: bool = False, size: float = 10.5) -> None:
    c.text = ""
    p = c.paragraphs[0]
    for i, line in enumerate((text or "—").splitlines() or ["—"]):
        if i:
            p = c.add_paragraph()
        font(p.add_run(line), size=size, bold=bold)


def table(doc, header: list[str], rows: list[list[str]], widths: list[float]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for c, text in zip(t.rows[0].cells, header, strict=True):
        cell(c, text, bold=True)
    for row in rows:
        for c, text in zip(t.add_row().cells, row, strict=True):
            cell(c, text)
    widths_set(t, widths)
    return t


def widths_set(t, widths: list[float]) -> None:
    """Fixed column widths (LibreOffice reads the grid columns, Word the cells: both set)."""
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Cm(w)
        for c in t.columns[i].cells:
            c.width = Cm(w)


def picture(doc, storage_file, caption: str) -> None:
    """The photo downsized to ``PHOTO_PX`` (JPEG) with its caption; a caption saying so when the
    file cannot be read as an image."""
    try:
        with storage_file.open("rb") as fh:
            src = Image.open(fh)
            src.draft("RGB", (PHOTO_PX, PHOTO_PX))  # JPEG: decode at a reduced scale
            img = ImageOps.exif_transpose(src)
            img.thumbnail((PHOTO_PX, PHOTO_PX))
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "JPEG", quality=80)
        buf.seek(0)
        ratio = img.height / img.width
        width = min(PHOTO_WIDTH_CM, PHOTO_HEIGHT_CM / ratio)
        doc.add_picture(buf, width=Cm(width))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    except Exception as exc:  # a missing or unreadable file: say so, keep the record
        logger.warning("photo %s not readable for the ledger: %s", storage_file.name, exc)
        caption += "（照片文件无法读取）"
    paragraph(doc, caption, size=10, center=True)


class StoredFile:
    """A stored file by name, opened when the picture is read."""

    def __init__(self, name: str):
        self.name = name

    def open(self, mode: str = "rb"):
        return default_storage.open(self.name, mode)
