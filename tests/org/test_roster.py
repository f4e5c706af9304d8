"""The roster service: import validation, writes and history, export and the template."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from chuangwen.org.exports import roster_export, roster_template
from chuangwen.org.models import Person
from chuangwen.org.roster import HEADERS, RosterImportError, roster_import

from .roster_helpers import person_row, read_rows, upload, xlsx


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked against their English msgids, whatever the .po files say."""
    with translation.override("en"):
        yield


def run(world, content, unit=None):
    return roster_import(unit=unit or world.a, uploaded_file=upload(content), user=world.office)


def refused(world, content) -> RosterImportError:
    with pytest.raises(RosterImportError) as info:
        run(world, content)
    return info.value


def counts():
    return Person.objects.count(), Person.history.count()


def test_valid_import_creates_people_with_history(world):
    rows = [
        person_row(
            1001,
            "陈静",
            "外科",
            性别="女",
            职称="主管护师",
            岗位="护士长",
            手机=13912345678.0,
            政治面貌="党员",
            入职日期=datetime(2015, 8, 3),
            在职状态="在职",
        ),
        person_row(
            1002.0, "刘洋", " 内科 ", 手机="0736-1234567", 政治面貌="团员", 入职日期="2019/3/5", 在职状态="离职"
        ),
        person_row("1003", "孙悦", "内科", 政治面貌="预备党员", 入职日期="2021.12.01"),
    ]
    result = run(world, xlsx(rows))

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    chen = Person.objects.get(unit=world.a, employee_no="1001")
    assert (chen.name, chen.gender, chen.department, chen.title, chen.position) == (
        "陈静",
        "F",
        world.a_surg,
        "主管护师",
        "护士长",
    )
    assert (chen.phone, chen.political_status, chen.hired_on, chen.is_active) == (
        "13912345678",
        "cpc",
        date(2015, 8, 3),
        True,
    )
    liu = Person.objects.get(unit=world.a, employee_no="1002")
    assert (liu.department, liu.phone, liu.political_status, liu.hired_on, liu.is_active) == (
        world.a_med,
        "0736-1234567",
        "league",
        date(2019, 3, 5),
        False,
    )
    sun = Person.objects.get(unit=world.a, employee_no="1003")
    assert (sun.political_status, sun.hired_on, sun.gender, sun.is_active) == (
        "probationary",
        date(2021, 12, 1),
        "",
        True,
    )
    history = Person.history.filter(employee_no__in=["1001", "1002", "1003"])
    assert history.count() == 3
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", world.office.pk)}


def test_headers_match_in_any_order_and_with_spaces(world):
    content = xlsx([["外科", "周杰", "3001", "群众"]], headers=[" 科 室", "姓名", "工号 ", "政治面貌"])
    assert run(world, content).created == 1
    assert Person.objects.get(unit=world.a, employee_no="3001").department == world.a_surg


@pytest.mark.parametrize(
    ("extra", "column", "code"),
    [
        ({"姓名": None}, "姓名", "required"),
        ({"工号": None}, "工号", "required"),
        ({"科室": "心内科"}, "科室", "unknown_department"),
        ({"手机": "1380000"}, "手机", "invalid"),
        ({"手机": 12345678901}, "手机", "invalid"),
        ({"政治面貌": "无党派"}, "政治面貌", "invalid"),
        ({"入职日期": "2020-13-01"}, "入职日期", "invalid"),
        ({"入职日期": "去年三月"}, "入职日期", "invalid"),
        ({"性别": "未知"}, "性别", "invalid"),
        ({"在职状态": "退休"}, "在职状态", "invalid"),
        ({"姓名": "名" * 31}, "姓名", "too_long"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_written(world, extra, column, code):
    before = counts()
    rows = [person_row("5001", "好人"), person_row("5002", "坏行", **extra)]
    error = refused(world, xlsx(rows))

    assert [(e.row, e.column, e.code) for e in error.errors] == [(3, column, code)]
    assert error.errors[0].employee_no == ("" if column == "工号" else "5002")
    assert str(error.errors[0]).startswith("Row 3")
    assert counts() == before


def test_unknown_department_names_it(world):
    error = refused(world, xlsx([person_row("5001", dept="心内科")]))
    assert "心内科" in error.errors[0].reason


def test_department_of_another_unit_is_unknown(world):
    world.b_med.name = "中医内科"
    world.b_med.save()
    error = refused(world, xlsx([person_row("5001", dept="中医内科")]))
    assert error.errors[0].code == "unknown_department"


def test_duplicate_employee_no_names_both_rows(world):
    rows = [person_row("7001", "甲"), person_row("7002", "乙"), person_row(7001, "丙")]
    error = refused(world, xlsx(rows))
    (dup,) = error.errors
    assert (dup.row, dup.employee_no, dup.column, dup.code) == (4, "7001", "工号", "duplicate")
    assert "row 2" in dup.reason


def test_all_errors_are_listed_at_once(world):
    before = counts()
    rows = [
        person_row("8001", None),
        person_row("8002", dept="药剂科"),
        person_row("8003", 手机="abc"),
        person_row("8004"),
        [None] * len(HEADERS),
        person_row("8005", 入职日期="2020-02-30", 性别="M"),
        person_row("8004", "重复"),
    ]
    error = refused(world, xlsx(rows))
    assert [(e.row, e.column) for e in error.errors] == [
        (2, "姓名"),
        (3, "科室"),
        (4, "手机"),
        (7, "性别"),
        (7, "入职日期"),
        (8, "工号"),
    ]
    assert "6" in error.message
    assert counts() == before


def test_reimport_changes_nothing(world):
    content = xlsx([person_row("9001", "吴磊", 手机="13700000000", 入职日期=date(2018, 1, 2)), person_row("9002")])
    run(world, content)
    stamp = Person.objects.get(employee_no="9001").updated_at
    before = counts()

    result = run(world, content)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == before
    assert Person.objects.get(employee_no="9001").updated_at == stamp


def test_changed_phone_updates_with_history(world):
    p = world.a_p1
    other_stamp = world.a_p2.updated_at
    rows = [
        person_row(p.employee_no, p.name, "内科", 手机="13911112222"),
        person_row(world.a_p2.employee_no, world.a_p2.name, "外科"),
    ]
    result = run(world, xlsx(rows, headers=["工号", "姓名", "科室", "手机"]))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    p.refresh_from_db()
    assert p.phone == "13911112222"
    assert p.user == world.staff
    last = p.history.latest("history_date")
    assert (last.history_type, last.history_user, last.phone) == ("~", world.office, "13911112222")
    world.a_p2.refresh_from_db()
    assert world.a_p2.updated_at == other_stamp


def test_columns_absent_from_the_file_are_kept(world):
    p = world.a_p1
    run(world, xlsx([[p.employee_no, "李娜娜", "外科"]], headers=["工号", "姓名", "科室"]))
    p.refresh_from_db()
    assert (p.name, p.department, p.phone) == ("李娜娜", world.a_surg, "13800000001")


def test_same_employee_no_in_another_unit_is_a_new_person(world):
    result = run(world, xlsx([person_row(world.a_p1.employee_no, "别人", "内科")]), unit=world.b)
    assert result.created == 1
    world.a_p1.refresh_from_db()
    assert world.a_p1.name == "李娜"


def test_export_then_import_changes_nothing(world):
    p = world.a_p1
    p.gender, p.title, p.position, p.political_status, p.hired_on = "F", "主治医师", "医生", "cpc", date(2012, 9, 1)
    p.save()
    Person.objects.create(
        unit=world.a, department=world.a_surg, employee_no="000123", name="钱多", phone="0736-7654321", is_active=False
    )
    before = counts()

    content = roster_export(Person.objects.filter(unit=world.a))
    result = run(world, content)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert counts() == before


def test_export_format(world):
    world.a_p1.hired_on = date(2012, 9, 1)
    world.a_p1.save()
    content = roster_export(Person.objects.filter(unit=world.a).order_by("employee_no"))
    ws = load_workbook(io.BytesIO(content)).worksheets[0]

    assert [c.value for c in ws[1]] == list(HEADERS)
    assert ws[1][0].font.b and ws[1][0].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width > 5
    no, phone, hired = ws["A2"], ws["G2"], ws["I2"]
    assert (no.value, no.data_type, no.number_format) == (world.a_p1.employee_no, "s", "@")
    assert (phone.value, phone.data_type, phone.number_format) == ("13800000001", "s", "@")
    assert hired.value == datetime(2012, 9, 1) and hired.number_format == "yyyy-mm-dd"
    assert ws.max_row == 3


def test_export_across_units_names_the_unit(world):
    rows = read_rows(roster_export(Person.objects.filter(unit__in=[world.a, world.b]), with_unit=True))
    assert rows[0] == ("单位", *HEADERS)
    assert {r[0] for r in rows[1:]} == {world.a.name, world.b.name}


def test_template_lists_departments_and_imports_cleanly(world):
    content = roster_template(unit=world.a)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["花名册", "说明"]
    assert [c.value for c in wb["花名册"][1]] == list(HEADERS)
    guide = wb["说明"]
    assert [guide.cell(row=i, column=5).value for i in (2, 3)] == ["内科", "外科"]
    assert "中共预备党员" in " ".join(str(c.value) for c in guide["C"])
    assert run(world, content).created == 1


# ---------------------------------------------------------------------------------------------- file errors


def test_text_renamed_to_xlsx_is_refused(world):
    error = refused(world, "工号,姓名,科室\n1,张三,内科\n".encode())
    assert error.message == "This is not an Excel .xlsx file." and not error.errors


def test_jpeg_renamed_to_xlsx_is_refused(world):
    assert "not an Excel" in refused(world, b"\xff\xd8\xff\xe0" + b"\0" * 100).message


def test_old_xls_is_refused_with_a_hint(world):
    assert ".xls" in refused(world, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).message


def test_zip_that_is_not_a_workbook_is_refused(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "not an Excel" in refused(world, out.getvalue()).message


def test_corrupt_zip_is_refused(world):
    assert "damaged" in refused(world, b"PK\x03\x04" + b"\x00garbage" * 50).message


def test_truncated_xlsx_is_refused(world):
    content = xlsx([person_row()])
    assert "damaged" in refused(world, content[: len(content) // 2]).message


def test_damaged_sheet_inside_a_valid_zip_is_refused(world):
    src = zipfile.ZipFile(io.BytesIO(xlsx([person_row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item)
            z.writestr(item, b"<worksheet><sheetData><row" if item.filename.endswith("sheet1.xml") else data)
    assert "damaged" in refused(world, out.getvalue()).message


def test_file_over_the_limit_is_refused_before_reading(world, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    size = 50 * 1024 * 1024
    big = TemporaryUploadedFile("花名册.xlsx", "application/octet-stream", size, None)
    big.seek(size - 1)
    big.write(b"\0")  # sparse: 50 MB on paper, nothing in memory
    big.seek(0)
    before = counts()
    with pytest.raises(RosterImportError) as info:
        roster_import(unit=world.a, uploaded_file=big, user=world.office)
    assert "larger than 10 MB" in info.value.message
    assert big.tell() == 0
    assert counts() == before
    big.close()


def test_missing_required_columns_are_named(world):
    error = refused(world, xlsx([["张三", "男"]], headers=["姓名", "性别"]))
    assert "工号" in error.message and "科室" in error.message and "姓名" not in error.message


def test_repeated_column_is_refused(world):
    assert "姓名" in refused(world, xlsx([["1", "张", "张", "内科"]], headers=["工号", "姓名", "姓名", "科室"])).message


def test_header_only_is_refused(world):
    assert "no staff rows" in refused(world, xlsx([[None, None, None], ["  ", None, None]])).message


def test_too_many_rows_is_refused(world, settings):
    settings.ROSTER_MAX_ROWS = 3
    before = counts()
    error = refused(world, xlsx([person_row(str(6000 + i)) for i in range(4)]))
    assert "more than 3" in error.message
    assert counts() == before
    assert run(world, xlsx([person_row(str(6000 + i)) for i in range(3)])).created == 3
