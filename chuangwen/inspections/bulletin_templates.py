"""通报模板: the Word template bulletins are written from, per issuing office, versioned.

The office downloads the current template (its own newest version, or the default built here
with python-docx at first use), changes the letterhead, fonts and fixed wording in Word, and
uploads it back (the one mechanism of ``reports.documents``; the bulletin is its kind
"bulletin", its versions kept in this app's ``BulletinTemplate``). An upload passes the upload
guards (a real .docx, no macros, no zip bomb) and must render with sample data in the sandbox;
otherwise it is refused with the reason. Each upload is a new ``BulletinTemplate`` version;
nothing is deleted. A bureau keeps its own template for the bulletins it issues in its name
(``bulletins.issuing_unit``).

The template uses docxtpl's tags: ``{{ field }}`` in a paragraph, ``{%p ... %}`` around
paragraphs and tables, ``{%tr ... %}`` around table rows. ``FIELDS`` lists what it may use."""

from __future__ import annotations

import datetime
import functools
import io

import docx
from django.utils.translation import gettext_lazy
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chuangwen.org.models import Unit
from chuangwen.reports import documents

from .bulletin_docx import (
    BODY_FONT,
    BODY_PT,
    DEPARTMENT_HEADERS,
    HEADING_FONT,
    RANKING_HEADERS,
    RED,
    SUBHEADING_FONT,
    TABLE_PT,
    TITLE_FONT,
)
from .models import BulletinTemplate

MAX_BYTES = documents.MAX_BYTES

FIELDS = [
    ("issuer", gettext_lazy("issuing office, e.g. 青溪县人民医院文明创建办公室")),
    ("doc_no", gettext_lazy("document number (文号), e.g. 县人民医院创建办〔2026〕1号")),
    ("title", gettext_lazy("title of the bulletin")),
    ("unit_name", gettext_lazy("name of the inspected unit")),
    ("period", gettext_lazy("the period, e.g. 2026年10月")),
    ("date", gettext_lazy("date of issue, e.g. 2026年11月3日")),
    ("intro", gettext_lazy("opening paragraph")),
    ("summary", gettext_lazy("paragraph with the period's figures")),
    ("department_rows", gettext_lazy("table rows by department (8 columns)")),
    ("total_row", gettext_lazy("the total row (8 columns)")),
    ("ranking_rows", gettext_lazy("ranking table rows (6 columns)")),
    ("groups", gettext_lazy("findings by department: heading, and findings with line and photo_rows")),
    ("praise", gettext_lazy("paragraph of praise")),
    ("criticism", gettext_lazy("paragraph of criticism")),
]

NEXT_STEPS = [
    "（一）提高思想认识。各科室要充分认识精神文明建设的重要性、必要性和长期性，"
    "把文明单位的要求落实到岗位、落实到个人，做到人人参与、齐抓共管。",
    "（二）狠抓整改落实。对本次督查发现的问题，各科室要逐条对照、立行立改、举一反三，"
    "在规定期限内整改到位并报请复查销号，建立长效机制，防止问题反弹。",
    "（三）坚持痕迹管理。各科室要及时收集整改前后照片及相关资料，做好台账归档。"
    "院创建办将继续开展经常性督查、暗访和“回头看”，坚持每月一次督查通报，"
    "督查结果纳入科室量化考核。",
]


# --- reading and uploading: the one mechanism of ``reports.documents`` ------------------------


def _can_upload(user, unit) -> bool:
    from .bulletins import can_request

    return can_request(user, unit)


def bulletin_kind() -> documents.Kind:
    """The bulletin as a document kind; its versions stay in ``BulletinTemplate`` (every bulletin
    points at the version it was made from)."""
    return documents.Kind(
        name="bulletin",
        label=gettext_lazy("bulletin"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        model="inspections.BulletinTemplate",
        can_upload=_can_upload,
        order=30,
    )


def _kind() -> documents.Kind:
    return documents.kind_get("bulletin") or documents.register(bulletin_kind())


def current_template(unit: Unit | None) -> BulletinTemplate | None:
    """The newest template version of ``unit``, or None (the default applies)."""
    return documents.current_template(_kind(), unit)


def template_content(template: BulletinTemplate | None) -> bytes:
    """The .docx bytes of a stored version, or of the default template."""
    return documents.template_content(_kind(), template)


def bulletin_template_upload(*, user, unit: Unit, upload) -> BulletinTemplate:
    """Store ``upload`` as the next template version of ``unit``, after checking that the user may
    issue bulletins for it, that the file is a safe .docx, and that it renders with sample data.
    Every refusal is a ``ValidationError`` on ``file`` that says why."""
    return documents.template_upload(user=user, unit=unit, kind=_kind(), upload=upload)


def template_check(content: bytes) -> None:
    """Render ``content`` with sample data; refuse it (``ValidationError`` on ``file``) with the
    reason when it does not render or the result is not a readable document."""
    documents.template_check(_kind(), content)


def sample_fields() -> dict:
    """Fields shaped like a real bulletin's (two departments, findings with and without photos)."""
    row = ["内科", "3", "2", "1", "0", "66.7%", "4.5", "2"]
    return {
        "issuer": "示例医院文明创建办公室",
        "doc_no": f"示例医院创建办〔{datetime.date.today().year}〕1号",
        "title": "示例医院文明创建督查通报",
        "unit_name": "示例医院",
        "period": "2026年10月",
        "date": "2026年11月3日",
        "intro": "现将督查发现问题及整改落实情况通报如下：",
        "summary": "本期共发现问题3个。",
        "department_rows": [row, ["外科", *row[1:]]],
        "total_row": ["合计", "6", "4", "2", "0", "66.7%", "4.5", "4"],
        "ranking_rows": [["1", "内科", "3", "66.7%", "0", "2"], ["2", "外科", "3", "66.7%", "0", "2"]],
        "groups": [
            {
                "heading": "（一）内科（2个问题）",
                "findings": [
                    {"line": "1.【一般】示例问题。", "photo_rows": [[{"image": "", "caption": "问题照片1"}] * 2]},
                    {"line": "2.【轻微】示例问题。", "photo_rows": []},
                ],
            }
        ],
        "praise": "内科予以通报表扬。",
        "criticism": "本期无逾期未整改的问题。",
    }


# --- the default template --------------------------------------------------------------------


@functools.cache
def default_template() -> bytes:
    """The shipped template (built once per process with python-docx): GB/T 9704 margins, 红头
    with the issuing office and 文号, 仿宋 body, 黑体 / 楷体 headings, the tables and the closing."""
    return _DefaultTemplate().build()


def _set_font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _bottom_border(paragraph, color: str = "C00000", size: int = 18) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


class _DefaultTemplate:
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

    def para(self, text: str = "", *, font=BODY_FONT, size=BODY_PT, bold=False, indent=True, align=None):
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        if text:
            _set_font(p.add_run(text), font, size, bold=bold)
        return p

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p %}`` tag (docxtpl removes it when rendering)."""
        self.para(text, indent=False)

    def table(self, headers: list[str], loop: str, total_expr: str | None = None) -> None:
        """A table: the header row, a row repeated for each item of ``loop``, an optional total."""
        t = self.doc.add_table(rows=0, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._row(t, headers, bold=True)
        self._row(t, [f"{{%tr for row in {loop} %}}"] + [""] * (len(headers) - 1))
        self._row(t, [f"{{{{ row[{i}] }}}}" for i in range(len(headers))])
        self._row(t, ["{%tr endfor %}"] + [""] * (len(headers) - 1))
        if total_expr:
            self._row(t, [f"{{{{ {total_expr}[{i}] }}}}" for i in range(len(headers))], bold=True)

    @staticmethod
    def _row(table, texts: list[str], *, bold=False) -> None:
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if text:
                _set_font(p.add_run(text), BODY_FONT, TABLE_PT, bold=bold)

    def photo_table(self) -> None:
        t = self.doc.add_table(rows=0, cols=2)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._row(t, ["{%tr for pair in f.photo_rows %}", ""])
        cells = t.add_row().cells
        for i, cell in enumerate(cells):
            image = cell.paragraphs[0]
            image.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(image.add_run(f"{{{{ pair[{i}].image }}}}"), BODY_FONT, TABLE_PT)
            caption = cell.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(caption.add_run(f"{{{{ pair[{i}].caption }}}}"), BODY_FONT, TABLE_PT)
        self._row(t, ["{%tr endfor %}", ""])

    def build(self) -> bytes:
        center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
        self.para("{{ issuer }}", font=TITLE_FONT, size=26, indent=False, align=center).runs[0].font.color.rgb = RED
        _bottom_border(self.para("{{ doc_no }}", indent=False, align=center))
        self.para()
        self.para("{{ title }}", font=TITLE_FONT, size=22, indent=False, align=center)
        self.para()
        self.para("各科室：", indent=False)
        self.para("{{ intro }}")
        self.para("一、总体情况", font=HEADING_FONT)
        self.para("{{ summary }}")
        self.para("二、各科室整改情况", font=HEADING_FONT)
        self.tag("{%p if department_rows %}")
        self.table(DEPARTMENT_HEADERS, "department_rows", "total_row")
        self.tag("{%p else %}")
        self.para("本期无。")
        self.tag("{%p endif %}")
        self.para("三、科室整改排名", font=HEADING_FONT)
        self.tag("{%p if ranking_rows %}")
        self.para("按整改率从高到低排序，整改率相同的按逾期问题、扣分、问题数从少到多排序：")
        self.table(RANKING_HEADERS, "ranking_rows")
        self.tag("{%p else %}")
        self.para("本期无。")
        self.tag("{%p endif %}")
        self.para("四、督查发现的主要问题", font=HEADING_FONT)
        self.tag("{%p if not groups %}")
        self.para("本期无。")
        self.tag("{%p endif %}")
        self.tag("{%p for g in groups %}")
        self.para("{{ g.heading }}", font=SUBHEADING_FONT)
        self.tag("{%p for f in g.findings %}")
        self.para("{{ f.line }}")
        self.tag("{%p if f.photo_rows %}")
        self.photo_table()
        self.tag("{%p endif %}")
        self.tag("{%p endfor %}")
        self.tag("{%p endfor %}")
        self.para("五、表扬", font=HEADING_FONT)
        self.para("{{ praise }}")
        self.para("六、批评", font=HEADING_FONT)
        self.para("{{ criticism }}")
        self.para("七、下一步工作要求", font=HEADING_FONT)
        for text in NEXT_STEPS:
            self.para(text)
        self.para()
        self.para()
        self.para("{{ issuer }}", indent=False, align=right)
        self.para("{{ date }}", indent=False, align=right)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
