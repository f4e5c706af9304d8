"""The one spreadsheet reader (``core.spreadsheets.read_table``): header found and matched,
merged cells spread or refused, row numbers as the spreadsheet shows them in every message."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from chuangwen.core.spreadsheets import Column, RowError, SpreadsheetRefused, at_row, normalise_title, read_table

COLUMNS = (
    Column("no", "工号", required=True),
    Column("name", "姓名", required=True),
    Column("dept", "科室", required=True, synonyms=("部门",)),
    Column("phone", "手机", synonyms=("联系电话",)),
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook(rows, merge=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    for ref in merge:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(content: bytes, **options):
    options = {"columns": COLUMNS, "max_bytes": 1024 * 1024, "max_rows": 100, **options}
    return read_table(content, **options)


def refused(content: bytes, **options) -> str:
    with pytest.raises(SpreadsheetRefused) as info:
        read(content, **options)
    return info.value.message


def test_titles_match_across_spaces_full_width_markers_and_synonyms():
    assert normalise_title(" 工 号* ") == "工号"
    assert normalise_title("联系电话（手机）") == "联系电话(手机)"
    assert normalise_title("姓名：") == "姓名"
    table = read(workbook([["工　号", "姓名*", " 部门 ", "联系电话"], ["1001", "张三", "内科", "138"]]))
    assert table.columns == {"no": 0, "name": 1, "dept": 2, "phone": 3}
    assert [(r.number, r.cells) for r in table.rows] == [
        (2, {"no": "1001", "name": "张三", "dept": "内科", "phone": "138"})
    ]


def test_the_header_is_found_below_a_title_row_and_unknown_columns_are_ignored():
    content = workbook([["某某医院职工花名册"], [], ["备注", "工号", "姓名", "科室"], ["x", "1", "李四", "外科"]])
    table = read(content, header_search_rows=5)
    assert table.header_row == 3
    assert table.rows[0].number == 4 and table.rows[0].cells == {"no": "1", "name": "李四", "dept": "外科"}
    assert not table.has("phone")


def test_missing_required_columns_are_named_with_the_header_row():
    message = refused(workbook([["说明"], ["姓名", "手机"], ["张三", "1"]]), header_search_rows=3)
    assert message == "Row 2: the header lacks the required columns: 工号、科室."


def test_no_header_at_all_names_every_required_column():
    assert refused(workbook([["a", "b"], ["c", "d"]])) == "The file lacks the required columns: 工号、姓名、科室."


def test_a_column_named_twice_is_refused_with_its_row():
    message = refused(workbook([["工号", "姓名", "部门", "科室"], ["1", "张", "内科", "内科"]]))
    assert message == "Row 1: The column “科室” appears more than once."


def test_a_range_merged_down_a_column_is_spread_to_each_row():
    rows = [["工号", "姓名", "科室"], ["1", "张三", "内科"], ["2", "李四", None], ["3", "王五", None]]
    rows.append(["4", "赵六", "外科"])
    table = read(workbook(rows, merge=["C2:C4"]))
    assert [(r.number, r.get("dept")) for r in table.rows] == [(2, "内科"), (3, "内科"), (4, "内科"), (5, "外科")]


def test_a_two_row_header_with_merged_titles_is_read_from_its_lower_row():
    rows = [
        ["工号", "姓名", "科室", "联系方式", None],
        [None, None, None, "手机", "座机"],
        ["1", "张三", "内科", "138", "0736"],
    ]
    table = read(workbook(rows, merge=["A1:A2", "B1:B2", "C1:C2", "D1:E1"]), header_search_rows=2)
    assert table.header_row == 2
    assert table.rows[0].cells == {"no": "1", "name": "张三", "dept": "内科", "phone": "138"}


def test_a_title_merged_over_several_header_cells_names_one_column():
    rows = [["工号", "姓名", None, "科室"], ["1", "张三", "备注", "内科"]]
    table = read(workbook(rows, merge=["B1:C1"]))
    assert table.columns == {"no": 0, "name": 1, "dept": 3}


def test_a_value_merged_across_known_columns_is_refused_naming_the_range():
    rows = [["工号", "姓名", "科室"], ["1", "张三", "内科"], ["2", "李四内科", None]]
    message = refused(workbook(rows, merge=["B3:C3"]))
    assert message.startswith("Row 3: the cells B3:C3 are merged over the columns 姓名、科室")


def test_too_many_data_rows_are_refused_at_the_first_one_past_the_limit():
    content = workbook([["标题"], ["工号", "姓名", "科室"], *[[str(i), "张", "内科"] for i in range(5)]])
    message = refused(content, header_search_rows=2, max_rows=3)
    assert "more than 3 rows (reading stopped at row 6)" in message


def test_row_messages_start_with_the_row_number():
    assert at_row(12, "x") == "Row 12: x"
    assert str(RowError(12, "科室", "unknown")) == "Row 12, 科室: unknown"
    with translation.override("zh-hans"):
        assert at_row(12, "缺少姓名。") == "第 12 行：缺少姓名。"
        assert str(RowError(3, "", "未通过")) == "第 3 行：未通过"
