"""The one reader of uploaded .xlsx workbooks (花名册, 测评体系, 责任分解表 …).

Importers call ``read_table`` with the columns they know; it returns the data rows as
``Row(number, cells by column key)`` below the header row it found, and refuses with a
``SpreadsheetRefused`` (nothing imported) in the cases every import shares:

- the file itself (below): size, type, zip bomb, too many rows;
- the header: found among the first ``header_search_rows`` rows as the row naming the most known
  columns; titles match after removing spaces, a trailing ``*`` or colon, and full-width forms
  (``（工号）`` ≡ ``(工号)``), under the column's title or one of its synonyms; a column named twice,
  or required columns missing (named in the message) are refused;
- merged cells: a range merged over several rows is spread down its column (official tables merge
  方面 over its items: "same as above"); a range merged over several known columns of the data is
  refused with the range and the columns named (one value cannot be two fields); a title merged
  over several header cells counts once.

Every message about a row starts with its number as the spreadsheet shows it (``at_row``: "第 12
行：…"), and ``RowError`` is the row problem that importers list.

``read_xlsx_rows`` (the layer below) checks the upload's size, that it is an .xlsx and not an old .xls, and the zip
guard of ``safe_files`` before openpyxl opens it; then it reads one sheet in openpyxl's streaming
mode with the row and column limits applied while reading, so a sheet that claims or holds more
rows than accepted is refused at the first row past the limit, never loaded whole. Every refusal
is a ``SpreadsheetRefused`` whose message names the file, the sheet and the limit; the importers
turn it into their own error type."""

from __future__ import annotations

import io
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from .safe_files import MB, UnsafeFile, check_office_zip

ZIP_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# Blank rows between or below the data that are read past the row limit before giving up: a
# sheet is allowed some empty lines, not a million of them.
BLANK_ROWS_ALLOWED = 1000
# More merged ranges than this in one sheet is not a table someone typed.
MAX_MERGED_RANGES = 10_000
_MERGE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
_SPACES = re.compile(r"\s+")


class SpreadsheetRefused(UnsafeFile):
    """The workbook was refused before or while reading; nothing was imported."""


@dataclass(frozen=True)
class SheetRows:
    """The non-blank rows of one sheet: ``(row number as the spreadsheet shows it, values)``."""

    title: str
    rows: list[tuple[int, tuple]]
    # (first row, first column, last row, last column), 1-based, of each merged range of the sheet.
    merged: tuple[tuple[int, int, int, int], ...] = ()


def read_xlsx_rows(
    upload, *, max_bytes: int, max_rows: int, header_rows: int = 1, sheet: str | None = None, filename: str = ""
) -> SheetRows:
    """The non-blank rows of the sheet named ``sheet`` (or the first one) of an .xlsx upload (an
    ``UploadedFile`` or bytes), each at most ``IMPORT_MAX_COLUMNS`` values wide, and the sheet's
    merged ranges. At most ``max_rows`` rows below the first ``header_rows`` are accepted, and
    nothing below row ``header_rows + max_rows + BLANK_ROWS_ALLOWED`` is read."""
    filename = filename or getattr(upload, "name", "") or "upload.xlsx"
    stream = _stream(upload, max_bytes=max_bytes, filename=filename)
    magic = stream.read(4)
    stream.seek(0)
    if magic == XLS_MAGIC:
        raise SpreadsheetRefused(
            _("This is an old .xls file. Save it in Excel as “Excel workbook (*.xlsx)” and upload it again.")
        )
    if magic != ZIP_MAGIC:
        raise SpreadsheetRefused(_("This is not an Excel .xlsx file."))
    try:
        names = check_office_zip(stream, filename=filename)
    except UnsafeFile as exc:
        raise SpreadsheetRefused(exc.message) from exc
    if "xl/workbook.xml" not in names:
        raise SpreadsheetRefused(_("This is not an Excel .xlsx file."))
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        try:
            ws = workbook[sheet] if sheet and sheet in workbook.sheetnames else workbook.worksheets[0]
            rows = _bounded_rows(ws, filename, max_rows, header_rows)
            return SheetRows(ws.title, rows, _merged_ranges(ws, filename))
        finally:
            workbook.close()
    except SpreadsheetRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged part of the file
        raise SpreadsheetRefused(_("The file is damaged and cannot be opened.")) from exc


def _stream(upload, *, max_bytes: int, filename: str):
    if isinstance(upload, bytes | bytearray):
        size, stream = len(upload), io.BytesIO(upload)
    else:
        size, stream = upload.size, getattr(upload, "file", upload)
    if size > max_bytes:
        raise SpreadsheetRefused(
            _("The file “%(file)s” is larger than %(limit)s MB, the limit for this import.")
            % {"file": filename, "limit": f"{max_bytes / MB:g}"}
        )
    stream.seek(0)
    return stream


def _bounded_rows(ws, filename: str, max_rows: int, header_rows: int) -> list[tuple[int, tuple]]:
    last = header_rows + max_rows + BLANK_ROWS_ALLOWED

    def too_many(row: int):
        return SpreadsheetRefused(_too_many_message(ws.title, filename, max_rows, row))

    # openpyxl stops parsing at max_row and, when the sheet goes on, pads up to it: row ``last + 1``
    # appears exactly when there is anything below ``last``.
    rows: list[tuple[int, tuple]] = []
    cells = ws.iter_rows(min_row=1, max_row=last + 1, max_col=settings.IMPORT_MAX_COLUMNS, values_only=True)
    for row_no, values in enumerate(cells, start=1):
        if row_no > last:
            raise too_many(row_no)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((row_no, tuple(values)))
        if len(rows) > header_rows + max_rows:
            raise too_many(row_no)
    return rows


def _merged_ranges(ws, filename: str) -> tuple[tuple[int, int, int, int], ...]:
    """The merged ranges of a read-only sheet. openpyxl's streaming mode does not keep them, so the
    sheet's XML (already bounded by the zip guard, its rows by the row limit) is read once more for
    its ``<mergeCell ref="A2:A4"/>`` elements, clearing every element as it goes."""
    ranges: list[tuple[int, int, int, int]] = []
    with ws._get_source() as source:  # noqa: SLF001 - the part openpyxl itself streams rows from
        for _event, element in iterparse(source, events=("end",)):
            if element.tag == _MERGE_TAG:
                ref = element.get("ref", "")
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (TypeError, ValueError):
                    continue
                ranges.append((min_row, min_col, max_row, max_col))
                if len(ranges) > MAX_MERGED_RANGES:
                    raise SpreadsheetRefused(
                        _("The sheet “%(sheet)s” of the file “%(file)s” has more than %(max)s merged ranges.")
                        % {"sheet": ws.title, "file": filename, "max": MAX_MERGED_RANGES}
                    )
            element.clear()
    return tuple(ranges)


# ------------------------------------------------------------------------------------------ tables


def at_row(row: int, message: str) -> str:
    """A message about one row, starting with its number: "第 12 行：…"."""
    return _("Row %(row)s: %(message)s") % {"row": row, "message": message}


@dataclass(frozen=True)
class RowError:
    """One problem in one row (numbered as the spreadsheet shows it), in one column."""

    row: int
    column: str
    message: str
    code: str = ""

    def __str__(self) -> str:
        if not self.column:
            return at_row(self.row, self.message)
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class Column:
    """A column an import knows: ``key`` in the code, ``title`` as the file spells it, and the other
    spellings seen in real files."""

    key: str
    title: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it, and its values by column key (only
    the columns the file has)."""

    number: int
    cells: dict

    def get(self, key: str, default=None):
        return self.cells.get(key, default)


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int
    # Column key → 0-based position, for the known columns the file has.
    columns: dict[str, int]
    rows: list[Row]

    def has(self, key: str) -> bool:
        return key in self.columns


def normalise_title(value) -> str:
    """A header cell as compared: full-width forms folded (NFKC), spaces removed, a trailing
    required-marker ``*`` or colon dropped."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    return _SPACES.sub("", text).rstrip("*:")


def read_table(
    upload,
    *,
    columns: Sequence[Column],
    max_bytes: int,
    max_rows: int,
    header_search_rows: int = 1,
    sheet: str | None = None,
    filename: str = "",
) -> Table:
    """The data rows of an .xlsx upload under its header, read through ``read_xlsx_rows`` (every
    file guard) with the header found, the columns matched and merged cells resolved as the module
    says. At most ``max_rows`` data rows; refuses with ``SpreadsheetRefused`` otherwise."""
    filename = filename or getattr(upload, "name", "") or "upload.xlsx"
    data = read_xlsx_rows(
        upload, max_bytes=max_bytes, max_rows=max_rows, header_rows=header_search_rows, sheet=sheet, filename=filename
    )
    values = _spread(data.rows, data.merged)
    copies = _title_copies(data.merged, header_search_rows)
    position, header_row, index = _find_header(data.rows, values, columns, header_search_rows, copies)
    _refuse_merges_across_columns(data.merged, header_row, index, columns)
    rows: list[Row] = []
    for number, _raw in data.rows[position + 1 :]:
        if len(rows) == max_rows:
            raise SpreadsheetRefused(_too_many_message(data.title, filename, max_rows, number))
        row = values[number]
        rows.append(Row(number, {key: row[i] if i < len(row) else None for key, i in index.items()}))
    return Table(data.title, header_row, index, rows)


def _too_many_message(sheet: str, filename: str, max_rows: int, row: int) -> str:
    return _(
        "The sheet “%(sheet)s” of the file “%(file)s” has more than %(max)s rows (reading stopped at row "
        "%(row)s); split it and import in parts. Nothing was imported."
    ) % {"sheet": sheet, "file": filename, "max": max_rows, "row": row}


def _spread(rows: list[tuple[int, tuple]], merged) -> dict[int, tuple]:
    """Row number → values, the value of each merged range copied into every cell of the range
    (only into the rows that were read: a row blank but for a merge is no data)."""
    values = {number: values for number, values in rows}
    numbers = [number for number, _values in rows]
    for r1, c1, r2, c2 in merged:
        if (r1, c1) == (r2, c2) or r1 not in values:
            continue
        top = values[r1]
        if c1 > len(top) or top[c1 - 1] is None:
            continue
        value = top[c1 - 1]
        for number in numbers[bisect_left(numbers, r1) :]:
            if number > r2:
                break
            row = list(values[number])
            for c in range(c1, min(c2, len(row)) + 1):
                if row[c - 1] is None:
                    row[c - 1] = value
            values[number] = tuple(row)
    return values


def _title_copies(merged, search: int) -> set[tuple[int, int]]:
    """(row, column) of the cells a title merged across header cells was copied into: the title
    names one column, at the range's first cell."""
    width = settings.IMPORT_MAX_COLUMNS
    return {
        (r, c)
        for r1, c1, r2, c2 in merged
        if c2 > c1 and r1 <= search
        for r in range(r1, min(r2, search) + 1)
        for c in range(c1 + 1, min(c2, width) + 1)
    }


def _find_header(rows, values, columns: Sequence[Column], search: int, copies) -> tuple[int, int, dict[str, int]]:
    """(position in ``rows``, row number, key → column index) of the header: among the first
    ``search`` rows, the one naming the most known columns (the first of equals)."""
    titles = {normalise_title(name): col for col in columns for name in (col.title, *col.synonyms)}
    best: tuple[int, int, list[tuple[int, Column]]] | None = None
    for position, (number, _raw) in enumerate(rows):
        if number > search:
            break
        found = [
            (i, titles[normalise_title(v)])
            for i, v in enumerate(values[number])
            if (number, i + 1) not in copies and normalise_title(v) in titles
        ]
        if found and (best is None or len(found) > len(best[2])):
            best = (position, number, found)
    if best is None:
        raise SpreadsheetRefused(
            _("The file lacks the required columns: %(columns)s.")
            % {"columns": "、".join(c.title for c in columns if c.required)}
        )
    position, number, found = best
    index: dict[str, int] = {}
    for i, col in found:
        if col.key in index:
            raise SpreadsheetRefused(
                at_row(number, _("The column “%(column)s” appears more than once.") % {"column": col.title})
            )
        index[col.key] = i
    missing = [c.title for c in columns if c.required and c.key not in index]
    if missing:
        raise SpreadsheetRefused(
            at_row(number, _("the header lacks the required columns: %(columns)s.") % {"columns": "、".join(missing)})
        )
    return position, number, index


def _refuse_merges_across_columns(merged, header_row: int, index: dict[str, int], columns: Sequence[Column]) -> None:
    """A range merged over two known columns of the data would give both one value: refused."""
    titles = {c.key: c.title for c in columns}
    by_position = {i + 1: titles[key] for key, i in index.items()}
    for r1, c1, r2, c2 in merged:
        if r2 <= header_row or c2 == c1:
            continue
        spanned = [by_position[c] for c in sorted(by_position) if c1 <= c <= c2]
        if len(spanned) > 1:
            ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}"
            raise SpreadsheetRefused(
                at_row(
                    max(r1, header_row + 1),
                    _(
                        "the cells %(range)s are merged over the columns %(columns)s; one value cannot fill "
                        "several columns. Unmerge them and fill in each cell."
                    )
                    % {"range": ref, "columns": "、".join(spanned)},
                )
            )
