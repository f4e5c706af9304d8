"""Hand-made files for the upload tests: real OLE2 compound files (.doc/.xls, with or without a
VBA storage), Office packages with chosen parts, JPEG and PNG with metadata or a bomb's header."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def ole2(tree: dict) -> bytes:
    """A version 3 compound file holding ``tree``: {name: bytes (a stream) or dict (a storage)}.
    Streams are padded to 4096 bytes so they live in the regular FAT, not the mini stream."""
    entries = [{"name": "Root Entry", "type": ROOT, "child": NO_STREAM, "data": b""}]

    def add(children: dict) -> int:
        first = NO_STREAM
        previous = None
        for name, value in children.items():
            index = len(entries)
            entry = {"name": name, "child": NO_STREAM, "right": NO_STREAM}
            entries.append(entry)
            if isinstance(value, dict):
                entry.update(type=STORAGE, data=b"")
                entry["child"] = add(value)
            else:
                entry.update(type=STREAM, data=value.ljust(max(4096, -(-len(value) // SECTOR) * SECTOR), b"\0"))
            if previous is None:
                first = index
            else:
                previous["right"] = index
            previous = entry
        return first

    entries[0]["child"] = add(tree)
    dir_sectors = -(-len(entries) * 128 // SECTOR)
    fat = [FAT_SECTOR]
    fat += [*range(2, dir_sectors + 1), END_OF_CHAIN]  # directory chain from sector 1
    body = b""
    next_sector = 1 + dir_sectors
    for e in entries:
        if e["type"] != STREAM:
            e["start"] = END_OF_CHAIN
            continue
        count = len(e["data"]) // SECTOR
        e["start"] = next_sector
        fat += [*range(next_sector + 1, next_sector + count), END_OF_CHAIN]
        next_sector += count
        body += e["data"]
    assert len(fat) <= SECTOR // 4, "sample too large for one FAT sector"
    fat_bytes = struct.pack(f"<{SECTOR // 4}I", *(fat + [FREE] * (SECTOR // 4 - len(fat))))
    directory = b""
    for e in entries:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            e["type"],
            1,
            NO_STREAM,
            e.get("right", NO_STREAM),
            e["child"],
            b"\0" * 16,
            0,
            0,
            0,
            e["start"],
            len(e["data"]),
        )
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        END_OF_CHAIN,
        0,
        END_OF_CHAIN,
        0,
    )
    header += struct.pack("<109I", 0, *([FREE] * 108))
    return header + fat_bytes + directory + body


def biff_workbook(sheet_types=(0,)) -> bytes:
    """A BIFF8 workbook globals stream: BOF, one BOUNDSHEET per sheet type (0 worksheet, 1 Excel
    4.0 macro sheet), EOF."""
    records = struct.pack("<HH", 0x0809, 16) + b"\0" * 16
    for n, dt in enumerate(sheet_types):
        name = f"Sheet{n}".encode()
        data = struct.pack("<IBBBB", 0, 0, dt, len(name), 0) + name
        records += struct.pack("<HH", 0x0085, len(data)) + data
    return records + struct.pack("<HH", 0x000A, 0)


def doc_bytes(macros: bool = False) -> bytes:
    tree = {"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 100}
    if macros:
        tree["Macros"] = {"VBA": {"dir": b"\0" * 10, "ThisDocument": b"Attribute VB_Name"}}
    return ole2(tree)


def xls_bytes(macros: bool = False, macro_sheet: bool = False) -> bytes:
    tree = {"Workbook": biff_workbook((0, 1) if macro_sheet else (0,))}
    if macros:
        tree["_VBA_PROJECT_CUR"] = {"VBA": {"dir": b"\0" * 10}}
    return ole2(tree)


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>会议记录</w:t></w:r></w:p></w:body></w:document>"
)


def content_types(main: str = WORD_MAIN, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
    )


def package(parts: dict[str, str | bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx_parts(**overrides) -> dict[str, str | bytes]:
    parts = {"[Content_Types].xml": content_types(), "_rels/.rels": RELS, "word/document.xml": DOCUMENT}
    parts.update(overrides)
    return parts


def jpeg_with_metadata(size=(400, 300)) -> bytes:
    """A JPEG carrying an HTML comment (COM), an XMP packet, a GPS EXIF block and an ICC profile
    whose description is text: everything a re-encoding must drop."""
    from PIL import ImageCms

    exif = Image.Exif()
    exif[0x8769] = {0x9003: "2026:03:15 09:30:00"}
    exif[0x8825] = {1: "N", 2: (28.0, 10.0, 30.0)}
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(
        buf,
        "JPEG",
        comment=b"<script>alert('polyglot')</script>",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>xmp-payload</rdf:Description></x:xmpmeta>',
        exif=exif.tobytes(),
        icc_profile=profile.tobytes(),
    )
    return buf.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header declares ``width`` × ``height`` pixels (one zero row of IDAT)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))
        + png_chunk(b"IEND", b"")
    )
