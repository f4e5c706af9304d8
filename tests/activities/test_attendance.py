"""Paper sign-in sheets (validated whole), leave, and the participation rate."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chuangwen.activities import selectors, services
from chuangwen.activities.models import Attendance
from tests import factories as f


@pytest.fixture
def training(world):
    people = [world.a_p1, world.a_p2] + [f.person(world.a_med, name=n) for n in ("周杰", "吴芳", "郑伟")]
    return f.activity(world.a_med, kind=f.shipped_kind("training"), title="消防演练培训", roster=people), people


def test_a_sheet_with_bad_rows_writes_nothing_and_names_each_row(world, training):
    act, people = training
    nos = [p.employee_no for p in people]
    text = f"{nos[0]}\n不存在的人\n{nos[1]} 请假\n{nos[2]} 早退\n{nos[0]}"
    with pytest.raises(ValidationError) as err:
        services.attendance_paper(activity=act, user=world.office, rows=services.paper_rows(text=text))
    messages = err.value.message_dict["text"]
    assert len(messages) == 4
    assert messages[0].startswith("第 2 行") or "2" in messages[0]
    assert "不存在的人" in messages[0]
    assert any("早退" in m for m in messages) and any("请假" in m or "原因" in m for m in messages)
    assert not Attendance.objects.exists()


def test_a_good_sheet_by_number_or_name_with_late_and_leave(world, training):
    act, people = training
    text = f"{people[0].employee_no}\n周杰 迟到\n{people[4].employee_no} 请假 外出进修"
    result = services.attendance_paper(activity=act, user=world.office, rows=services.paper_rows(text=text))
    assert result.added == 3
    rows = {a.person_id: a for a in Attendance.objects.filter(activity=act)}
    assert rows[people[2].pk].status == "late" and rows[people[4].pk].leave_reason == "外出进修"
    assert {a.method for a in rows.values()} == {"paper"}
    again = services.attendance_paper(activity=act, user=world.office, rows=services.paper_rows(text="周杰"))
    assert again.added == 0 and again.skipped == ["周杰"]


def test_a_sheet_from_xlsx(world, training):
    act, people = training
    wb = Workbook()
    ws = wb.active
    ws.append(["工号", "姓名", "状态", "请假原因"])
    ws.append([people[0].employee_no, people[0].name, "", ""])
    ws.append([None, "吴芳", "请假", "病假"])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("签到表.xlsx", buf.getvalue())
    result = services.attendance_paper(activity=act, user=world.office, rows=services.paper_rows(upload=upload))
    assert result.added == 2


def test_a_name_shared_by_two_asks_for_the_number(world, training):
    act, _people = training
    f.person(world.a_surg, name="周杰")
    with pytest.raises(ValidationError) as err:
        services.attendance_paper(activity=act, user=world.office, rows=services.paper_rows(text="周杰"))
    assert "周杰" in err.value.message_dict["text"][0]


def test_staff_may_not_type_a_sheet(world, training):
    act, people = training
    with pytest.raises(PermissionDenied):
        services.attendance_paper(activity=act, user=world.staff, rows=services.paper_rows(text=people[0].name))


def test_the_rate_counts_the_invited_present_over_the_invited_not_on_leave(world, training):
    act, people = training
    f.attendance(act, people[0])
    f.attendance(act, people[1], status="late")
    services.attendance_leave(activity=act, user=world.office, person=people[2], reason="病假")
    f.attendance(act, f.person(world.a_surg, name="路人"))  # a walk-in
    p = selectors.participation(act)
    assert (p.expected, p.attended, p.leave, p.walk_ins, p.late) == (5, 2, 1, 1, 1)
    assert p.rate == 50.0 and p.required == 100 and p.below
    listed = selectors.activity_list(world.office).get(pk=act.pk)
    assert selectors.participation(listed) == p


def test_leave_needs_a_reason(world, training):
    act, people = training
    with pytest.raises(ValidationError):
        services.attendance_leave(activity=act, user=world.office, person=people[0], reason=" ")
