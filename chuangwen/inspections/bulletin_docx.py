"""The 通报 document itself: python-docx, laid out like a government notice (GB/T 9704 margins,
红头 with the issuing office and 文号, 仿宋 body, 黑体 / 楷体 headings). ``bulletins`` collects the
data; this module only writes it. Photos are the stored thumbnails (small JPEGs), two per row;
a photo without one gets a thumbnail made on the fly, and an unreadable one a note instead."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageOps, UnidentifiedImageError

from . import stats
from .models import Finding, FindingPhoto

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
RED = RGBColor(0xC0, 0x00, 0x00)
BODY_PT = 16  # 三号
TABLE_PT = 10.5  # 五号
PHOTO_WIDTH = Cm(7.0)
THUMBNAIL = (320, 320)

STATE_LABELS = {
    Finding.State.OPEN: "待分派",
    Finding.State.ORDERED: "整改中",
    Finding.State.RESPONDED: "待复查",
    Finding.State.CLOSED: "已销号",
}
SEVERITY_LABELS = {
    Finding.Severity.MINOR: "轻微",
    Finding.Severity.GENERAL: "一般",
    Finding.Severity.SERIOUS: "严重",
}
STAGE_LABELS = {
    FindingPhoto.Stage.FOUND: "问题照片",
    FindingPhoto.Stage.RESPONSE: "整改后",
    FindingPhoto.Stage.RECHECK: "复查",
}
CN_NUMBERS = "一二三四五六七八九十"
DEPARTMENT_HEADERS = ["科室", "问题数", "已销号", "未销号", "逾期", "整改率", "平均整改天数", "扣分"]
RANKING_HEADERS = ["名次", "科室", "问题数", "整改率", "逾期", "扣分"]
NEXT_STEPS = [
    "（一）提高思想认识。各科室要充分认识精神文明建设的重要性、必要性和长期性，"
    "把文明单位的要求落实到岗位、落实到个人，做到人人参与、齐抓共管。",
    "（二）狠抓整改落实。对本次督查发现的问题，各科室要逐条对照、立行立改、举一反三，"
    "在规定期限内整改到位并报请复查销号，建立长效机制，防止问题反弹。",
    "（三）坚持痕迹管理。各科室要及时收集整改前后照片及相关资料，做好台账归档。"
    "院创建办将继续开展经常性督查、暗访和“回头看”，坚持每月一次督查通报，"
    "督查结果纳入科室量化考核。",
]


def cn_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cn_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二 (enough for section and department numbers up to 99)."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


@dataclass
class BulletinData:
    title: str
    unit_name: str
    issuer: str
    doc_no: str
    period: stats.Period
    today: datetime.date
    totals: stats.Totals
    departments: list[stats.DepartmentFigures]
    ranking: list[stats.DepartmentFigures]
    findings: list[Finding]
    photos: dict[int, list[FindingPhoto]] = field(default_factory=dict)

    @property
    def praised(self) -> list[stats.DepartmentFigures]:
        """表扬: departments whose findings are all closed, none after its deadline."""
        return [d for d in self.departments if d.department_id is not None and d.all_closed_on_time]

    @property
    def criticised(self) -> list[stats.DepartmentFigures]:
        """批评: departments with overdue findings, most overdue first (findings without a
        department are counted in the table but name nobody)."""
        named = (d for d in self.departments if d.overdue and d.department_id is not None)
        return sorted(named, key=lambda d: (-d.overdue, d.name))

    def numbers(self) -> dict:
        """The figures written in the document, kept on the Bulletin row."""
        return {
            "issuer": self.issuer,
            "doc_no": self.doc_no,
            "as_of": self.today.isoformat(),
            "period": self.period.label(),
            "totals": self.totals.as_dict(),
            "departments": [d.as_dict() for d in self.departments],
            "ranking": [
                {"rank": i, "department_id": d.department_id, "name": d.name} for i, d in enumerate(self.ranking, 1)
            ],
            "praised": [d.name for d in self.praised],
            "criticised": [{"name": d.name, "overdue": d.overdue} for d in self.criticised],
            "photos": sum(len(p) for p in self.photos.values()),
        }


def render_docx(data: BulletinData, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The bulletin as .docx bytes. ``progress(done, total)`` is called as findings are written."""
    w = _Writer()
    w.header(data)
    w.summary(data)
    w.department_table(data)
    w.ranking(data)
    w.findings(data, progress)
    w.praise_and_criticism(data)
    w.next_steps()
    w.closing(data)
    buffer = io.BytesIO()
    w.doc.save(buffer)
    return buffer.getvalue()


def _set_font(run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if color is not None:
        run.font.color.rgb = color


def _bottom_border(paragraph, color: str = "C00000", size: int = 18) -> None:
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


class _Pictures:
    """Adds pictures in constant time each. python-docx's ``add_picture`` rescans the whole
    document for the next shape id and every image part for a duplicate and a free name, which
    is quadratic: 600 photos took 10 s that way, about 0.5 s this way. The counters start past
    what the template holds; only pictures add shape ids and relationships here."""

    def __init__(self, doc):
        self.part = doc.part
        self.image_parts = self.part.package.image_parts
        ids = [int(i) for i in self.part.element.xpath("//@id") if i.isdigit()]
        self.shape_id = max(ids, default=0)
        rids = [int(r[3:]) for r in self.part.rels if r.startswith("rId") and r[3:].isdigit()]
        self.rid = max(rids, default=0)
        self.image_no = len(self.image_parts)

    def add(self, run, blob: bytes, width) -> None:
        image = DocxImage.from_blob(blob)
        self.image_no += 1
        part = ImagePart.from_image(image, PackURI(f"/word/media/image{self.image_no}.{image.ext}"))
        self.image_parts.append(part)
        self.rid += 1
        rid = f"rId{self.rid}"
        self.part.rels.add_relationship(RT.IMAGE, part, rid)
        self.shape_id += 1
        cx, cy = image.scaled_dimensions(width, None)
        run._r.add_drawing(CT_Inline.new_pic_inline(self.shape_id, rid, image.filename, cx, cy))


class _Writer:
    def __init__(self):
        self.doc = Document()
        self.pictures = _Pictures(self.doc)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.section_no = 0

    # --- building blocks -------------------------------------------------------------------
    def para(
        self, text: str = "", *, font: str = BODY_FONT, size: float = BODY_PT, bold=False, indent=True, align=None
    ):
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

    def heading(self, text: str) -> None:
        self.section_no += 1
        self.para(f"{cn_ordinal(self.section_no)}、{text}", font=HEADING_FONT)

    def table(self, headers: list[str], rows: list[list[str]], *, bold_last=False):
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            self._cell(cell, text, bold=True)
        for i, row in enumerate(rows):
            cells = t.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                self._cell(cell, text, bold=bold_last and i == len(rows) - 1)
        return t

    @staticmethod
    def _cell(cell, text: str, *, bold=False) -> None:
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(text), BODY_FONT, TABLE_PT, bold=bold)

    # --- sections --------------------------------------------------------------------------
    def header(self, data: BulletinData) -> None:
        self.para(data.issuer, font=TITLE_FONT, size=26, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.doc.paragraphs[-1].runs[0].font.color.rgb = RED
        no = self.para(data.doc_no, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _bottom_border(no)
        self.para()
        self.para(data.title, font=TITLE_FONT, size=22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para()
        self.para("各科室：", indent=False)

    def summary(self, data: BulletinData) -> None:
        t = data.totals
        rounds = f"共{t.rounds}轮次" if t.rounds else ""
        organiser = "院创建办" if data.issuer.startswith(data.unit_name) else data.issuer
        self.para(
            f"为深入推进文明单位创建工作，落实“每月一次督查通报”制度，{data.period.label()}，"
            f"{organiser}会同相关职能科室对{data.unit_name}各科室开展了文明创建督查检查{rounds}"
            "（含自查、督查、暗访及上级检查），现将督查发现问题及整改落实情况通报如下："
        )
        self.heading("总体情况")
        if not t.total:
            self.para("本期督查未发现问题。")
            return
        self.para(
            f"本期共发现问题{t.total}个，涉及{t.departments}个科室，其中严重问题{t.serious}个、"
            f"一般问题{t.general}个、轻微问题{t.minor}个，上级检查发现问题{t.from_above}个，"
            f"累计扣分{t.points_text}分。截至{cn_date(data.today)}，已整改销号{t.closed}个，"
            f"整改率{t.rate_text}；尚未销号{t.open}个，其中逾期未整改{t.overdue}个；"
            f"已销号问题平均整改用时{t.avg_days_text}天。"
        )

    def department_table(self, data: BulletinData) -> None:
        self.heading("各科室整改情况")
        if not data.departments:
            self.para("本期无。")
            return
        rows = [_figure_row(d.name, d) for d in data.departments]
        rows.append(_figure_row("合计", data.totals))
        self.table(DEPARTMENT_HEADERS, rows, bold_last=True)

    def ranking(self, data: BulletinData) -> None:
        self.heading("科室整改排名")
        if not data.ranking:
            self.para("本期无。")
            return
        self.para("按整改率从高到低排序，整改率相同的按逾期问题、扣分、问题数从少到多排序：")
        rows = [
            [str(i), d.name, str(d.total), d.rate_text, str(d.overdue), d.points_text]
            for i, d in enumerate(data.ranking, 1)
        ]
        self.table(RANKING_HEADERS, rows)

    def findings(self, data: BulletinData, progress) -> None:
        self.heading("督查发现的主要问题")
        if not data.findings:
            self.para("本期无。")
            return
        groups: dict[int | None, list[Finding]] = {}
        for f in data.findings:
            groups.setdefault(f.department_id, []).append(f)
        done, total = 0, len(data.findings)
        for g, (_dept_id, items) in enumerate(groups.items(), 1):
            name = items[0].department.name if items[0].department else stats.NO_DEPARTMENT
            self.para(f"（{cn_ordinal(g)}）{name}（{len(items)}个问题）", font=SUBHEADING_FONT)
            for n, f in enumerate(items, 1):
                self.finding(n, f, data.photos.get(f.pk, []))
                done += 1
                if progress:
                    progress(done, total)

    def finding(self, n: int, f: Finding, photos: list[FindingPhoto]) -> None:
        parts = [f"{n}.【{SEVERITY_LABELS.get(f.severity, f.severity)}】{f.description.strip().rstrip('。')}。"]
        details = [f"发现时间：{cn_date(timezone.localtime(f.found_at).date())}"]
        if f.location:
            details.append(f"地点：{f.location}")
        if f.points_deducted:
            details.append(f"扣分：{f'{f.points_deducted:.2f}'.rstrip('0').rstrip('.')}分")
        if f.responsible_person:
            details.append(f"整改责任人：{f.responsible_person.name}")
        if f.deadline:
            details.append(f"整改期限：{cn_date(f.deadline)}")
        details.append(f"状态：{STATE_LABELS.get(f.state, f.state)}")
        self.para(parts[0] + "；".join(details) + "。")
        if photos:
            self.photo_table(photos)

    def photo_table(self, photos: list[FindingPhoto]) -> None:
        rows = (len(photos) + 1) // 2
        t = self.doc.add_table(rows=rows, cols=2)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        cells = [c for row in t.rows for c in row.cells]
        for i, (cell, photo) in enumerate(zip(cells, photos, strict=False)):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            image = _thumbnail(photo)
            caption = f"{STAGE_LABELS.get(photo.stage, photo.stage)}{i + 1}"
            if image is not None:
                try:
                    self.pictures.add(p.add_run(), image, PHOTO_WIDTH)
                except (UnrecognizedImageError, ValueError, OSError):
                    caption += "（照片无法读取）"
            else:
                caption += "（照片无法读取）"
            cap = cell.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(cap.add_run(caption), BODY_FONT, TABLE_PT)

    def praise_and_criticism(self, data: BulletinData) -> None:
        self.heading("表扬")
        praised = data.praised
        if praised:
            names = "、".join(d.name for d in praised)
            self.para(
                f"{names}等{len(praised)}个科室对督查发现的问题高度重视，立行立改，"
                "均在规定期限内完成整改并通过复查销号，予以通报表扬。"
            )
        else:
            self.para("本期无按期完成全部问题整改的科室。")
        self.heading("批评")
        criticised = data.criticised
        if criticised:
            names = "、".join(f"{d.name}（逾期{d.overdue}个）" for d in criticised)
            self.para(
                f"{names}存在逾期未整改问题，予以通报批评。请上述科室负责人高度重视，"
                "于接到本通报后3个工作日内完成整改，并将整改情况书面报院创建办；"
                "逾期仍未整改的，按照量化考核办法扣减科室考核分。"
            )
        else:
            self.para("本期无逾期未整改的问题。")

    def next_steps(self) -> None:
        self.heading("下一步工作要求")
        for text in NEXT_STEPS:
            self.para(text)

    def closing(self, data: BulletinData) -> None:
        self.para()
        self.para()
        right = WD_ALIGN_PARAGRAPH.RIGHT
        self.para(data.issuer, indent=False, align=right)
        self.para(cn_date(data.today), indent=False, align=right)


def _figure_row(name: str, d: stats.Figures) -> list[str]:
    return [
        name,
        str(d.total),
        str(d.closed),
        str(d.open),
        str(d.overdue),
        d.rate_text,
        d.avg_days_text,
        d.points_text,
    ]


def _thumbnail(photo: FindingPhoto) -> bytes | None:
    """The stored thumbnail, or one made from the photo when it has none; None if unreadable."""
    try:
        if photo.thumbnail:
            with photo.thumbnail.storage.open(photo.thumbnail.name, "rb") as fh:
                return fh.read()
        with photo.file.storage.open(photo.file.name, "rb") as fh:
            image = Image.open(fh)
            image.draft("RGB", THUMBNAIL)
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail(THUMBNAIL)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
