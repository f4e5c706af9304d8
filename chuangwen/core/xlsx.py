"""The one writer of .xlsx exports (花名册, 投诉登记台账, 测评体系, 责任分解表, 审计日志 …).

Every export is a streamed (write-only) workbook, so a 20,000-row list costs little memory, and
every sheet has the same shape: an optional title row merged across the columns, one bold header
row with a fill (frozen on screen and repeated on every printed page), the column widths, and a
print setup that fits the columns to the width of a landscape A4 page, with the title in the page
header and "第 1 页，共 3 页" in the footer. Text is set in 宋体 (titles 黑体), the fonts every
Chinese office PC has, so a file prints the same everywhere.

Usage::

    book = XlsxBook()
    sheet = book.sheet("花名册", columns, title="…")
    for person in people:
        sheet.append([...])          # or sheet.append_object(person) with ``XlsxColumn.value``
    return book.save()
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BODY_FONT = "宋体"
TITLE_FONT = "黑体"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FOOTER = "第 &P 页，共 &N 页"
TEXT = "@"
DATE = "yyyy-mm-dd"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ALIGNMENTS = {
    "": None,
    "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    "wrap": Alignment(vertical="center", wrap_text=True),
}


@dataclass(frozen=True)
class XlsxColumn:
    """One column: its header, width (in characters), how to get the value from a row object
    (for ``append_object``), a number format (``TEXT`` keeps 工号 as typed, ``DATE``) and an
    alignment ("", "center" or "wrap")."""

    title: str
    width: float = 12
    value: Callable[[Any], Any] | None = None
    number_format: str = ""
    align: str = ""


class XlsxBook:
    """A streamed workbook whose default font is ``BODY_FONT``."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        # The stylesheet's first font is what every unstyled cell uses; it must be replaced before
        # any other font is registered (openpyxl has no public setting for it).
        self.workbook._fonts = IndexedList([Font(name=BODY_FONT, sz=11)])  # noqa: SLF001

    def sheet(self, name: str, columns: Sequence[XlsxColumn], **options) -> XlsxSheet:
        return XlsxSheet(self.workbook.create_sheet(name[:31]), columns, **options)

    def plain_sheet(self, name: str):
        """A sheet without the export layout (a hidden list of options, a guide)."""
        return self.workbook.create_sheet(name[:31])

    def save(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return out.getvalue()


class XlsxSheet:
    """One sheet in the export layout; rows are written in order with ``append``."""

    def __init__(
        self,
        ws,
        columns: Sequence[XlsxColumn],
        *,
        title: str = "",
        borders: bool = False,
        print_header: str = "",
    ):
        self.ws = ws
        self.columns = list(columns)
        self.borders = borders
        self.header_row = 2 if title else 1
        self.row = 0
        self._styled = borders or any(c.number_format or c.align for c in self.columns)
        for i, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        if title:
            ws.row_dimensions[1].height = 32
        ws.freeze_panes = f"A{self.header_row + 1}"
        self._print_setup(print_header or title)
        if title:
            cell = WriteOnlyCell(ws, title)
            cell.font = Font(name=TITLE_FONT, size=16, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            self._write([cell])
            if len(self.columns) > 1:
                self.merge(1, 1, 1, len(self.columns))
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(ws, column.title)
            cell.font = Font(name=BODY_FONT, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = _ALIGNMENTS["center"]
            cell.border = _BORDER
            header.append(cell)
        self._write(header)

    def _print_setup(self, header_text: str) -> None:
        ws = self.ws
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        if header_text:
            ws.HeaderFooter.oddHeader.center.text = header_text.replace("&", "&&")
        ws.HeaderFooter.oddFooter.center.text = FOOTER

    def _write(self, cells: list) -> None:
        self.ws.append(cells)
        self.row += 1

    def append(self, values: Sequence, *, font: Font | None = None) -> None:
        """One data row, values in column order; ``font`` for a row that must stand out (an example)."""
        if not (self._styled or font):
            self._write(list(values))
            return
        cells = []
        for column, value in zip(self.columns, values, strict=False):
            if value is None and not (self.borders or font):
                cells.append(None)
                continue
            cell = WriteOnlyCell(self.ws, value)
            if column.number_format:
                cell.number_format = column.number_format
            if column.align:
                cell.alignment = _ALIGNMENTS[column.align]
            if self.borders:
                cell.border = _BORDER
            if font:
                cell.font = font
            cells.append(cell)
        self._write(cells)

    def append_object(self, obj) -> None:
        self.append([column.value(obj) for column in self.columns])

    def extend(self, objects: Iterable) -> int:
        """Rows from objects through each column's ``value``; returns how many were written."""
        n = 0
        for obj in objects:
            self.append_object(obj)
            n += 1
        return n

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        self.ws.merged_cells.add(f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}")

    def add_validation(self, validation) -> None:
        self.ws.data_validations.append(validation)
