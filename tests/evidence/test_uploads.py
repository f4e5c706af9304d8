"""Uploads: the type comes from the content, sizes are limited, names are generated, photos lose
their EXIF location and get a thumbnail."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from chuangwen.evidence import uploads
from chuangwen.evidence.models import EvidenceFile
from tests import file_samples

from .conftest import PDF_BYTES, docx_bytes, jpeg_bytes, pdf, photo, upload, xlsx_bytes

GPS_IFD = 0x8825


def _prepare(name, content):
    with translation.override("en"):
        return uploads.prepare_upload(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "kind", "ext"),
    [
        ("现场.jpg", jpeg_bytes(), "image", "jpg"),
        ("通知.pdf", PDF_BYTES, "pdf", "pdf"),
        ("会议记录.docx", docx_bytes(), "word", "docx"),
        ("签到表.xlsx", xlsx_bytes(), "excel", "xlsx"),
        ("blob", PDF_BYTES, "pdf", "pdf"),
    ],
)
def test_type_is_found_in_the_content(name, content, kind, ext):
    with _prepare(name, content) as p:
        assert (p.kind, p.type.ext) == (kind, ext)
        assert Path(p.path).exists()


def test_ole2_word_and_excel_are_told_apart():
    with _prepare("a.doc", file_samples.doc_bytes()) as p:
        assert p.type.key == "doc"
    with _prepare("a.xls", file_samples.xls_bytes()) as p:
        assert p.type.key == "xls"


def test_ole2_header_without_a_readable_directory_is_refused():
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(ValidationError):
        _prepare("a.doc", header + "WordDocument".encode("utf-16-le") + b"\0" * 100)


def test_text_named_jpg_is_refused():
    with pytest.raises(ValidationError) as exc:
        _prepare("照片.jpg", b"just some text, not a photo")
    assert "照片.jpg" in exc.value.messages[0]
    assert "only photos (JPEG, PNG), PDF, Word (.doc, .docx) and Excel (.xls, .xlsx)" in exc.value.messages[0]


def test_pdf_renamed_docx_is_refused_naming_both_types():
    with pytest.raises(ValidationError) as exc:
        _prepare("方案.docx", PDF_BYTES)
    assert exc.value.messages == ["The content of the file “方案.docx” is not a Word document (it is a PDF)."]


def test_zip_that_is_not_office_is_refused():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        _prepare("x.docx", buf.getvalue())


def test_size_limit_is_checked_before_reading(settings):
    settings.EVIDENCE_MAX_BYTES = 1000

    class Huge:
        name = "big.pdf"
        size = 5000

        def chunks(self, size=None):
            raise AssertionError("read although too large")

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        uploads.prepare_upload(Huge())
    assert "big.pdf" in exc.value.messages[0]


def test_size_limit_holds_when_the_declared_size_lies(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    f = upload("x.pdf", PDF_BYTES + b"0" * 500)
    f.size = 10
    with pytest.raises(ValidationError):
        uploads.prepare_upload(f)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        _prepare("x.pdf", b"")


def _gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90
    exif[0x8769] = {0x9003: "2026:03:15 09:30:00"}
    exif[GPS_IFD] = {1: "N", 2: (28.0, 10.0, 30.0), 3: "E", 4: (112.0, 58.0, 1.0)}
    return jpeg_bytes(size=(800, 600), exif=exif.tobytes())


def test_gps_exif_is_removed_and_orientation_applied(world, ledger, make_evidence):
    raw = _gps_jpeg()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(GPS_IFD)
    e = make_evidence(world.office, files=[upload("IMG_0001.JPG", raw, "image/jpeg")])
    f = e.files.get()
    with f.file.open("rb") as fh, Image.open(fh) as img:
        assert not img.getexif().get_ifd(GPS_IFD)
        assert 0x0112 not in img.getexif()
        assert img.size == (600, 800)  # rotated upright
    assert str(f.taken_on) == "2026-03-15"
    assert f.kind == EvidenceFile.Kind.IMAGE
    with f.thumbnail.open("rb") as fh, Image.open(fh) as thumb:
        assert max(thumb.size) == 320
        assert thumb.format == "JPEG"


def test_stored_name_is_generated_not_the_original(world, ledger, make_evidence):
    e = make_evidence(world.office, files=[pdf("../../etc/passwd 通知.pdf")])
    f = e.files.get()
    stored = Path(f.file.name)
    assert f.original_name == "passwd 通知.pdf"
    assert "passwd" not in f.file.name and "通知" not in f.file.name
    assert stored.suffix == ".pdf"
    assert f.file.name.startswith(f"evidence/{world.a.pk}/")
    assert len(stored.stem) == 32
    assert f.sha256 and f.size == len(PDF_BYTES)


def test_photo_sent_with_png_content_is_stored_as_png(world, ledger, make_evidence):
    buf = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 255, 128)).save(buf, "PNG")
    e = make_evidence(world.office, files=[upload("图.png", buf.getvalue())])
    f = e.files.get()
    assert f.content_type == "image/png" and f.file.name.endswith(".png") and f.thumbnail


def test_damaged_jpeg_is_refused():
    with pytest.raises(ValidationError):
        _prepare("坏.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100)


def test_photo_helper_gives_a_real_jpeg():
    assert photo().read(3) == b"\xff\xd8\xff"
