import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from chuangwen.campaigns import exports, services
from chuangwen.campaigns import responsibility_table as table
from chuangwen.campaigns.models import Task
from tests import factories as f

from .conftest import item


@pytest.fixture
def planned(world, camp, std):
    phase = camp.phases.order_by("order").first()
    t1 = services.task_create(
        campaign=camp, title="召开创建动员大会", description="全院职工参加", department=world.a_med,
        person=world.a_p1, co_departments=[world.a_surg], deadline=date(2026, 3, 10), phase=phase,
        items=[item(std, "1.1.1"), item(std, "1.1.2")], deliverable="签到表、照片", user=world.office,
    )  # fmt: skip
    t2 = services.task_create(
        campaign=camp, title="每月两次政治学习", department=world.a_surg, deadline=date(2026, 11, 30),
        recurrence=Task.Recurrence.TWICE_MONTHLY, user=world.office,
    )  # fmt: skip
    archived = f.task(camp, world.a_med, title="已归档任务", code="RW099")
    services.task_archive(task=archived, user=world.office)
    return t1, t2


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data))[table.SHEET_TITLE]


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_export_layout(world, camp, planned):
    ws = _sheet(exports.export_workbook(camp))
    assert ws["A1"].value == "青溪县人民医院2026年创建市级文明单位责任分解表"
    assert [c.value for c in ws[2]] == list(table.HEADERS)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert len(rows) == 2  # the archived task is not in the table
    first = rows[0]
    assert first[:4] == [1, "RW001", "宣传发动", "召开创建动员大会"]
    assert first[5] == "1.1.1、1.1.2"
    assert first[6:9] == ["内科", f"李娜（{world.a_p1.employee_no}）", "外科"]
    assert first[9] == datetime(2026, 3, 10)
    assert rows[1][11] == "每月两次"
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws["D3"].alignment.wrap_text and ws["D3"].border.left.style == "thin"


def test_reimporting_an_unchanged_export_changes_nothing(world, camp, planned):
    before = {t.pk: t.history.count() for t in planned}
    result = table.import_workbook(campaign=camp, data=exports.export_workbook(camp), user=world.office)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert {t.pk: t.history.count() for t in planned} == before


def test_round_trip_edit_one_cell_changes_only_that_task(world, camp, planned):
    t1, t2 = planned
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    ws = wb[table.SHEET_TITLE]
    ws["J4"] = datetime(2026, 12, 15)  # t2's deadline
    ws["F4"] = "2.1.1、2.1.2"
    t1_history = t1.history.count()
    result = table.import_workbook(campaign=camp, data=_save(wb), user=world.head)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    t2.refresh_from_db()
    assert t2.deadline == date(2026, 12, 15)
    assert sorted(t2.items.values_list("code", flat=True)) == ["2.1.1", "2.1.2"]
    assert t2.history.first().history_user == world.head
    assert t1.history.count() == t1_history


def test_blank_number_creates_a_task(world, camp, planned):
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    ws = wb[table.SHEET_TITLE]
    ws.append([3, "", "全面创建", "开设道德讲堂", "", "1.2.1", "外科", "王强", "", "2026/6/30", "讲稿", "每季度", ""])
    result = table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
    assert result.created == 1
    t = Task.objects.get(title="开设道德讲堂")
    assert (t.code, t.department, t.person, t.deadline, t.recurrence) == (
        "RW100",
        world.a_surg,
        world.a_p2,
        date(2026, 6, 30),
        "quarterly",
    )
    assert t.phase.name == "全面创建"


@pytest.mark.parametrize(
    "cell,value,column",
    [
        ("G3", "不存在的科室", "牵头科室"),
        ("H3", "查无此人", "责任人"),
        ("F3", "9.9.9", "对应测评项目"),
        ("C3", "第四阶段", "阶段"),
        ("J3", "明年三月", "完成时限"),
        ("L3", "每天三次", "频次"),
        ("B3", "RW777", "任务编号"),
        ("D3", "", "工作任务"),
        ("I3", "外星科", "配合科室"),
    ],
)
def test_each_bad_cell_is_reported_with_row_and_nothing_is_written(world, camp, planned, cell, value, column):
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    ws = wb[table.SHEET_TITLE]
    ws["D4"] = "这行本身是好的修改"  # a valid change in another row must not be written either
    ws[cell] = value
    ws.append([3, "", "", "新任务", "", "", "内科", "", "", "2026-05-01", "", "一次性", ""])
    with pytest.raises(table.ImportRefused) as exc:
        table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, column)]
    assert "3" in str(exc.value.errors[0])
    assert not Task.objects.filter(title__in=["这行本身是好的修改", "新任务"]).exists()
    assert Task.objects.filter(campaign=camp).count() == 3


def test_several_errors_are_all_reported(world, camp, planned):
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    ws = wb[table.SHEET_TITLE]
    ws["G3"] = "无此科"
    ws["J4"] = "2026-13-45"
    ws["B4"] = "RW001"  # duplicate number
    with pytest.raises(table.ImportRefused) as exc:
        table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
    assert {(e.row, e.column) for e in exc.value.errors} == {(3, "牵头科室"), (4, "完成时限"), (4, "任务编号")}


def test_ambiguous_person_name_asks_for_employee_number(world, camp, planned):
    f.person(world.a_surg, name="李娜")
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    wb[table.SHEET_TITLE]["H3"] = "李娜"
    with pytest.raises(table.ImportRefused) as exc:
        table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
    assert exc.value.errors[0].column == "责任人"


def test_not_a_workbook_is_refused(world, camp):
    with pytest.raises(table.ImportRefused):
        table.import_workbook(campaign=camp, data=b"%PDF-1.4 not a workbook", user=world.office)


def test_missing_columns_are_named(world, camp):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["序号", "工作任务", "牵头科室"])
    wb.active.append([1, "任务", "内科"])
    with pytest.raises(table.ImportRefused) as exc:
        table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
    assert "任务编号" in exc.value.message and "完成时限" in exc.value.message


def test_another_units_department_is_unknown(world, camp, planned):
    f.department(world.b, "康复科")
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    wb[table.SHEET_TITLE]["G3"] = "康复科"
    with pytest.raises(table.ImportRefused):
        table.import_workbook(campaign=camp, data=_save(wb), user=world.office)
