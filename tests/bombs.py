"""Builders of hostile uploads for the import tests: zip and XML bombs dressed as .xlsx, and YAML
alias bombs. Each is made in a few lines, streamed so the test itself never holds the payload."""

from __future__ import annotations

import io
import struct
import zipfile

MB = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (  # .format(sheet=the sheet's name)
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"
_SST_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _inline_row(r: int, values: list[str]) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values) if v)
    return f'<row r="{r}">{cells}</row>'


def header_sheet(headers: list[str], rows: list[list[str]] = (), extra: str = "") -> str:
    """A sheet XML with ``headers`` in row 1, ``rows`` below and ``extra`` raw XML at the end of sheetData."""
    body = [_inline_row(1, headers)] + [_inline_row(i, row) for i, row in enumerate(rows, start=2)]
    return _SHEET_HEAD + "".join(body) + extra + _SHEET_TAIL


def workbook(
    parts: dict[str, object] | None = None,
    *,
    sheet: str = "",
    shared_strings: object = "",
    members: int = 0,
    sheet_name: str = "花名册",
) -> bytes:
    """A minimal .xlsx. ``sheet`` and ``shared_strings`` are XML text, or iterables of byte chunks
    streamed into the archive (so a 200 MB part is never in memory); ``members`` adds that many
    empty padding parts; ``parts`` adds or replaces any part."""
    all_parts: dict[str, object] = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK.format(sheet=sheet_name),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet or header_sheet(["工号"]),
        "xl/sharedStrings.xml": shared_strings or _SST_HEAD + "</sst>",
    }
    all_parts.update(parts or {})
    for i in range(members):
        all_parts[f"xl/padding/p{i}.xml"] = ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in all_parts.items():
            if isinstance(content, str):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in content:
                    member.write(chunk)
    return out.getvalue()


def shared_strings_bomb(total_bytes: int = 238 * MB):
    """Chunks of a sharedStrings.xml of about ``total_bytes`` that packs about 400 to 1, like the
    issue's 636 KB roster whose shared strings unpacked to 238 MB."""
    yield _SST_HEAD.encode()
    block = ("<si><t>职工</t></si>" * 1000).encode()
    for _i in range(total_bytes // len(block)):
        yield block
    yield b"</sst>"


def billion_laughs_xml() -> str:
    """The XML entity bomb (10⁹ "lol"s), as a shared strings part."""
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )


def understate_size(data: bytes, part: str, declared: int) -> bytes:
    """The archive with ``part``'s uncompressed size rewritten to ``declared`` in the central
    directory (what zipfile and openpyxl trust): a directory that lies about a bomb."""
    buf = bytearray(data)
    name = part.encode()
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", buf, central + 24, declared)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def zeros(total_bytes: int, chunk: int = MB):
    """Chunks of ``total_bytes`` zero bytes (packs about a thousand to one)."""
    block = b"\0" * chunk
    for _i in range(total_bytes // chunk):
        yield block


# ------------------------------------------------------------------------------------------ YAML

# The 542-byte file: nine levels of nine-fold aliases under ``name``.
BILLION_LAUGHS_YAML = """a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
name: *i
aspects: []
"""


def alias_tree_yaml(width: int = 300) -> str:
    """About 4 KB: ``width`` aliases of ``width`` aliases of ``width`` items, as a standard's items
    (``width``³ = 27 million items once expanded; it killed the server by stack overflow)."""
    leaf = "&l0 [" + ",".join(["1"] * width) + "]"
    mid = "&l1 [" + ",".join(["*l0"] * width) + "]"
    top = "&l2 [" + ",".join(["*l1"] * width) + "]"
    return (
        f"leaf: {leaf}\nmid: {mid}\ntop: {top}\nname: 别名树\n"
        "aspects:\n  - title: 方面\n    indicators:\n      - title: 指标\n        items: *l2\n"
    )


def deep_yaml(depth: int = 100_000) -> str:
    return "aspects: " + "[" * depth + "]" * depth + "\n"


def wide_yaml(values: int = 200_000) -> str:
    return "aspects: []\nname: [" + ",".join(["1"] * values) + "]\n"
