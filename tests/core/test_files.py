"""``chuangwen.core.files`` and ``filetypes`` in detail: what counts as a PDF, how zip bounds are
read, names made safe, and ``file_response`` refusing to show anything but pictures inline."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chuangwen.core import files, filetypes
from tests import file_samples as s


def _sniff(tmp_path, content: bytes):
    path = tmp_path / "upload"
    path.write_bytes(content)
    return filetypes.sniff(str(path))


def _pdf_with_xref_stream() -> bytes:
    """A PDF 1.5 file whose cross-reference is a stream object (no ``xref`` table, no ``trailer``)."""
    body = b"%PDF-1.5\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    offset = len(body)
    body += b"3 0 obj<</Type/XRef/Size 4/W[1 2 1]/Root 1 0 R/Length 0>>stream\n\nendstream\nendobj\n"
    return body + b"startxref\n" + str(offset).encode() + b"\n%%EOF\n"


def test_pdf_with_an_xref_stream_is_a_pdf(tmp_path):
    assert _sniff(tmp_path, _pdf_with_xref_stream()) == "pdf"


def test_pdf_whose_startxref_points_nowhere_and_has_no_trailer_is_damaged(tmp_path):
    broken = _pdf_with_xref_stream().replace(b"startxref\n", b"startxref\n9")
    with pytest.raises(filetypes.Refused) as exc:
        _sniff(tmp_path, broken)
    assert (exc.value.code, exc.value.key) == (filetypes.DAMAGED, "pdf")


def test_zip_member_count_is_read_before_zipfile_lists_the_members(tmp_path, monkeypatch):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for n in range(30):
            zf.writestr(f"p{n}.xml", "")
    with open(path, "rb") as fh:
        assert filetypes.zip_declared_members(fh) == 30
    monkeypatch.setattr(zipfile, "ZipFile", None)  # refused before zipfile is used at all
    with pytest.raises(filetypes.Refused):
        filetypes.check_zip_bounds(str(path), max_members=10)


def test_xlsx_with_a_strict_namespace_root_is_still_a_workbook(tmp_path):
    parts = s.docx_parts()
    parts["[Content_Types].xml"] = s.content_types(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    ).replace("/word/document.xml", "/xl/workbook.xml")
    parts["_rels/.rels"] = s.RELS.replace("word/document.xml", "/xl/workbook.xml")
    parts["xl/workbook.xml"] = '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'
    del parts["word/document.xml"]
    assert _sniff(tmp_path, s.package(parts)) == "xlsx"


def test_presentation_is_recognised_as_none_of_our_types(tmp_path):
    pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    assert _sniff(tmp_path, s.package(s.docx_parts(**{"[Content_Types].xml": s.content_types(pptx)}))) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override: reads as "invoiceexe.pdf"
        ("a\x00b\r\n.pdf", "ab.pdf"),
        ("\u200b", "unnamed"),
    ],
)
def test_clean_name_drops_directories_controls_and_invisible_formatting(raw, clean):
    with translation.override("en"):
        assert files.clean_name(raw) == clean


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [("payload.exe", "pdf", "payload.pdf"), ("blob", "docx", "blob.docx"), ("通知.PDF", "pdf", "通知.pdf")],
)
def test_download_name_takes_the_extension_of_the_type(name, key, expected):
    assert files.download_name(name, filetypes.TYPES[key]) == expected


class _Stored:
    def __init__(self, content: bytes):
        self.content = content

    def open(self, mode="rb"):
        return ContentFile(self.content)


@pytest.mark.parametrize(
    ("content_type", "disposition", "served_as"),
    [
        ("image/jpeg", "inline", "image/jpeg"),
        ("image/png", "inline", "image/png"),
        ("image/heic", "attachment", "image/heic"),
        ("application/pdf", "attachment", "application/pdf"),
        ("text/html", "attachment", "application/octet-stream"),
    ],
)
def test_file_response_shows_only_pictures_inline_even_when_asked(content_type, disposition, served_as):
    r = files.file_response(_Stored(b"x"), content_type=content_type, filename="a", inline=True)
    assert r["Content-Disposition"].split(";")[0] == disposition
    assert r["Content-Type"] == served_as and r["X-Content-Type-Options"] == "nosniff"


def test_heic_is_refused_with_a_hint_when_no_decoder_is_installed(monkeypatch):
    monkeypatch.setattr(files, "HEIF_DECODER", False)
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 100
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        files.prepare_upload(SimpleUploadedFile("IMG_0001.HEIC", heic))
    assert "“IMG_0001.HEIC” is in HEIC format" in exc.value.messages[0] and "JPEG or PNG" in exc.value.messages[0]


def test_pixel_limit_is_the_declared_setting(settings):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (2000, 1000)).save(buf, "PNG")
    settings.UPLOAD_MAX_IMAGE_PIXELS = 2_000_000
    with files.prepare_upload(SimpleUploadedFile("a.png", buf.getvalue())) as p:
        assert p.type.key == "png"
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        files.prepare_upload(SimpleUploadedFile("a.png", buf.getvalue()))
    assert exc.value.messages == [
        "The picture “a.png” has too many pixels (more than 1 megapixels); send it at a lower resolution."
    ]


def test_pillow_bomb_guard_above_a_raised_setting_still_answers_too_large(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10**12  # our check lets it through; Pillow's own guard refuses it
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        files.prepare_upload(SimpleUploadedFile("pano.png", s.png_bomb()))
    assert "has too many pixels" in exc.value.messages[0]
