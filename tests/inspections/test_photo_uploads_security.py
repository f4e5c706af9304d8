"""Finding photos keep only what they claim to be (issue 11, item 3 and the bomb image of item
11), through the inspection API: only JPEG/PNG decoded in full, no metadata after re-encoding,
a decompression bomb is "too large", photos are served inline with their exact type and a name
ending in the type found."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.inspections.models import Finding, FindingPhoto
from tests import file_samples as s


@pytest.fixture
def report(world, insp, call):
    """``report(name, content)``: a finding of A's self-check with one photo, by the inspector."""

    def _report(name, content):
        return call(
            world.inspector,
            "post",
            "/api/inspections/findings",
            data={
                "unit": world.a.pk,
                "round": insp.self_round.pk,
                "description": "病区走廊杂物堆放",
                "photos": [SimpleUploadedFile(name, content, content_type="application/octet-stream")],
            },
        )

    return _report


def refusal(r) -> str:
    assert r.status_code == 422, r.content
    err = r.json()["errors"][0]
    assert err["field"] == "photos"
    assert not Finding.objects.exists() and not FindingPhoto.objects.exists()
    return err["message"]


def test_decompression_bomb_is_too_large_not_damaged(report):
    message = refusal(report("走廊.png", s.png_bomb()))
    assert "图片像素过大" in message and "走廊.png" in message and "损坏" not in message


@pytest.mark.parametrize(
    "content",
    [s.package(s.docx_parts(**{"word/vbaProject.bin": b"vba"})), b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"],
    ids=["macro-docx", "fake-heic"],
)
def test_anything_but_a_jpeg_or_png_is_refused_as_not_a_photo(report, content):
    message = refusal(report("走廊.jpg", content))
    assert "走廊.jpg" in message and "JPEG" in message and "PNG" in message


def test_photo_is_reencoded_without_comment_xmp_or_exif(report, world, login):
    r = report("IMG_0001.JPG", s.jpeg_with_metadata())
    assert r.status_code == 201, r.content
    p = FindingPhoto.objects.get()
    for field in (p.file, p.thumbnail):
        with field.open("rb") as fh:
            data = fh.read()
        for marker in (b"<script", b"xmp-payload", b"Exif", b"ICC_PROFILE"):
            assert marker not in data, (field.name, marker)


def test_photo_is_served_inline_with_its_type_and_a_name_from_the_type(report, world, login, call):
    assert report("走廊.exe", s.jpeg_with_metadata()).status_code == 201
    p = FindingPhoto.objects.get()
    for r in (
        login(world.office).get(reverse("inspections:photo", args=[p.pk])),
        call(world.office, "get", f"/api/inspections/photos/{p.pk}/download"),
    ):
        assert r.status_code == 200
        assert r["Content-Type"] == "image/jpeg" and r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Disposition"] == "inline; filename*=utf-8''%E8%B5%B0%E5%BB%8A.jpg"
