"""The one reader of uploaded .xlsx workbooks (花名册, 测评体系, 责任分解表 …).

``read_xlsx_rows`` checks the upload's size, that it is an .xlsx and not an old .xls, and the zip
guard of ``safe_files`` before openpyxl opens it; then it reads one sheet in openpyxl's streaming
mode with the row and column limits applied while reading, so a sheet that claims or holds more
rows than accepted is refused at the first row past the limit, never loaded whole. Every refusal
is a ``SpreadsheetRefused`` whose message names the file, the sheet and the limit; the importers
turn it into their own error type."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .safe_files import MB, UnsafeFile, check_office_zip

ZIP_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
# Blank rows between or below the data that are read past the row limit before giving up: a
# sheet is allowed some empty lines, not a million of them.
BLANK_ROWS_ALLOWED = 1000


class SpreadsheetRefused(UnsafeFile):
    """The workbook was refused before or while reading; nothing was imported."""


@dataclass(frozen=True)
class SheetRows:
    """The non-blank rows of one sheet: ``(row number as the spreadsheet shows it, values)``."""

    title: str
    rows: list[tuple[int, tuple]]


def read_xlsx_rows(
    upload, *, max_bytes: int, max_rows: int, header_rows: int = 1, sheet: str | None = None, filename: str = ""
) -> SheetRows:
    """The non-blank rows of the sheet named ``sheet`` (or the first one) of an .xlsx upload (an
    ``UploadedFile`` or bytes), each at most ``IMPORT_MAX_COLUMNS`` values wide. At most ``max_rows``
    rows below the first ``header_rows`` are accepted, and nothing below row
    ``header_rows + max_rows + BLANK_ROWS_ALLOWED`` is read."""
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
            return SheetRows(ws.title, _bounded_rows(ws, filename, max_rows, header_rows))
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
        return SpreadsheetRefused(
            _(
                "The sheet “%(sheet)s” of the file “%(file)s” has more than %(max)s rows (reading stopped at row "
                "%(row)s); split it and import in parts. Nothing was imported."
            )
            % {"sheet": ws.title, "file": filename, "max": max_rows, "row": row}
        )

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
