"""The files of the evidence demo: one small photo, a one-page PDF and a 会议记录 .docx, made once
and stored once per unit for the rows written in bulk (``DemoFiles.stored``), or uploaded afresh
(same bytes) for the records that go through the services (``DemoFiles.upload``)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from chuangwen.campaigns.demo import DEMO_TODAY

from . import uploads
from .models import EvidenceFile

COLOURS = [(183, 28, 28), (21, 101, 192), (46, 125, 50), (249, 168, 37), (106, 27, 154)]
MINUTES = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))["minutes"]


def photo() -> bytes:
    img = Image.new("RGB", (320, 240), (240, 240, 240))
    draw = ImageDraw.Draw(img)
    for k in range(4):
        x = 20 + k * 72
        draw.rectangle([x, 60 + (k % 2) * 30, x + 56, 200], fill=COLOURS[k])
    draw.rectangle([0, 0, 319, 30], fill=COLOURS[4])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70)
    return buf.getvalue()


def pdf(title: str = "Notice") -> bytes:
    """A minimal valid one-page PDF, written by hand (ASCII text only)."""
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(text)).encode() + b">>stream\n" + text + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def minutes_docx(day: date) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(MINUTES[0], level=1)
    for line in MINUTES[1:]:
        d.add_paragraph(line.format(day=f"{day:%Y年%m月%d日}"))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


IMAGE, PDF, WORD = EvidenceFile.Kind.IMAGE, EvidenceFile.Kind.PDF, EvidenceFile.Kind.WORD


class DemoFiles:
    """The demo's three file contents, made once; stored once per unit for the bulk rows, and
    uploaded afresh (same bytes) for the records that go through the services."""

    def __init__(self):
        self.content = {IMAGE: photo(), PDF: pdf(), WORD: minutes_docx(DEMO_TODAY)}
        self._prepared: dict[str, uploads.PreparedUpload] = {}
        self._stored: dict[tuple[int, str], dict] = {}

    def upload(self, kind: str, name: str) -> SimpleUploadedFile:
        types = {IMAGE: "image/jpeg", PDF: "application/pdf", WORD: "application/octet-stream"}
        return SimpleUploadedFile(name, self.content[kind], types[kind])

    def stored(self, unit_id: int, kind: str) -> dict:
        """The fields of a stored copy of ``kind`` for ``unit_id`` (stored on first use)."""
        if (unit_id, kind) not in self._stored:
            if kind not in self._prepared:
                self._prepared[kind] = uploads.prepare_upload(self.upload(kind, file_name(kind, DEMO_TODAY, 1)))
            prepared = self._prepared[kind]
            f = EvidenceFile(unit_id=unit_id)
            uploads.store(prepared, f)
            self._stored[(unit_id, kind)] = {
                "file": f.file.name,
                "thumbnail": f.thumbnail.name or "",
                "kind": prepared.kind,
                "content_type": prepared.type.content_type,
                "size": prepared.size,
                "sha256": prepared.sha256,
            }
        return self._stored[(unit_id, kind)]

    def close(self) -> None:
        for prepared in self._prepared.values():
            prepared.close()


def file_name(kind: str, day: date, n: int) -> str:
    if kind == IMAGE:
        return f"IMG_{day:%Y%m%d}_{9 + n:02d}{(17 * n) % 60:02d}.jpg"
    return "会议记录.docx" if kind == WORD else "扫描件.pdf"
