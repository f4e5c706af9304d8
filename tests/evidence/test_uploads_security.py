"""Uploads keep only what they claim to be (issue 11, item 3; the bomb image of item 11): the
attacks found, replayed through the evidence API and pages. Every kept file is an allowed type
proven by parsing it; macros, fake HEIC, broken PDFs and decompression bombs are refused with a
Chinese message naming the file; names come from the type found; only pictures are inline; a
re-encoded photo keeps no metadata."""

import io
import struct

import pytest
from django.urls import reverse
from PIL import Image, ImageCms

from chuangwen.evidence.models import Evidence, EvidenceFile
from tests import file_samples as s

from .conftest import PDF_BYTES, docx_bytes, upload, xlsx_bytes

FAKE_HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"MZ\x90\x00 payload " * 20


@pytest.fixture
def send(world, ledger, call):
    """``send(name, content)``: a new record with one file through the API, as the department head."""

    def _send(name, content, user=None):
        return call(
            user or world.head,
            "post",
            "/api/evidence/records",
            data={
                "task": ledger.task.pk,
                "item": ledger.item_doc.pk,
                "title": "3月政治学习",
                "occurred_on": "2026-03-15",
                "files": [upload(name, content)],
            },
        )

    return _send


def refusal(r) -> str:
    assert r.status_code == 422, r.content
    err = r.json()["errors"][0]
    assert err["field"] == "files"
    assert not Evidence.objects.exists() and not EvidenceFile.objects.exists()
    return err["message"]


def stored(r) -> EvidenceFile:
    assert r.status_code == 201, r.content
    return EvidenceFile.objects.get(pk=r.json()["files"][0]["id"])


# --- only allowed types, proven by parsing --------------------------------------------------


def test_fake_heic_header_is_refused_not_kept_as_other(send):
    message = refusal(send("payload.exe", FAKE_HEIC))
    assert "payload.exe" in message and "HEIC" in message and "JPEG" in message


def test_unknown_content_is_refused_naming_the_file_and_the_allowed_types(send):
    message = refusal(send("setup.exe", b"MZ\x90\x00" + b"\0" * 200))
    assert message == (
        "文件“setup.exe”不能上传：只接受照片（JPEG、PNG）、PDF、Word（.doc、.docx）和 Excel（.xls、.xlsx）文件。"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n",  # a header and nothing else
        b"%PDF-1.7\n<html><script>alert(1)</script></html>\n",  # a polyglot with no PDF structure
        PDF_BYTES.replace(b"%%EOF", b""),  # cut before the end
    ],
    ids=["header-only", "html-polyglot", "truncated"],
)
def test_pdf_without_pdf_structure_is_refused(send, content):
    message = refusal(send("通知.pdf", content))
    assert "通知.pdf" in message and "损坏" in message


def test_real_pdf_with_an_xref_table_is_kept(send):
    from chuangwen.evidence.demo_files import pdf

    assert stored(send("通知.pdf", pdf("Notice"))).kind == EvidenceFile.Kind.PDF


@pytest.mark.parametrize(
    ("content", "kind", "ext"),
    [
        (s.doc_bytes(), "word", "doc"),
        (s.xls_bytes(), "excel", "xls"),
        (docx_bytes(), "word", "docx"),
        (xlsx_bytes(), "excel", "xlsx"),
    ],
    ids=["doc", "xls", "docx", "xlsx"],
)
def test_office_files_are_kept_with_the_extension_of_their_type(send, content, kind, ext):
    f = stored(send("blob", content))
    assert f.kind == kind and f.file.name.endswith("." + ext)


def test_zip_whose_main_part_is_not_the_promised_document_is_refused(send):
    parts = s.docx_parts(**{"word/document.xml": "<html><body><script>alert(1)</script></body></html>"})
    message = refusal(send("方案.docx", s.package(parts)))
    assert "方案.docx" in message and "损坏" in message


def test_package_without_relationships_is_refused(send):
    parts = s.docx_parts()
    del parts["_rels/.rels"]
    refusal(send("方案.docx", s.package(parts)))


def test_content_types_with_a_dtd_are_refused_without_expanding_it(send):
    laughs = '<!DOCTYPE Types [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    parts = s.docx_parts(**{"[Content_Types].xml": laughs + "]>" + s.content_types().split("?>", 1)[1]})
    refusal(send("方案.docx", s.package(parts)))


# --- macros ---------------------------------------------------------------------------------


VBA_DOCX = s.package(s.docx_parts(**{"word/vbaProject.bin": b"\xcc\x61" + b"Attribute VB_Name" * 10}))


@pytest.mark.parametrize("name", ["会议记录.docx", "会议记录.docm", "update.apk", "blob"])
def test_word_zip_with_vba_project_is_refused_under_any_extension(send, name):
    message = refusal(send(name, VBA_DOCX))
    assert name in message and "宏" in message


def test_macro_enabled_content_type_is_refused(send):
    parts = s.docx_parts(**{"[Content_Types].xml": s.content_types(s.WORD_MACRO_MAIN)})
    assert "宏" in refusal(send("会议记录.docx", s.package(parts)))


@pytest.mark.parametrize("name", ["签到表.xlsm", "会议记录.docm", "课件.pptm"])
def test_macro_enabled_extensions_are_refused_whatever_is_inside(send, name):
    assert "宏" in refusal(send(name, docx_bytes()))


@pytest.mark.parametrize(
    "content",
    [s.doc_bytes(macros=True), s.xls_bytes(macros=True), s.xls_bytes(macro_sheet=True)],
    ids=["doc-vba-storage", "xls-vba-storage", "xls-excel4-macro-sheet"],
)
def test_legacy_office_files_with_macros_are_refused(send, content):
    message = refusal(send("旧文件", content))
    assert "旧文件" in message and "宏" in message


# --- zip bombs ------------------------------------------------------------------------------


def _lie_about_size(zipped: bytes, member: bytes, size: int) -> bytes:
    """The zip with ``member``'s uncompressed size in the central directory changed to ``size``."""
    at = zipped.index(b"PK\x01\x02")
    while zipped[at + 46 : at + 46 + struct.unpack_from("<H", zipped, at + 28)[0]] != member:
        at = zipped.index(b"PK\x01\x02", at + 4)
    return zipped[: at + 24] + struct.pack("<I", size) + zipped[at + 28 :]


def test_package_declaring_gigabytes_unpacked_is_refused(send):
    parts = s.docx_parts(**{"word/media/image1.png": b"\0" * 1000})
    bomb = _lie_about_size(s.package(parts), b"word/media/image1.png", 0xF0000000)
    message = refusal(send("会议记录.docx", bomb))
    assert "会议记录.docx" in message and "解压" in message


def test_package_with_thousands_of_parts_is_refused(send):
    parts = s.docx_parts(**{f"word/media/p{n}.xml": "" for n in range(5001)})
    assert "解压" in refusal(send("会议记录.docx", s.package(parts)))


# --- names and serving ----------------------------------------------------------------------


def test_stored_and_downloaded_names_take_the_type_found_not_the_client_extension(world, send, login):
    f = stored(send("payload.exe", PDF_BYTES))
    assert f.file.name.endswith(".pdf") and f.content_type == "application/pdf"
    assert f.original_name == "payload.exe"  # kept for display
    r = login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
    assert r["Content-Disposition"] == 'attachment; filename="payload.pdf"'


def test_bidi_override_in_the_name_is_removed(send):
    f = stored(send("invoice\u202efdp.exe", PDF_BYTES))
    assert f.original_name == "invoicefdp.exe"


@pytest.mark.parametrize("via", ["page", "api"])
def test_pdf_and_office_files_are_attachments_pictures_inline(world, ledger, make_evidence, login, call, via):
    from .conftest import pdf, photo

    e = make_evidence(world.head, files=[pdf("会议通知.pdf"), upload("记录.docx", docx_bytes()), photo("现场.jpg")])
    by_kind = {f.kind: f for f in e.files.all()}

    def get(f):
        if via == "page":
            return login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
        return call(world.head, "get", f"/api/evidence/files/{f.pk}/download")

    for kind in ("pdf", "word"):
        r = get(by_kind[kind])
        assert r["Content-Disposition"].startswith("attachment;"), kind
        assert r["X-Content-Type-Options"] == "nosniff"
    r = get(by_kind["image"])
    assert r["Content-Disposition"].startswith("inline;") and r["Content-Type"] == "image/jpeg"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_old_heic_kept_as_other_is_downloaded_as_heic_attachment(world, ledger, make_evidence, login):
    from .conftest import pdf

    e = make_evidence(world.head, files=[pdf()])
    f = e.files.get()
    EvidenceFile.objects.filter(pk=f.pk).update(kind="other", content_type="image/heic", original_name="payload.exe")
    r = login(world.head).get(reverse("evidence:file_download", args=[f.pk]))
    assert r["Content-Disposition"] == 'attachment; filename="payload.heic"'


# --- photos: metadata and bombs -------------------------------------------------------------


def _segments(jpeg: bytes) -> set[int]:
    """The markers of a JPEG's segments up to the start of the scan."""
    markers, pos = set(), 2
    while jpeg[pos] == 0xFF and jpeg[pos + 1] != 0xDA:
        markers.add(jpeg[pos + 1])
        pos += 2 + struct.unpack_from(">H", jpeg, pos + 2)[0]
    return markers | {0xDA}


def test_reencoded_jpeg_keeps_no_comment_xmp_exif_or_profile(world, ledger, login):
    raw = s.jpeg_with_metadata()
    assert b"<script>" in raw and b"xmp-payload" in raw and b"Exif" in raw and b"ICC_PROFILE" in raw
    r = login(world.head).post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {"item": ledger.item_photos.pk, "title": "现场", "occurred_on": "2026-03-15", "files": [upload("a.jpg", raw)]},
    )
    assert r.status_code == 302
    f = EvidenceFile.objects.get()
    for field in (f.file, f.thumbnail):
        with field.open("rb") as fh:
            data = fh.read()
        for marker in (b"<script", b"xmp-payload", b"adobe:ns:meta", b"Exif", b"ICC_PROFILE"):
            assert marker not in data, (field.name, marker)
        assert _segments(data) <= {0xE0, 0xDB, 0xC0, 0xC4, 0xDA}, field.name  # JFIF, tables, frame, scan
    assert str(f.taken_on) == "2026-03-15"  # the taken-on date stays, on the record


def test_reencoded_png_keeps_no_text_or_profile(send):
    buf = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGBA", (60, 40), (0, 0, 255, 128)).save(buf, "PNG", pnginfo=info, icc_profile=profile)
    f = stored(send("标识.png", buf.getvalue()))
    with f.file.open("rb") as fh:
        data = fh.read()
    assert b"<script" not in data and b"iCCP" not in data and b"tEXt" not in data
    with f.file.open("rb") as fh, Image.open(fh) as img:
        assert img.mode == "RGBA" and img.getpixel((1, 1))[3] == 128


def test_decompression_bomb_png_is_too_large_not_damaged(send):
    message = refusal(send("全景.png", s.png_bomb()))
    assert "图片像素过大" in message and "全景.png" in message and "损坏" not in message


def test_jpeg_declaring_too_many_pixels_is_too_large(send, settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 100 * 100
    buf = io.BytesIO()
    Image.new("RGB", (120, 100)).save(buf, "JPEG")
    assert "图片像素过大" in refusal(send("现场.jpg", buf.getvalue()))


def test_truncated_jpeg_is_refused_as_damaged(send):
    raw = s.jpeg_with_metadata(size=(600, 400))
    assert "损坏" in refusal(send("现场.jpg", raw[: len(raw) // 2]))
