"""荣誉证书: one .docx per awarded nomination from the unit's certificate template (a document kind
of ``reports.documents`` the office owns: letterhead, fonts, the closing line), or the same as PDF
through ``reports.pdf``.

The default template is the certificate as it was built before templates: A4 landscape, 荣 誉 证 书
in red 华文中宋, the recipient, the honour of the year's selection, 特发此证，以资鼓励, the unit and
the date of publication, the certificate number."""

from __future__ import annotations

import functools
import io
import zipfile

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate

from chuangwen.reports import documents
from chuangwen.reports.docx_layout import CENTER, RED, RIGHT, Layout, set_font
from chuangwen.reports.names import safe_component

from .models import Nomination
from .selectors import published_list

KIND = "honour_certificate"
DOCX = documents.DOCX_TYPE
BODY_FONT = "仿宋"
TITLE_FONT = "华文中宋"

FIELDS = [
    ("recipient", gettext_lazy("who is honoured: 李娜 同志, or a department's name")),
    ("person_name", gettext_lazy("the person's name (empty for a department)")),
    ("department", gettext_lazy("the department honoured, or the person's department")),
    ("unit_name", gettext_lazy("name of the unit, e.g. 青溪县人民医院")),
    ("year", gettext_lazy("year of the selection")),
    ("honour", gettext_lazy("the honour, e.g. 最满意护士")),
    ("issuer", gettext_lazy("who awards it (the unit's name)")),
    ("date", gettext_lazy("date of publication, e.g. 2026年12月18日")),
    ("certificate_no", gettext_lazy("certificate number, e.g. 2026-001-001")),
]


def sample_fields() -> dict:
    return {
        "recipient": "李娜 同志",
        "person_name": "李娜",
        "department": "内科",
        "unit_name": "示例医院",
        "year": 2026,
        "honour": "最满意护士",
        "issuer": "示例医院",
        "date": "2026年12月18日",
        "certificate_no": "2026-001-001",
    }


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_fields(nomination: Nomination) -> dict:
    """Every field the certificate template may use (``FIELDS``), from the nomination."""
    selection = nomination.selection
    person = nomination.person if nomination.person_id else None
    department = nomination.department if nomination.department_id else None
    if department is None and person is not None and person.department_id:
        department = person.department
    day = timezone.localtime(selection.published_at).date() if selection.published_at else timezone.localdate()
    return {
        "recipient": f"{person.name} 同志" if person else (department.name if department else ""),
        "person_name": person.name if person else "",
        "department": department.name if department else "",
        "unit_name": selection.unit.name,
        "year": selection.year,
        "honour": nomination.honour_type.name,
        "issuer": selection.unit.name,
        "date": _cn_date(day),
        "certificate_no": nomination.certificate_no,
    }


def _para(layout: Layout, text: str, *, size: float, bold=False, align=None, color=None, font=BODY_FONT, before=0):
    p = layout.doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_before = Pt(before)
    set_font(p.add_run(text), font, size, bold=bold, color=color)
    return p


@functools.cache
def default_template() -> bytes:
    """The shipped certificate (A4 landscape)."""
    layout = Layout()
    section = layout.doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(3.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _para(layout, "荣 誉 证 书", size=42, bold=True, align=CENTER, color=RED, font=TITLE_FONT)
    _para(layout, "{{ recipient }}：", size=22, before=30)
    _para(layout, "在{{ unit_name }}{{ year }}年度评先评优活动中，被评为“{{ honour }}”。", size=22, before=12)
    _para(layout, "特发此证，以资鼓励。", size=22, before=12)
    _para(layout, "{{ issuer }}", size=20, align=RIGHT, before=40)
    _para(layout, "{{ date }}", size=20, align=RIGHT)
    _para(layout, "证书编号：{{ certificate_no }}", size=12, align=RIGHT, before=12)
    return layout.bytes()


def certificate_kind() -> documents.Kind:
    return documents.Kind(
        name=KIND,
        label=gettext_lazy("honour certificate"),
        default=default_template,
        sample=sample_fields,
        fields=FIELDS,
        order=50,
    )


def certificate_docx(nomination: Nomination) -> bytes:
    """The certificate of an awarded nomination, as .docx bytes, from its unit's current template."""
    return documents.render_current(KIND, nomination.selection.unit, certificate_fields(nomination))


def certificates_zip(selection) -> bytes:
    """Every certificate of a published selection (one .docx per awarded nomination, in the order
    of the published list) in one .zip, for the office to print them all at once; each rendered
    from the unit's current template, read once."""
    kind = documents.kind_get(KIND)
    content = documents.template_content(kind, documents.current_template(kind, selection.unit))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, nomination in enumerate(published_list(selection), 1):
            nomination.selection = selection
            data = documents.render_template(DocxTemplate(io.BytesIO(content)), certificate_fields(nomination))
            name = safe_component(f"{i:03d}-荣誉证书-{nomination.honour_type.name}-{nomination.nominee_name}.docx")
            archive.writestr(name, data)
    return out.getvalue()


def certificate_response(nomination: Nomination, *, pdf: bool = False, request=None) -> HttpResponse:
    """The certificate as a download (.docx, or PDF: a 503 with the reason when it cannot be made),
    in the audit log when ``request`` is given."""
    return documents.download(
        certificate_docx(nomination),
        f"荣誉证书-{nomination.honour_type.name}-{nomination.nominee_name}",
        pdf=pdf,
        unavailable=_("The PDF could not be made; download the Word document instead."),
        request=request,
        target=nomination,
        kind=KIND,
    )
