"""Fixtures of the evidence tests: a campaign of hospital A with a task of 内科 (responsible
person 李娜, the staff user) linked to items with rules, and the same for hospital B."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests import factories as f

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def jpeg_bytes(size=(800, 600), color=(200, 40, 40), exif=None) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    if exif is not None:
        img.save(buf, "JPEG", exif=exif)
    else:
        img.save(buf, "JPEG")
    return buf.getvalue()


def docx_bytes(text="会议记录") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "签到表"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(name="现场.jpg", **kw):
    return upload(name, jpeg_bytes(**kw), "image/jpeg")


def pdf(name="通知.pdf"):
    return upload(name, PDF_BYTES, "application/pdf")


class Ledger:
    pass


@pytest.fixture
def ledger(world):
    g = Ledger()
    g.std = f.standard(world.bureau, applies_to=world.county_x, aspects=1, indicators=1, items=3)
    items = list(g.std.items.order_by("order"))
    g.item_photos, g.item_doc, g.item_plain = items
    g.item_photos.rules = [{"type": "min_photos", "count": 2}]
    g.item_photos.save()
    g.item_doc.rules = [{"type": "requires_doc_number"}, {"type": "date_window_months", "months": 24}]
    g.item_doc.save()
    g.campaign = f.campaign(world.a, g.std)
    g.task = f.task(g.campaign, world.a_med, person=world.a_p1, items=[g.item_photos, g.item_doc])
    g.task_surg = f.task(g.campaign, world.a_surg, title="院内环境整治", items=[g.item_plain])
    g.campaign_b = f.campaign(world.b, g.std)
    g.task_b = f.task(g.campaign_b, world.b_med, items=[g.item_photos])
    return g


@pytest.fixture
def make_evidence(ledger):
    """``make_evidence(user, task=None, item=None, files=(), submit=False, **fields)``."""
    from chuangwen.evidence import services

    def _make(user, task=None, item=None, files=(), submit=False, **fields):
        task = task or ledger.task
        if item is None and task == ledger.task:
            item = ledger.item_photos
        fields.setdefault("title", "3月政治学习")
        fields.setdefault("occurred_on", date.today())
        e = services.evidence_create(task=task, user=user, item=item, files=files, **fields)
        if submit:
            services.evidence_submit(evidence=e, user=user)
        return e

    return _make
