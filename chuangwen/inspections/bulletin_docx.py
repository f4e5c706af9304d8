"""The 通报 document itself: a Word template (docxtpl) filled with the period's figures.

The template holds the layout the office may change in Word (红头 letterhead, fonts, the fixed
wording, the requirements and the closing: ``bulletin_templates``); this module turns
``BulletinData`` into the fields the template uses (``template_fields``) and renders it. The
figures are computed here from ``stats`` only, never in the template. Templates run
(``reports.documents.render_template``) in Jinja's sandbox with strict undefined names, so an
uploaded template can neither reach Python objects nor silently drop a field. Photos are the
stored thumbnails (small JPEGs), two per row; a photo without one gets a thumbnail made on the
fly, and an unreadable one a note instead."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, RGBColor
from docxtpl import DocxTemplate
from PIL import Image, ImageOps, UnidentifiedImageError

from chuangwen.reports.documents import render_template

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
    template: bytes | None = None  # the issuing office's .docx; None: the shipped default

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
    """The bulletin as .docx bytes, from ``data.template`` (or the default). ``progress(done,
    total)`` is called as the findings and their photos are prepared."""
    from .bulletin_templates import default_template

    tpl = DocxTemplate(io.BytesIO(data.template or default_template()))
    return render_template(tpl, template_fields(data, tpl, progress))


def template_fields(data: BulletinData, tpl: DocxTemplate, progress=None) -> dict:
    """Every field the template may use (``bulletin_templates.FIELDS`` describes them)."""
    t = data.totals
    return {
        "issuer": data.issuer,
        "doc_no": data.doc_no,
        "title": data.title,
        "unit_name": data.unit_name,
        "period": data.period.label(),
        "date": cn_date(data.today),
        "intro": _intro(data),
        "summary": _summary(data) if t.total else "本期督查未发现问题。",
        "department_rows": [_figure_row(d.name, d) for d in data.departments],
        "total_row": _figure_row("合计", t),
        "ranking_rows": [
            [str(i), d.name, str(d.total), d.rate_text, str(d.overdue), d.points_text]
            for i, d in enumerate(data.ranking, 1)
        ],
        "groups": _groups(data, tpl, progress),
        "praise": _praise(data),
        "criticism": _criticism(data),
    }


def _intro(data: BulletinData) -> str:
    rounds = f"共{data.totals.rounds}轮次" if data.totals.rounds else ""
    organiser = "院创建办" if data.issuer.startswith(data.unit_name) else data.issuer
    return (
        f"为深入推进文明单位创建工作，落实“每月一次督查通报”制度，{data.period.label()}，"
        f"{organiser}会同相关职能科室对{data.unit_name}各科室开展了文明创建督查检查{rounds}"
        "（含自查、督查、暗访及上级检查），现将督查发现问题及整改落实情况通报如下："
    )


def _summary(data: BulletinData) -> str:
    t = data.totals
    return (
        f"本期共发现问题{t.total}个，涉及{t.departments}个科室，其中严重问题{t.serious}个、"
        f"一般问题{t.general}个、轻微问题{t.minor}个，上级检查发现问题{t.from_above}个，"
        f"累计扣分{t.points_text}分。截至{cn_date(data.today)}，已整改销号{t.closed}个，"
        f"整改率{t.rate_text}；尚未销号{t.open}个，其中逾期未整改{t.overdue}个；"
        f"已销号问题平均整改用时{t.avg_days_text}天。"
    )


def _praise(data: BulletinData) -> str:
    praised = data.praised
    if not praised:
        return "本期无按期完成全部问题整改的科室。"
    names = "、".join(d.name for d in praised)
    return (
        f"{names}等{len(praised)}个科室对督查发现的问题高度重视，立行立改，"
        "均在规定期限内完成整改并通过复查销号，予以通报表扬。"
    )


def _criticism(data: BulletinData) -> str:
    criticised = data.criticised
    if not criticised:
        return "本期无逾期未整改的问题。"
    names = "、".join(f"{d.name}（逾期{d.overdue}个）" for d in criticised)
    return (
        f"{names}存在逾期未整改问题，予以通报批评。请上述科室负责人高度重视，"
        "于接到本通报后3个工作日内完成整改，并将整改情况书面报院创建办；"
        "逾期仍未整改的，按照量化考核办法扣减科室考核分。"
    )


def _groups(data: BulletinData, tpl: DocxTemplate, progress) -> list[dict]:
    """The findings by department: a heading, then each finding's line and its photos in rows
    of two (``{"image": ..., "caption": ...}``; an empty cell pads an odd count)."""
    by_department: dict[int | None, list[Finding]] = {}
    for f in data.findings:
        by_department.setdefault(f.department_id, []).append(f)
    groups, done, total = [], 0, len(data.findings)
    for g, items in enumerate(by_department.values(), 1):
        name = items[0].department.name if items[0].department else stats.NO_DEPARTMENT
        rows = []
        for n, f in enumerate(items, 1):
            cells = [_photo_cell(tpl, photo, i) for i, photo in enumerate(data.photos.get(f.pk, []), 1)]
            if len(cells) % 2:
                cells.append({"image": "", "caption": ""})
            pairs = [cells[i : i + 2] for i in range(0, len(cells), 2)]
            rows.append({"line": _finding_line(n, f), "photo_rows": pairs})
            done += 1
            if progress:
                progress(done, total)
        groups.append({"heading": f"（{cn_ordinal(g)}）{name}（{len(items)}个问题）", "findings": rows})
    return groups


def _finding_line(n: int, f: Finding) -> str:
    head = f"{n}.【{SEVERITY_LABELS.get(f.severity, f.severity)}】{f.description.strip().rstrip('。')}。"
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
    return head + "；".join(details) + "。"


def _photo_cell(tpl: DocxTemplate, photo: FindingPhoto, number: int) -> dict:
    caption = f"{STAGE_LABELS.get(photo.stage, photo.stage)}{number}"
    blob = _thumbnail(photo)
    try:
        image = DocxImage.from_blob(blob) if blob is not None else None
    except (UnrecognizedImageError, ValueError, OSError):
        image = None
    if image is None:
        return {"image": "", "caption": caption + "（照片无法读取）"}
    return {"image": _Photo(tpl, image), "caption": caption}


class _Photo:
    """A picture the template prints where it says ``{{ cell.image }}``: the drawing's XML, its
    image part added through ``_Pictures`` (docxtpl's InlineImage takes python-docx's quadratic
    ``add_picture`` path)."""

    def __init__(self, tpl: DocxTemplate, image: DocxImage):
        self.tpl, self.image = tpl, image

    def __html__(self) -> str:
        pictures = getattr(self.tpl, "_chuangwen_pictures", None)
        if pictures is None or pictures.part is not self.tpl.docx.part:
            pictures = self.tpl._chuangwen_pictures = _Pictures(self.tpl.docx)
        inline = pictures.inline(self.image, PHOTO_WIDTH)
        return f'</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


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

    def inline(self, image: DocxImage, width) -> CT_Inline:
        self.image_no += 1
        part = ImagePart.from_image(image, PackURI(f"/word/media/image{self.image_no}.{image.ext}"))
        self.image_parts.append(part)
        self.rid += 1
        rid = f"rId{self.rid}"
        self.part.rels.add_relationship(RT.IMAGE, part, rid)
        self.shape_id += 1
        cx, cy = image.scaled_dimensions(width, None)
        return CT_Inline.new_pic_inline(self.shape_id, rid, image.filename, cx, cy)


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
