"""The one .xlsx writer (``core.xlsx``): title row, frozen header, widths, print setup, fonts."""

import io
from datetime import date

from openpyxl import load_workbook

from chuangwen.core.xlsx import DATE, TEXT, XlsxBook, XlsxColumn

COLUMNS = [
    XlsxColumn("工号", 10, value=lambda p: p["no"], number_format=TEXT),
    XlsxColumn("姓名", 12, value=lambda p: p["name"]),
    XlsxColumn("入职日期", 14, value=lambda p: p["hired"], number_format=DATE),
]
PEOPLE = [{"no": "0001", "name": "张三", "hired": date(2020, 7, 1)}, {"no": "0002", "name": "李四", "hired": None}]


def written(**options):
    book = XlsxBook()
    sheet = book.sheet("花名册", COLUMNS, **options)
    assert sheet.extend(PEOPLE) == 2
    return load_workbook(io.BytesIO(book.save())).active, sheet


def test_a_sheet_with_a_title_row():
    ws, sheet = written(title="青溪县人民医院职工花名册", borders=True)
    assert sheet.header_row == 2
    assert ws["A1"].value == "青溪县人民医院职工花名册" and ws["A1"].font.name == "黑体" and ws["A1"].font.b
    assert "A1:C1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["工号", "姓名", "入职日期"]
    assert ws["A2"].font.b and ws["A2"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert (ws["A3"].value, ws["A3"].number_format) == ("0001", "@")
    assert ws["C3"].number_format == "yyyy-mm-dd" and ws["C3"].border.left.style == "thin"
    assert ws.max_row == 4


def test_print_setup_fonts_and_widths():
    ws, _sheet = written()
    assert [c.value for c in ws[1]] == ["工号", "姓名", "入职日期"] and ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws["B2"].font.name == "宋体"  # an unstyled cell has the workbook's default font
    assert [ws.column_dimensions[c].width for c in "ABC"] == [10, 12, 14]
