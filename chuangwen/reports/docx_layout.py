"""Building blocks of the built-in Word templates (python-docx): an A4 page with GB/T 9704
margins, 仿宋 body text at 三号 with a 28 pt line, 黑体 / 楷体 headings, paragraphs that hold only a
docxtpl ``{%p %}`` tag, and tables with a row repeated by ``{%tr for %}``. Each kind's default
template (``reports.plan``, later the summary) is a few dozen calls of these."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
RED = RGBColor(0xC0, 0x00, 0x00)
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def set_font(run, name: str, size: float, *, bold: bool = False, color=None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def bottom_border(paragraph, color: str = "C00000", size: int = 18) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


class Layout:
    """A document being built: ``para``, ``tag``, ``table``, ``page_break``, then ``bytes()``."""

    def __init__(self):
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def para(self, text="", *, font=BODY_FONT, size=BODY_PT, bold=False, indent=True, align=None, color=None):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(max(28, size * 1.5))
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        if text:
            set_font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p %}`` tag (docxtpl removes it when rendering)."""
        self.para(text, indent=False)

    def lines(self, loop: str, **style) -> None:
        """One paragraph per string of the list ``loop`` (a text the office wrote, by paragraph)."""
        self.tag(f"{{%p for line in {loop} %}}")
        self.para("{{ line }}", **style)
        self.tag("{%p endfor %}")

    def heading(self, text: str, *, sub: bool = False) -> None:
        self.para(text, font=SUBHEADING_FONT if sub else HEADING_FONT)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def landscape_section(self) -> None:
        """What follows starts on a new landscape A4 page (a wide annex table)."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.0)

    def table(self, headers: list[str], loop: str, *, size: float = TABLE_PT, widths: list[float] | None = None):
        """A table: the header row, then a row repeated for each list of ``loop``; ``widths`` in cm."""
        t = self.doc.add_table(rows=0, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._row(t, headers, size, bold=True)
        self._row(t, [f"{{%tr for row in {loop} %}}"] + [""] * (len(headers) - 1), size)
        self._row(t, [f"{{{{ row[{i}] }}}}" for i in range(len(headers))], size)
        self._row(t, ["{%tr endfor %}"] + [""] * (len(headers) - 1), size)
        if widths:
            t.autofit = False
            for column, width in zip(t.columns, widths, strict=True):
                column.width = Cm(width)
            for row in t.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)

    @staticmethod
    def _row(table, texts: list[str], size: float, *, bold=False) -> None:
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            p = cell.paragraphs[0]
            p.alignment = CENTER
            if text:
                set_font(p.add_run(text), BODY_FONT, size, bold=bold)

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
