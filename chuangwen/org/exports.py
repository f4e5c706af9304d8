"""花名册 as .xlsx: the staff list export and the empty template, written by ``core.xlsx``.

Export writes exactly what ``roster.roster_import`` reads (header in row 1, so no title row), so
export → import changes nothing."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from chuangwen.core.export_jobs import ordered_rows
from chuangwen.core.xlsx import DATE, TEXT, XlsxBook, XlsxColumn

from .models import Department, Person, Unit
from .roster import COLUMNS, GENDER_LABELS, GENDERS, POLITICAL, POLITICAL_LABELS, SHEET_TITLE, STATUS_LABELS, STATUSES

_FORMATS = {"employee_no": TEXT, "phone": TEXT, "hired_on": DATE}
EXAMPLE_FONT = Font(italic=True, color="808080")


def _columns(with_unit: bool) -> list[tuple[str, XlsxColumn]]:
    """(field, column) pairs in the roster's order, with 单位 first across units."""
    fields = [("unit", XlsxColumn("单位", 24))] if with_unit else []
    return fields + [(c.field, XlsxColumn(c.header, c.width, number_format=_FORMATS.get(c.field, ""))) for c in COLUMNS]


def export_filename(unit: Unit | None) -> str:
    label = f"{unit.short_name or unit.name}-" if unit else ""
    return f"职工花名册-{label}{timezone.localdate():%Y%m%d}.xlsx"


def roster_export(queryset, *, with_unit: bool = False) -> bytes:
    """The people of ``queryset`` as an .xlsx roster that ``roster_import`` reads back unchanged.

    With ``with_unit`` a leading 单位 column names each person's unit (import ignores it)."""
    people = queryset.select_related("department", "unit").iterator(chunk_size=2000)
    return _workbook(people, with_unit=with_unit)


def roster_job(job, *, progress) -> bytes:
    """The background export (``core.export_jobs``): the people the requester chose, in order."""
    people = ordered_rows(Person.objects.select_related("department", "unit"), job.ids)
    return _workbook(people, with_unit=job.options.get("with_unit", False), progress=progress)


def _workbook(people, *, with_unit: bool, progress=None) -> bytes:
    columns = _columns(with_unit)
    book = XlsxBook()
    sheet = book.sheet(SHEET_TITLE, [c for _f, c in columns], print_header=SHEET_TITLE)
    for n, person in enumerate(people, start=1):
        sheet.append([_export_value(person, field) or None for field, _c in columns])
        if progress and n % 1000 == 0:
            progress(n)
    return book.save()


def _export_value(person: Person, field: str):
    if field == "unit":
        return person.unit.name
    if field == "department":
        return person.department.name
    if field == "gender":
        return GENDER_LABELS.get(person.gender, "")
    if field == "political_status":
        return POLITICAL_LABELS.get(person.political_status, "")
    if field == "is_active":
        return STATUS_LABELS[person.is_active]
    return getattr(person, field)


_GUIDE = (
    ("工号", "必填", "本单位内唯一，按文本填写；已存在的工号将更新该职工信息"),
    ("姓名", "必填", "不超过 30 个字"),
    ("性别", "选填", "男 / 女"),
    ("科室", "必填", "须为本单位已有科室的名称，见右侧“本单位科室”"),
    ("职称", "选填", "如 主治医师、主管护师"),
    ("岗位", "选填", "如 临床医生、护士长"),
    ("手机", "选填", "11 位手机号，或固定电话如 0736-1234567"),
    ("政治面貌", "选填", "中共党员 / 中共预备党员 / 共青团员 / 民主党派 / 群众；空白视为群众"),
    ("入职日期", "选填", "日期格式，或文本 YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD"),
    ("在职状态", "选填", "在职 / 离职；空白视为在职"),
)
_GUIDE_COLUMNS = (
    XlsxColumn("列名", 12),
    XlsxColumn("是否必填", 8),
    XlsxColumn("说明（第 2 行为示例，导入前请删除）", 60),
    XlsxColumn("", 4),
    XlsxColumn("本单位科室", 20),
)


def roster_template(*, unit: Unit) -> bytes:
    """An empty roster for ``unit`` to fill in: the header, one example row (to delete), drop-down lists,
    and a 说明 sheet describing each column and listing the unit's departments."""
    departments = list(Department.objects.filter(unit=unit, is_active=True).values_list("name", flat=True))
    book = XlsxBook()
    sheet = book.sheet(SHEET_TITLE, [c for _f, c in _columns(False)], print_header=SHEET_TITLE)
    example = [
        "0001",
        "张三",
        "男",
        departments[0] if departments else "内科",
        "主治医师",
        "临床医生",
        "13800000000",
        "群众",
        date(2020, 7, 1),
        "在职",
    ]
    sheet.append(example, font=EXAMPLE_FONT)
    last = settings.ROSTER_MAX_ROWS + 1
    lists = {
        "C": '"' + ",".join(GENDERS) + '"',
        "H": '"' + ",".join(POLITICAL) + '"',
        "J": '"' + ",".join(STATUSES) + '"',
    }
    if departments:
        lists["D"] = f"'说明'!$E$2:$E${len(departments) + 1}"
    for letter, formula in lists.items():
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_validation(validation)

    guide = book.sheet("说明", _GUIDE_COLUMNS)
    for i in range(max(len(_GUIDE), len(departments))):
        line = list(_GUIDE[i]) if i < len(_GUIDE) else [None, None, None]
        guide.append([*line, None, departments[i] if i < len(departments) else None])
    return book.save()
