"""What an uploaded file really is, proven by parsing it rather than by its first bytes or name.

``sniff`` answers one key of ``TYPES`` or None, and raises ``Refused`` for a file it recognises
as one to refuse for a stated reason: Office files with macros (宏), zips that would unpack to
far more than they weigh, a file that starts like an allowed type but is not one. Each check
reads a bounded amount: the upload's size is already limited by the caller, zip members are
counted and their sizes summed before anything is decompressed, XML parts are read up to a cap
and parsed without any DTD (no entity expansion).

- PDF: the ``%PDF-x.y`` header, an ``%%EOF`` near the end and a cross-reference: a
  ``startxref`` pointing at an ``xref`` table or an xref stream object, or a ``trailer``.
  (A structural check; pypdf would parse more but is a large parser of hostile input for a
  file we only store and serve as an attachment.)
- Office Open XML: the package's ``_rels/.rels`` names the main part, ``[Content_Types].xml``
  gives its content type (Word or Excel, never macro-enabled) and the part's root element is
  the one that content type promises.
- OLE2 (.doc, .xls): the compound file's directory, read by olefile: a ``WordDocument`` or
  ``Workbook`` stream, no VBA storage, no Excel 4.0 macro sheet.
- JPEG and PNG are recognised here and decoded in full by ``chuangwen.core.files``."""

from __future__ import annotations

import os
import re
import struct
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

import filetype
import olefile
from django.utils.translation import gettext_lazy

from .safe_files import zip_declared_members

# Kinds of file (the values of EvidenceFile.Kind).
IMAGE, PDF, WORD, EXCEL = "image", "pdf", "word", "excel"

CHUNK_SIZE = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_TAIL_BYTES = 4096
# An Office package is refused beyond these, before anything in it is decompressed: a real
# document of the sizes we take (≤ 30 MB) holds a few hundred parts and unpacks to a few times
# its size. (chuangwen.core's shared zip guard for imports follows the same idea.)
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNCOMPRESSED = 512 * 1024 * 1024
# The XML parts read to identify a package are small; the main part is read only up to its root.
XML_PART_MAX_BYTES = 1024 * 1024
XML_ROOT_SEARCH_BYTES = 256 * 1024

# Reasons a recognised file is refused (``Refused.code``).
MACRO, ZIP_BOMB, DAMAGED = "macro", "zip_bomb", "damaged"


@dataclass(frozen=True)
class FileType:
    key: str
    kind: str
    ext: str
    content_type: str
    label: str


TYPES = {
    t.key: t
    for t in (
        FileType("jpeg", IMAGE, "jpg", "image/jpeg", gettext_lazy("a JPEG photo")),
        FileType("png", IMAGE, "png", "image/png", gettext_lazy("a PNG picture")),
        FileType("heic", IMAGE, "heic", "image/heic", gettext_lazy("a HEIC photo")),
        FileType("pdf", PDF, "pdf", "application/pdf", gettext_lazy("a PDF")),
        FileType(
            "docx",
            WORD,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            gettext_lazy("a Word document"),
        ),
        FileType("doc", WORD, "doc", "application/msword", gettext_lazy("a Word document")),
        FileType(
            "xlsx",
            EXCEL,
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            gettext_lazy("an Excel workbook"),
        ),
        FileType("xls", EXCEL, "xls", "application/vnd.ms-excel", gettext_lazy("an Excel workbook")),
    )
}
TYPE_OF_CONTENT_TYPE = {t.content_type: t for t in TYPES.values()}
PHOTO_TYPES = frozenset({"jpeg", "png"})

# What an uploader's extension claims. Unknown or missing extensions (a phone's "blob") are
# judged by content alone; a known one that disagrees with the content is refused.
EXTENSIONS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "jfif": "jpeg",
    "png": "png",
    "heic": "heic",
    "heif": "heic",
    "pdf": "pdf",
    "docx": "docx",
    "doc": "doc",
    "xlsx": "xlsx",
    "xls": "xls",
}
# Office's macro-enabled formats: refused by name too, whatever is inside.
MACRO_EXTENSIONS = frozenset({"docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppsm", "ppam", "sldm"})

# The main part of a package, by its content type: our type and the root element it must have.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": ("docx", "document"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ("xlsx", "workbook"),
}
# Content types (lower case, substrings) of parts that hold macros.
OOXML_MACRO_MARKERS = ("macroenabled", "vbaproject", "vbadata", "macrosheet")
OOXML_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
# OLE2 storages and streams that hold VBA: Word's "Macros", Excel's "_VBA_PROJECT_CUR".
OLE2_VBA_NAMES = frozenset({"macros", "_vba_project_cur", "vba", "_vba_project"})
BIFF_BOUNDSHEET, BIFF_EOF = 0x0085, 0x000A
BIFF_MACRO_SHEET_TYPES = frozenset({0x01, 0x06})  # Excel 4.0 macro sheet, VBA module

PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
PDF_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s*%%EOF")
PDF_XREF_AT = re.compile(rb"\s*(?:xref\b|\d+\s+\d+\s+obj\b)")


class Refused(Exception):
    """A file recognised and refused: ``code`` is MACRO, ZIP_BOMB or DAMAGED, ``key`` the type it
    looked like (for DAMAGED)."""

    def __init__(self, code: str, key: str | None = None):
        super().__init__(code)
        self.code = code
        self.key = key


def sniff(path: str) -> str | None:
    """The key of the type found in the content of the file at ``path`` (None if it is none of
    ``TYPES``), proven by parsing it as described in the module docstring. Raises ``Refused``."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        if not _is_pdf(path):
            raise Refused(DAMAGED, "pdf")
        return "pdf"
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(path)
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("heic", "heif"):
        return "heic"
    return None


# --- PDF --------------------------------------------------------------------------------------


def _is_pdf(path: str) -> bool:
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        head = fh.read(16)
        fh.seek(max(0, size - PDF_TAIL_BYTES))
        tail = fh.read()
        if not PDF_HEADER.match(head) or b"%%EOF" not in tail:
            return False
        pointers = PDF_STARTXREF.findall(tail)
        if pointers and int(pointers[-1]) < size:
            fh.seek(int(pointers[-1]))
            if PDF_XREF_AT.match(fh.read(64)):
                return True
    return b"trailer" in tail


# --- Office Open XML --------------------------------------------------------------------------


def check_zip_bounds(path: str, *, max_members: int = ZIP_MAX_MEMBERS, max_bytes: int = ZIP_MAX_UNCOMPRESSED) -> None:
    """Raise ``Refused(ZIP_BOMB)`` if the zip at ``path`` has more than ``max_members`` members or
    declares more than ``max_bytes`` once unpacked. The member count is read from the end record
    (``safe_files.zip_declared_members``, the one reader of it) before ``zipfile`` builds its list
    of members; readers must still read members with a cap, since declared sizes can lie.
    Imports use the stricter ``safe_files.check_office_zip`` (every part inflated through a
    counter); evidence files are kept as they are, so their limits are wider."""
    with open(path, "rb") as fh:
        count = zip_declared_members(fh)
    if count is not None and count > max_members:
        raise Refused(ZIP_BOMB)
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    if len(infos) > max_members or sum(i.file_size for i in infos) > max_bytes:
        raise Refused(ZIP_BOMB)


class _Stop(Exception):
    """Ends an expat parse early (found what was looked for)."""


class _DTD(Exception):
    """A part with a DTD: refused, so no entity is ever declared or expanded."""


def _parse_xml(chunks, on_start) -> None:
    """Feed XML ``chunks`` to expat with namespaces as "uri local" names, calling
    ``on_start(name, attrs)`` per element; any DOCTYPE or entity declaration raises ``_DTD``."""

    def forbid(*_args):
        raise _DTD

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    parser.StartElementHandler = on_start
    for chunk in chunks:
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = XML_PART_MAX_BYTES) -> bytes:
    if info.file_size > limit:
        raise Refused(ZIP_BOMB)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(ZIP_BOMB)
    return data


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int):
    read = 0
    with zf.open(info) as fh:
        while read < limit and (chunk := fh.read(min(CHUNK_SIZE, limit - read))):
            read += len(chunk)
            yield chunk


def _sniff_zip(path: str) -> str | None:
    try:
        check_zip_bounds(path)
        with zipfile.ZipFile(path) as zf:
            return _sniff_package(zf)
    except (_DTD, expat.ExpatError):
        raise Refused(DAMAGED) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        # Not a zip, or one Python cannot read (encrypted, unknown compression): not Office.
        return None


def _sniff_package(zf: zipfile.ZipFile) -> str | None:
    parts = {i.filename.lower(): i for i in zf.infolist()}
    if any(name.rsplit("/", 1)[-1] in OOXML_MACRO_PARTS for name in parts):
        raise Refused(MACRO)
    if "[content_types].xml" not in parts or "_rels/.rels" not in parts:
        return None
    defaults, overrides = {}, {}

    def content_type(name, attrs):
        if _local(name) == "Default":
            defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif _local(name) == "Override":
            overrides[attrs.get("PartName", "").lower()] = attrs.get("ContentType", "")

    _parse_xml([_read_part(zf, parts["[content_types].xml"])], content_type)
    if any(m in ct.lower() for ct in (*defaults.values(), *overrides.values()) for m in OOXML_MACRO_MARKERS):
        raise Refused(MACRO)
    targets = []

    def relationship(name, attrs):
        if _local(name) == "Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
            targets.append(attrs.get("Target", "").lstrip("/").lower())

    _parse_xml([_read_part(zf, parts["_rels/.rels"])], relationship)
    main = targets[0] if targets else ""
    ct = overrides.get("/" + main) or defaults.get(main.rsplit(".", 1)[-1], "")
    if main not in parts or ct not in OOXML_MAIN:
        return None
    key, root = OOXML_MAIN[ct]
    found = []

    def first(name, _attrs):
        found.append(_local(name))
        raise _Stop

    try:
        _parse_xml(_chunks(zf, parts[main], XML_ROOT_SEARCH_BYTES), first)
    except _Stop:
        pass
    except expat.ExpatError:
        raise Refused(DAMAGED, key) from None
    if found != [root]:
        raise Refused(DAMAGED, key)
    return key


# --- OLE2 compound files (.doc, .xls) ---------------------------------------------------------


def _sniff_ole2(path: str) -> str | None:
    try:
        with olefile.OleFileIO(path) as ole:
            entries = ole.listdir(streams=True, storages=True)
            if any(part.lower() in OLE2_VBA_NAMES for entry in entries for part in entry):
                raise Refused(MACRO)
            if ole.exists("WordDocument"):
                return "doc"
            for stream in ("Workbook", "Book"):
                if ole.exists(stream):
                    if _biff_has_macro_sheet(ole.openstream(stream).read()):
                        raise Refused(MACRO)
                    return "xls"
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - olefile raises many kinds on a damaged directory
        raise Refused(DAMAGED) from None
    return None


def _biff_has_macro_sheet(data: bytes) -> bool:
    """Whether the workbook's globals declare an Excel 4.0 macro sheet or a VBA module sheet
    (BOUNDSHEET records before the first EOF)."""
    pos = 0
    while pos + 4 <= len(data):
        rtype, length = struct.unpack_from("<HH", data, pos)
        pos += 4
        if rtype == BIFF_EOF:
            return False
        if rtype == BIFF_BOUNDSHEET and length >= 6 and data[pos + 5] in BIFF_MACRO_SHEET_TYPES:
            return True
        pos += length
    return False
