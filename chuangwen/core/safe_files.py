"""Guards that run before a parser touches an uploaded file, so that no import can take the server down.

Two kinds of upload can hold far more than they weigh: Office files (.xlsx, .docx), which are zip
archives of XML parts, and YAML, whose anchors and aliases repeat a node without repeating its text.
``check_office_zip`` and ``yaml_load_strict`` refuse such files with an ``UnsafeFile`` whose message
(Chinese in the interface) names the file, the part or line, and the limit, before openpyxl,
python-docx or PyYAML builds anything. The limits are the ``IMPORT_*`` settings.

The zip guard trusts nothing the archive says about itself: the central directory's member count,
sizes and compression ratios are checked first (cheap, refuses most bombs at once), and then every
member is inflated through a counter that stops at the limits, so an archive whose directory
understates its members is refused too. XML parts are fed to expat on the way and refused if they
declare a DTD: Office Open XML never has one, and entity expansion is the XML form of the same bomb."""

from __future__ import annotations

import io
import os
import pyexpat
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
CHUNK = 256 * 1024
# Small parts may compress far better than any real content without being dangerous; the ratio
# is only checked on parts that unpack to more than this.
RATIO_FLOOR_BYTES = MB
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_YAML_NODES = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UnsafeFile(Exception):
    """The upload was refused before parsing; ``message`` says why, for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ZipLimits:
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> ZipLimits:
        return cls(
            max_members=settings.IMPORT_MAX_ZIP_MEMBERS,
            max_member_bytes=settings.IMPORT_MAX_MEMBER_BYTES,
            max_total_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        )


def _mb(n: int) -> str:
    return f"{n / MB:g}"


def check_office_zip(stream: BinaryIO, *, filename: str, limits: ZipLimits | None = None) -> list[str]:
    """Refuse (``UnsafeFile``) an Office zip that has too many members, unpacks to more than the
    per-member or total limit, or compresses better than the ratio limit, or whose XML declares a DTD.
    Reads the whole archive once, bounded by the limits; returns its member names. ``stream`` is
    left at position 0 for the real parser."""
    limits = limits or ZipLimits.from_settings()
    stream.seek(0)
    try:
        count = zip_declared_members(stream)
        if count is not None and count > limits.max_members:
            _refuse_members(filename, count, limits)
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            _check_directory(infos, filename, limits)
            total = 0
            for info in infos:
                total = _check_member(archive, info, filename, limits, total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        # A CRC or length mismatch is how zipfile reports a member that unpacks to more than declared.
        raise UnsafeFile(_("The file “%(file)s” is damaged and cannot be opened.") % {"file": filename}) from exc
    finally:
        stream.seek(0)
    return [info.filename for info in infos]


def zip_declared_members(stream: BinaryIO) -> int | None:
    """The member count written in the zip's end-of-central-directory record, read before
    ``zipfile`` builds its list of members (a directory of millions of entries is refused
    without allocating it). None if the record is not found or the zip is zip64, where
    ``zipfile``'s own list is counted instead. Used by every zip guard (imports here, evidence
    uploads in ``filetypes.check_zip_bounds``); ``stream`` is left at position 0."""
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 22 - 65535))
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack_from("<H", tail, at + 10)[0]
    return None if count == 0xFFFF else count


def _refuse_members(filename: str, count: int, limits: ZipLimits) -> None:
    raise UnsafeFile(
        _("The file “%(file)s” holds %(n)s parts, more than the %(max)s accepted; it is not an ordinary Office file.")
        % {"file": filename, "n": count, "max": limits.max_members}
    )


def _check_directory(infos: list[zipfile.ZipInfo], filename: str, limits: ZipLimits) -> None:
    if len(infos) > limits.max_members:
        _refuse_members(filename, len(infos), limits)
    declared = 0
    for info in infos:
        if info.compress_type not in _ZIP_METHODS or info.flag_bits & 0x1:
            raise UnsafeFile(
                _("The file “%(file)s” is compressed or encrypted in a way Office does not use (part “%(part)s”).")
                % {"file": filename, "part": info.filename}
            )
        _check_sizes(filename, info.filename, info.file_size, declared + info.file_size, limits)
        declared += info.file_size
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise UnsafeFile(
                _(
                    "The part “%(part)s” of the file “%(file)s” unpacks to %(ratio)s times its packed size "
                    "(at most %(max)s accepted); the file is refused as a possible zip bomb."
                )
                % {
                    "part": info.filename,
                    "file": filename,
                    "ratio": info.file_size // max(info.compress_size, 1),
                    "max": limits.max_ratio,
                }
            )


def _check_sizes(filename: str, part: str, size: int, total: int, limits: ZipLimits) -> None:
    if size > limits.max_member_bytes:
        raise UnsafeFile(
            _(
                "The part “%(part)s” of the file “%(file)s” unpacks to more than %(max)s MB, the limit for one "
                "part; the file is refused as a possible zip bomb. Nothing was imported."
            )
            % {"part": part, "file": filename, "max": _mb(limits.max_member_bytes)}
        )
    if total > limits.max_total_bytes:
        raise UnsafeFile(
            _(
                "The file “%(file)s” unpacks to more than %(max)s MB in all (at part “%(part)s”); the file is "
                "refused as a possible zip bomb. Nothing was imported."
            )
            % {"file": filename, "part": part, "max": _mb(limits.max_total_bytes)}
        )


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, limits: ZipLimits, total: int) -> int:
    """Inflate one member through a counter (never trusting its declared size); returns the new total."""
    size = 0
    dtd = _DtdWatch(filename, info.filename)
    with archive.open(info) as member:
        for chunk in _chunks(member):
            size += len(chunk)
            _check_sizes(filename, info.filename, size, total + size, limits)
            dtd.feed(chunk)
    return total + size


def _chunks(member) -> Iterator[bytes]:
    while chunk := member.read(CHUNK):
        yield chunk


class _DtdWatch:
    """Feeds an XML part to expat and refuses it at its DOCTYPE; stops watching at the first
    well-formedness error (the real parser reports those) or if the part is not XML at all."""

    def __init__(self, filename: str, part: str):
        self.filename = filename
        self.part = part
        self.parser = None
        self.started = False

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            if chunk.lstrip(b" \t\r\n").startswith(_XML_STARTS):
                self.parser = pyexpat.ParserCreate()
                self.parser.StartDoctypeDeclHandler = self._refuse
                self.parser.EntityDeclHandler = self._refuse
        if self.parser is None:
            return
        try:
            self.parser.Parse(chunk, False)
        except pyexpat.ExpatError:
            self.parser = None

    def _refuse(self, *args) -> None:
        raise UnsafeFile(
            _("The part “%(part)s” of the file “%(file)s” declares a DTD, which Office files never do; refused.")
            % {"part": self.part, "file": self.filename}
        )


# ------------------------------------------------------------------------------------------ YAML


def yaml_load_strict(text: str, *, filename: str, max_depth: int | None = None, max_nodes: int | None = None):
    """The YAML document in ``text``, built only after its events were read under a strict budget:
    no anchors or aliases (``&``, ``*``, ``<<``), nesting at most ``IMPORT_YAML_MAX_DEPTH`` deep, at
    most ``IMPORT_YAML_MAX_NODES`` nodes. Refuses with ``UnsafeFile`` at the first event past a
    limit, so a billion-laughs file costs a few events; ``yaml.YAMLError`` for text that is not YAML."""
    max_depth = max_depth or settings.IMPORT_YAML_MAX_DEPTH
    max_nodes = max_nodes or settings.IMPORT_YAML_MAX_NODES
    depth = nodes = 0
    for event in yaml.parse(io.StringIO(text), Loader=_YAML_LOADER):
        line = event.start_mark.line + 1 if event.start_mark is not None else "?"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise UnsafeFile(
                _(
                    "The YAML file “%(file)s” uses an anchor or alias (& or *) on line %(line)s; import files must "
                    "write every value out in full."
                )
                % {"file": filename, "line": line}
            )
        if isinstance(event, _YAML_NODES):
            nodes += 1
            if nodes > max_nodes:
                raise UnsafeFile(
                    _("The YAML file “%(file)s” has more than %(max)s values (at line %(line)s); it is refused.")
                    % {"file": filename, "max": max_nodes, "line": line}
                )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > max_depth:
                raise UnsafeFile(
                    _(
                        "The YAML file “%(file)s” is nested more than %(max)s levels deep (at line %(line)s); "
                        "it is refused."
                    )
                    % {"file": filename, "max": max_depth, "line": line}
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    # Checked: no aliases and a bounded tree, so building it costs no more than reading it did.
    return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (C or Python SafeLoader)
