"""Fixtures of the inspection tests: hospital A's campaign on a standard, A's self-check round
(inspector ``world.inspector``) with a checklist from standard items and a free line, and a
supervision round of the bureau over A and B; helpers to make photos and findings."""

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from chuangwen.inspections.models import InspectionRound
from chuangwen.inspections.services.findings import finding_dispatch, finding_record, finding_respond
from chuangwen.inspections.services.rounds import round_create
from tests import factories as f


def jpeg_bytes(size=(640, 480), color=(200, 60, 40)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def photo(name="走廊.jpg", **kw) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


def png(name="标识.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def insp(world):
    """What the inspection tests share (``insp.self_round``, ``insp.bureau_round``, ``insp.items``...)."""
    w = world
    std = f.standard(w.bureau, applies_to=w.county_x, aspects=1, indicators=1, items=3)
    camp = f.campaign(w.a, std)
    items = list(std.items.order_by("order"))
    today = timezone.localdate()
    self_round = round_create(
        user=w.office,
        owner_unit=w.a,
        kind=InspectionRound.Kind.SELF_CHECK,
        title="10月创建工作自查",
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=10),
        target_units=[w.a],
        target_departments=[w.a_med, w.a_surg],
        inspectors=[w.inspector],
        items=items[:2],
        free_checks=["病区走廊无杂物堆放"],
    )
    bureau_round = round_create(
        user=w.supervisor,
        owner_unit=w.bureau,
        kind=InspectionRound.Kind.SUPERVISION,
        title="全县医疗机构创建工作督查",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=5),
        target_units=[w.a, w.b],
        inspectors=[w.supervisor],
        free_checks=["医务人员佩戴工作牌", "吸烟区标识规范"],
    )
    return SimpleNamespace(
        standard=std,
        campaign=camp,
        items=items,
        self_round=self_round,
        bureau_round=bureau_round,
        today=today,
        deadline=today + timedelta(days=7),
    )


@pytest.fixture
def record(world, insp):
    """``record(**overrides)``: a finding of A's self-check in 内科, by the inspector."""

    def _record(**kw):
        args = {
            "user": world.inspector,
            "unit": world.a,
            "round": insp.self_round,
            "department": world.a_med,
            "item": insp.items[0],
            "description": "病区走廊杂物堆放，消防通道不畅",
            "location": "住院部3楼东侧走廊",
            "severity": "general",
            "points_deducted": 1,
            "photos": [photo()],
        }
        args.update(kw)
        return finding_record(**args)

    return _record


@pytest.fixture
def ordered(world, insp, record):
    """``ordered()``: a finding dispatched by A's office to 内科 (person 李娜, the staff user)."""

    def _ordered(**kw):
        finding = record(**kw)
        return finding_dispatch(
            finding=finding,
            user=world.office,
            department=world.a_med,
            responsible_person=world.a_p1,
            deadline=insp.deadline,
        )

    return _ordered


@pytest.fixture
def responded(world, ordered):
    def _responded(**kw):
        finding = ordered(**kw)
        return finding_respond(
            finding=finding, user=world.head, text="已清理走廊杂物，张贴禁止堆放提示", expected_version=finding.version
        )

    return _responded


def date_days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)
