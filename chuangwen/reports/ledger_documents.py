"""The small documents of the ledger: the index (.xlsx), the cover and 说明 (.docx), each item's
score explanation and each indicator's report. Written in memory: they are a few kilobytes each;
only the evidence files are large, and those are streamed from storage."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

from .selectors import ItemFigures

FONT = "宋体"
TITLE_FONT = "黑体"


@dataclass
class IndexRow:
    """One item of the index, with where its folder is."""

    aspect: str
    indicator: str
    code: str
    title: str
    folder: str
    figures: ItemFigures
    files: int = 0


@dataclass
class ReportRow:
    indicator: str
    path: str
    chars: int
    edited: str


@dataclass
class Contents:
    unit: str
    campaign: str
    standard: str
    date: str
    aspects: list[str] = field(default_factory=list)
    items: int = 0
    files: int = 0


def _num(value: Decimal | None):
    return None if value is None else float(value)


def index_xlsx(rows: list[IndexRow], reports: list[ReportRow], *, title: str) -> bytes:
    book = XlsxBook()
    sheet = book.sheet(
        "目录索引",
        [
            XlsxColumn("方面", 18, align="wrap"),
            XlsxColumn("指标", 18, align="wrap"),
            XlsxColumn("编号", 9, align="center"),
            XlsxColumn("测评项目", 36, align="wrap"),
            XlsxColumn("分值", 8, number_format="0.00"),
            XlsxColumn("自评得分", 9, number_format="0.00"),
            XlsxColumn("局评得分", 9, number_format="0.00"),
            XlsxColumn("材料数", 8),
            XlsxColumn("达标情况", 10, align="center"),
            XlsxColumn("差距", 36, align="wrap"),
            XlsxColumn("文件夹", 40, align="wrap"),
        ],
        title=title,
        borders=True,
    )
    for r in rows:
        f = r.figures
        sheet.append(
            [
                r.aspect,
                r.indicator,
                r.code,
                r.title,
                _num(f.points),
                _num(f.self_score),
                _num(f.bureau_score),
                r.files,
                f.state_label,
                "；".join(f.gaps),
                r.folder,
            ]
        )
    rep = book.sheet(
        "说明报告",
        [
            XlsxColumn("指标", 30, align="wrap"),
            XlsxColumn("字数", 8),
            XlsxColumn("最后修改", 24),
            XlsxColumn("文件", 50, align="wrap"),
        ],
        title="说明报告",
        borders=True,
    )
    for r in reports:
        rep.append([r.indicator, r.chars, r.edited, r.path])
    return book.save()


def _document():
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return d


def _title(d, text: str, size: int = 22):
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    run.font.name = TITLE_FONT
    run.element.rPr.rFonts.set(qn("w:eastAsia"), TITLE_FONT)
    return p


def _save(d) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def cover_docx(c: Contents) -> bytes:
    """封面及说明: unit, campaign, standard, date, and the contents (the aspects' folders)."""
    d = _document()
    for _ in range(4):
        d.add_paragraph()
    _title(d, c.unit, 26)
    _title(d, c.campaign, 20)
    _title(d, "迎检台账", 28)
    for _ in range(3):
        d.add_paragraph()
    for label, value in (("测评体系", c.standard), ("编制单位", c.unit), ("编制日期", c.date)):
        p = d.add_paragraph(f"{label}：{value}")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_page_break()
    _title(d, "说明", 18)
    d.add_paragraph(
        f"本台账按《{c.standard}》的方面、指标、测评项目顺序编排，每个测评项目一个文件夹，内含经创建办审核通过的"
        f"台账材料（现行版本）、得分说明及关联的活动和会议记录；每个指标附说明报告。共 {c.items} 个测评项目、"
        f"{c.files} 份材料。各项目的分值、自评得分、局评得分、材料数、达标情况及差距见“目录索引.xlsx”。"
    )
    _title(d, "目录", 16)
    for line in c.aspects:
        d.add_paragraph(line)
    return _save(d)


def report_docx(*, indicator: str, text: str, edited: str) -> bytes:
    d = _document()
    _title(d, f"{indicator}说明报告", 16)
    for para in text.splitlines() or [""]:
        d.add_paragraph(para)
    p = d.add_paragraph(edited)
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(d)


def score_txt(*, code: str, title: str, f: ItemFigures, files: list[str]) -> bytes:
    """The item's score explanation: its rule and the lines that add up to its score (the
    progress page's), the bureau's score, the state and its gaps, and the files of the folder."""
    lines = [f"{code} {title}", f"分值：{f.points}    自评得分：{f.self_score}"]
    if f.bureau_score is not None:
        lines.append(f"局评得分：{f.bureau_score}")
    if f.rule:
        lines.append(f"评分方法：{f.rule}")
    lines.append("")
    lines.append("得分明细：")
    for ln in f.lines:
        lines.append(f"  {ln.get('points', '')}  {ln.get('text', '')}")
    lines.append("")
    lines.append(f"达标情况：{f.state_label}")
    for gap in f.gaps:
        lines.append(f"  差距：{gap}")
    lines.append("")
    lines.append(f"台账材料（{len(files)} 份）：")
    lines.extend(f"  {name}" for name in files)
    # UTF-8 with a byte order mark and CRLF: Windows Notepad shows the Chinese right.
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
