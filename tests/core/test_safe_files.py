"""The import guards themselves: each bomb is refused by the guard, with a message naming the file,
the part and the limit, before a parser builds anything; ordinary files pass untouched."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from chuangwen.core.safe_files import UnsafeFile, ZipLimits, check_office_zip, yaml_load_strict
from chuangwen.core.spreadsheets import SpreadsheetRefused, read_xlsx_rows
from tests import bombs

LIMITS = ZipLimits(max_members=50, max_member_bytes=4 * bombs.MB, max_total_bytes=6 * bombs.MB, max_ratio=100)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refused(data: bytes, name="bomb.xlsx", limits=LIMITS) -> str:
    with pytest.raises(UnsafeFile) as info:
        check_office_zip(io.BytesIO(data), filename=name, limits=limits)
    return info.value.message


def test_an_ordinary_workbook_passes_and_the_stream_is_rewound():
    wb = Workbook()
    wb.active.append(["工号", "姓名"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(7)
    names = check_office_zip(out, filename="ok.xlsx", limits=LIMITS)
    assert "xl/workbook.xml" in names and out.tell() == 0


def test_a_part_that_unpacks_past_the_per_part_limit_is_refused_from_the_directory():
    message = refused(bombs.workbook(shared_strings=bombs.shared_strings_bomb(5 * bombs.MB)), "花名册.xlsx")
    assert "“xl/sharedStrings.xml”" in message and "“花名册.xlsx”" in message and "more than 4 MB" in message


def test_parts_that_add_up_past_the_total_limit_are_refused():
    parts = {f"xl/media/p{i}.bin": bombs.shared_strings_bomb(3 * bombs.MB) for i in range(3)}
    lenient_ratio = ZipLimits(
        max_members=50, max_member_bytes=4 * bombs.MB, max_total_bytes=6 * bombs.MB, max_ratio=10**4
    )
    message = refused(bombs.workbook(parts), limits=lenient_ratio)
    assert "more than 6 MB in all (at part “xl/media/p2.bin”)" in message


def test_too_many_parts_are_refused():
    assert "more than the 50 accepted" in refused(bombs.workbook(members=60))


def test_too_many_parts_are_refused_from_the_end_record_before_zipfile_lists_them(monkeypatch):
    import zipfile

    data = bombs.workbook(members=60)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # refused before zipfile is used at all
    assert "holds 66 parts, more than the 50 accepted" in refused(data)  # 60 + the workbook's own 6


def test_a_part_that_packs_too_well_is_refused():
    message = refused(bombs.workbook({"xl/media/image1.png": bombs.zeros(2 * bombs.MB)}))
    assert "“xl/media/image1.png”" in message and "at most 100 accepted" in message


def test_a_directory_that_understates_a_part_does_not_let_it_through():
    """The central directory claims 1000 bytes for a 3 MB part: reading it stops at the claim and the
    CRC no longer matches, so the guard refuses the file before openpyxl would see a lie."""
    honest = bombs.workbook(shared_strings=bombs.shared_strings_bomb(3 * bombs.MB))
    liar = bombs.understate_size(honest, "xl/sharedStrings.xml", 1000)
    assert "“lie.xlsx” is damaged" in refused(liar, "lie.xlsx")


def test_the_reading_counter_enforces_the_limits_on_its_own(monkeypatch):
    """Even if the directory check were fooled, inflating counts real bytes against the limit."""
    from chuangwen.core import safe_files

    monkeypatch.setattr(safe_files, "_check_directory", lambda *args: None)
    data = bombs.workbook(shared_strings=bombs.shared_strings_bomb(5 * bombs.MB))
    assert "more than 4 MB, the limit for one part" in refused(data)


def test_an_xml_entity_bomb_is_refused_at_its_dtd():
    message = refused(bombs.workbook(shared_strings=bombs.billion_laughs_xml()))
    assert "“xl/sharedStrings.xml”" in message and "DTD" in message


def test_rows_far_below_the_limit_are_refused_without_reading_the_gap(settings):
    far = '<row r="900000000"><c r="A900000000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = bombs.workbook(sheet=bombs.header_sheet(["工号"], [["1"]], extra=far))
    with pytest.raises(SpreadsheetRefused) as info:
        read_xlsx_rows(data, max_bytes=bombs.MB, max_rows=100, filename="far.xlsx")
    assert info.value.message == (
        "The sheet “花名册” of the file “far.xlsx” has more than 100 rows (reading stopped at row 1102); "
        "split it and import in parts. Nothing was imported."
    )


def test_rows_past_the_limit_are_refused_at_the_first_one(settings):
    rows = [[str(i)] for i in range(11)]
    data = bombs.workbook(sheet=bombs.header_sheet(["工号"], rows))
    assert len(read_xlsx_rows(data, max_bytes=bombs.MB, max_rows=11).rows) == 12
    with pytest.raises(SpreadsheetRefused, match="more than 10 rows .reading stopped at row 12"):
        read_xlsx_rows(data, max_bytes=bombs.MB, max_rows=10)


def test_cells_beyond_the_column_limit_are_never_materialised(settings):
    """A cell in column XFD would make openpyxl pad every row to 16384 values."""
    settings.IMPORT_MAX_COLUMNS = 8
    wide = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 50))
    rows = read_xlsx_rows(
        bombs.workbook(sheet=bombs.header_sheet(["工号"], extra=wide)), max_bytes=bombs.MB, max_rows=100
    )
    assert {len(values) for _n, values in rows.rows} == {8}


# ------------------------------------------------------------------------------------------ YAML


def yaml_refused(text: str) -> str:
    with pytest.raises(UnsafeFile) as info:
        yaml_load_strict(text, filename="s.yaml")
    return info.value.message


def test_yaml_billion_laughs_is_refused_at_its_first_anchor():
    assert yaml_refused(bombs.BILLION_LAUGHS_YAML) == (
        "The YAML file “s.yaml” uses an anchor or alias (& or *) on line 1; import files must write every value "
        "out in full."
    )


def test_yaml_alias_tree_and_merge_keys_are_refused():
    assert "anchor or alias" in yaml_refused(bombs.alias_tree_yaml())
    assert "anchor or alias" in yaml_refused("base: &b {points: 1}\nitem:\n  <<: *b\n")


def test_yaml_depth_and_node_count_are_bounded(settings):
    assert "nested more than 20 levels" in yaml_refused(bombs.deep_yaml(500))
    assert "more than 100000 values" in yaml_refused(bombs.wide_yaml(200_000))
    settings.IMPORT_YAML_MAX_NODES = 5
    assert "more than 5 values (at line 1)" in yaml_refused("[1, 2, 3, 4, 5]")


def test_yaml_without_aliases_loads_as_before():
    assert yaml_load_strict("name: 测试\naspects: [{title: a, points: 1.5}]\n", filename="s.yaml") == {
        "name": "测试",
        "aspects": [{"title": "a", "points": 1.5}],
    }
