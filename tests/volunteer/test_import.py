"""Acceptance 3: the platform import reports every bad row with its number, writes nothing on
error, and importing the same file again changes nothing; the mapping is remembered."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chuangwen.volunteer import imports
from chuangwen.volunteer.models import ImportBatch, ImportMapping, ServiceHours

from .conftest import MAPPING, xlsx


def _rows(w):
    return [
        ("李娜", w.a_p1.employee_no, "2026-03-05", 3, "学雷锋义诊", "R001"),
        ("王强", w.a_p2.employee_no, "2026/10/12", "2.5", "门诊导医", "R002"),
        ("赵敏", "", "2026年9月1日", "4小时", "敬老院服务", "R003"),
    ]


def test_a_good_file_imports_once_and_again_changes_nothing(hospital, today):
    w = hospital
    data = xlsx(_rows(w))
    batch = imports.import_validate(unit=w.a, user=w.office, upload=data, mapping=MAPPING, filename="志愿汇.xlsx")
    assert batch.status == ImportBatch.Status.VALIDATED and batch.new_rows == 3 and not batch.errors
    assert ServiceHours.objects.count() == 0  # checking writes nothing
    batch = imports.import_commit(batch=batch, user=w.office)
    assert batch.status == ImportBatch.Status.COMMITTED
    got = {(h.person.name, h.hours, h.platform_id) for h in ServiceHours.objects.select_related("person")}
    assert got == {("李娜", Decimal("3"), "R001"), ("王强", Decimal("2.5"), "R002"), ("赵敏", Decimal("4"), "R003")}
    assert set(ServiceHours.objects.values_list("batch", "entered_by", "source").distinct()) == {
        (batch.pk, w.office.pk, "imported")
    }
    again = imports.import_validate(unit=w.a, user=w.office, upload=data, mapping=MAPPING)
    assert again.new_rows == 0 and again.known_rows == 3
    imports.import_commit(batch=again, user=w.office)
    assert ServiceHours.objects.count() == 3


def test_without_a_record_number_the_row_itself_is_the_key(hospital, today):
    w = hospital
    mapping = {k: v for k, v in MAPPING.items() if k != "platform_id"}
    rows = [r[:5] for r in _rows(w)]
    data = xlsx(rows, headers=("志愿者姓名", "工号", "服务日期", "服务时长", "项目名称"))
    for _ in range(2):
        imports.import_commit(batch=imports.import_validate(unit=w.a, user=w.office, upload=data, mapping=mapping),
                              user=w.office)  # fmt: skip
    assert ServiceHours.objects.count() == 3


def test_every_bad_row_is_reported_and_nothing_is_written(hospital, today):
    w = hospital
    rows = _rows(w) + [
        ("不存在", "", "2026-03-05", 2, "义诊", "R004"),  # row 5: unknown person
        ("李娜", w.a_p1.employee_no, "2026-03-06", "两小时", "义诊", "R005"),  # row 6: not a number
        ("王强", w.a_p2.employee_no, "2026-12-01", 2, "义诊", "R006"),  # row 7: in the future
        ("王强", w.a_p2.employee_no, "2026-03-07", 30, "义诊", "R007"),  # row 8: over 24 h
        ("李娜", w.a_p1.employee_no, "2026-03-08", 2, "义诊", "R001"),  # row 9: same record as row 2
    ]
    batch = imports.import_validate(unit=w.a, user=w.office, upload=xlsx(rows), mapping=MAPPING)
    assert batch.status == ImportBatch.Status.REFUSED
    text = "\n".join(batch.errors)
    assert len(batch.errors) == 5, batch.errors
    for row in (5, 6, 7, 8, 9):
        assert f"第 {row} 行" in text, (row, text)
    assert "不存在" in text and "两小时" in text and "2026-12-01" in text
    with pytest.raises(ValidationError):
        imports.import_commit(batch=batch, user=w.office)
    assert ServiceHours.objects.count() == 0


def test_a_person_of_another_hospital_is_unknown(hospital, today):
    w = hospital
    rows = [("李娜", w.b_p1.employee_no, "2026-03-05", 2, "义诊", "X1")]
    batch = imports.import_validate(unit=w.a, user=w.office, upload=xlsx(rows), mapping=MAPPING)
    # A's 李娜 has another employee number: B's number names nobody of A.
    assert batch.status == ImportBatch.Status.REFUSED and "第 2 行" in batch.errors[0]


def test_the_mapping_is_remembered_and_offered_next_time(hospital, today):
    w = hospital
    imports.import_validate(unit=w.a, user=w.office, upload=xlsx(_rows(w)), mapping=MAPPING)
    assert ImportMapping.objects.get(unit=w.a).mapping == MAPPING
    headers = ["记录编号", "志愿者姓名", "工号", "服务日期", "服务时长", "项目名称", "备注"]
    assert imports.suggest_mapping(headers, imports.remembered_mapping(w.a)) == MAPPING


def test_only_the_office_imports(hospital, today):
    w = hospital
    with pytest.raises(PermissionDenied):
        imports.import_validate(unit=w.a, user=w.head, upload=xlsx(_rows(w)), mapping=MAPPING)
    with pytest.raises(PermissionDenied):
        imports.import_validate(unit=w.a, user=w.b_office, upload=xlsx(_rows(w)), mapping=MAPPING)


def test_the_import_pages_map_check_and_commit(hospital, today, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = hospital
    client = login(w.office)
    upload = SimpleUploadedFile("志愿汇导出.xlsx", xlsx(_rows(w)))
    response = client.post("/volunteer/import/", {"file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200 and "志愿者姓名" in page.content.decode()
    form = {f"map_{k}": v for k, v in MAPPING.items()}
    client.post(response["Location"], {**form, "action": "check"})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.VALIDATED
    client.post(response["Location"], {"action": "commit"})
    assert ServiceHours.objects.count() == 3
