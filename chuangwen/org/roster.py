"""花名册: a unit's staff roster imported from an .xlsx workbook (``exports`` writes it).

The workbook's headers and values (工号, 姓名, 中共党员, 在职 …) are Chinese whatever the interface
language, because this is the file hospital HR offices keep and exchange; only the messages about it
are translated. Export writes exactly what import reads, so export → import changes nothing. The
file is read by ``core.spreadsheets.read_table`` (guards, header matching, merged cells)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from chuangwen.core import spreadsheets
from chuangwen.core.spreadsheets import Row, SpreadsheetRefused, at_row, read_table

from .models import Department, Person, Unit, phone_validator

BATCH_SIZE = 500
SHEET_TITLE = "花名册"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    width: int = 12
    max_length: int | None = None
    synonyms: tuple[str, ...] = ()


COLUMNS = (
    Column("工号", "employee_no", required=True, width=12, max_length=20),
    Column("姓名", "name", required=True, width=10, max_length=30),
    Column("性别", "gender", width=6),
    Column("科室", "department", required=True, width=16, synonyms=("部门",)),
    Column("职称", "title", width=14, max_length=30),
    Column("岗位", "position", width=14, max_length=30),
    Column("手机", "phone", width=16, synonyms=("手机号", "联系电话")),
    Column("政治面貌", "political_status", width=14),
    Column("入职日期", "hired_on", width=12),
    Column("在职状态", "is_active", width=10),
)
HEADERS = tuple(c.header for c in COLUMNS)
READ_COLUMNS = tuple(spreadsheets.Column(c.field, c.header, c.required, c.synonyms) for c in COLUMNS)

GENDERS = {"男": Person.Gender.MALE, "女": Person.Gender.FEMALE}
POLITICAL = {
    "中共党员": Person.Political.CPC,
    "中共预备党员": Person.Political.PROBATIONARY,
    "共青团员": Person.Political.LEAGUE,
    "民主党派": Person.Political.DEMOCRATIC,
    "群众": Person.Political.MASSES,
}
POLITICAL_ALIASES = {
    "党员": Person.Political.CPC,
    "预备党员": Person.Political.PROBATIONARY,
    "团员": Person.Political.LEAGUE,
}
STATUSES = {"在职": True, "离职": False}
GENDER_LABELS = {v: k for k, v in GENDERS.items()}
POLITICAL_LABELS = {v: k for k, v in POLITICAL.items()}
STATUS_LABELS = {v: k for k, v in STATUSES.items()}

_DATE_TEXT = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RowError:
    """One problem in one spreadsheet row (row 1 is the header)."""

    row: int
    employee_no: str
    column: str
    code: str
    reason: str

    def __str__(self) -> str:
        if self.employee_no:
            return _("Row %(row)s (employee no. %(no)s): %(reason)s") % {
                "row": self.row,
                "no": self.employee_no,
                "reason": self.reason,
            }
        return at_row(self.row, self.reason)


class RosterImportError(Exception):
    """The file was refused and nothing was written: ``message`` says why, ``errors`` lists bad rows."""

    def __init__(self, message: str, errors: list[RowError] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []


@dataclass(frozen=True)
class RosterResult:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class _CellError(Exception):
    def __init__(self, code: str, reason: str):
        self.code = code
        self.reason = reason


# ---------------------------------------------------------------------------------------------- import


def roster_import(*, unit: Unit, uploaded_file, user) -> RosterResult:
    """Import the roster in ``uploaded_file`` (an .xlsx upload with ``.size``) into ``unit``, as ``user``.

    The whole file is checked first; if anything is wrong, nothing is written and
    ``RosterImportError`` lists every bad row. Otherwise, in one transaction, people new to the unit
    are created, people whose 工号 exists and whose data differ are updated, and identical ones are
    left alone (so a second import of the same file writes nothing). Columns missing from the file
    leave those fields of existing people as they are. History rows name ``user``. The caller checks
    that ``user`` may change the unit's staff."""
    present, rows = _read_sheet(uploaded_file)
    departments = {d.name: d for d in Department.objects.filter(unit=unit)}
    cleaned, errors = _validate(present, rows, departments)
    if errors:
        summary = ngettext(
            "%(n)s problem found; nothing was imported. Correct the file and upload it again.",
            "%(n)s problems found; nothing was imported. Correct the file and upload it again.",
            len(errors),
        )
        raise RosterImportError(summary % {"n": len(errors)}, errors)
    fields = [c.field for c in COLUMNS if c.field in present and c.field != "employee_no"]
    try:
        with transaction.atomic():
            return _write(unit=unit, user=user, rows=cleaned, fields=fields)
    except IntegrityError as exc:
        # Someone added the same 工号 between our read and our write; the transaction rolled back.
        raise RosterImportError(_("The roster changed while importing; please import again.")) from exc


def _write(*, unit: Unit, user, rows: list[dict], fields: list[str]) -> RosterResult:
    existing = {p.employee_no: p for p in Person.objects.filter(unit=unit)}
    to_create: list[Person] = []
    to_update: list[Person] = []
    changed_fields: set[str] = set()
    for data in rows:
        person = existing.get(data["employee_no"])
        if person is None:
            to_create.append(Person(unit=unit, **data))
            continue
        changed = [f for f in fields if getattr(person, _attname(f)) != _db_value(data[f])]
        if changed:
            for f in changed:
                setattr(person, f, data[f])
            changed_fields.update(changed)
            to_update.append(person)
    if to_create:
        bulk_create_with_history(to_create, Person, batch_size=BATCH_SIZE, default_user=user)
    if to_update:
        now = timezone.now()
        for person in to_update:
            person.updated_at = now
        # Only the columns that changed somewhere: bulk_update's CASE per field is what costs.
        update_fields = [f for f in fields if f in changed_fields] + ["updated_at"]
        bulk_update_with_history(to_update, Person, update_fields, batch_size=BATCH_SIZE, default_user=user)
    return RosterResult(
        created=len(to_create), updated=len(to_update), unchanged=len(rows) - len(to_create) - len(to_update)
    )


def _attname(field: str) -> str:
    return "department_id" if field == "department" else field


def _db_value(value):
    return value.pk if isinstance(value, Department) else value


def _read_sheet(uploaded_file) -> tuple[set[str], list[Row]]:
    """The fields the file has a column for, and its non-blank data rows."""
    try:
        table = read_table(
            uploaded_file, columns=READ_COLUMNS, max_bytes=settings.ROSTER_MAX_BYTES, max_rows=settings.ROSTER_MAX_ROWS
        )
    except SpreadsheetRefused as exc:
        raise RosterImportError(exc.message) from exc
    rows = [row for row in table.rows if any(_text(v) for v in row.cells.values())]
    if not rows:
        raise RosterImportError(_("The file has no staff rows below the header."))
    return set(table.columns), rows


def _validate(
    present: set[str], rows: list[Row], departments: dict[str, Department]
) -> tuple[list[dict], list[RowError]]:
    """Cleaned rows (field → model value) and every problem found, in row order."""
    cleaned: list[dict] = []
    errors: list[RowError] = []
    first_row: dict[str, int] = {}
    parsers = [(c, _PARSERS[c.field]) for c in COLUMNS if c.field in present]
    for row in rows:
        row_no = row.number
        employee_no = _text(row.get("employee_no"))
        data: dict = {}
        row_errors: list[RowError] = []
        for column, parse in parsers:
            try:
                value = parse(row.get(column.field), departments)
                if column.max_length and len(value) > column.max_length:
                    raise _CellError(
                        "too_long",
                        _("%(column)s is longer than %(max)s characters.")
                        % {"column": column.header, "max": column.max_length},
                    )
                data[column.field] = value
            except _CellError as exc:
                row_errors.append(RowError(row_no, employee_no, column.header, exc.code, exc.reason))
        if employee_no and "employee_no" in data:
            if employee_no in first_row:
                reason = _("Employee number %(no)s is already used in row %(row)s.") % {
                    "no": employee_no,
                    "row": first_row[employee_no],
                }
                row_errors.append(RowError(row_no, employee_no, "工号", "duplicate", reason))
            else:
                first_row[employee_no] = row_no
        errors.extend(row_errors)
        if not row_errors:
            cleaned.append(data)
    return cleaned, errors


def _text(value) -> str:
    """A cell as text: Excel keeps typed numbers as int or float, so 1001.0 reads as "1001"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _required(value, header: str) -> str:
    text = _text(value)
    if not text:
        raise _CellError("required", _("%(column)s is missing.") % {"column": header})
    return text


def _parse_employee_no(value, departments) -> str:
    return _required(value, "工号")


def _parse_name(value, departments) -> str:
    return _required(value, "姓名")


def _parse_plain(value, departments) -> str:
    return _text(value)


def _parse_gender(value, departments) -> str:
    text = _text(value)
    if not text:
        return ""
    if text not in GENDERS:
        raise _CellError("invalid", _("Gender “%(value)s” is not valid; use 男 or 女.") % {"value": text})
    return GENDERS[text]


def _parse_department(value, departments) -> Department:
    name = _required(value, "科室")
    if name not in departments:
        raise _CellError("unknown_department", _("Department “%(name)s” does not exist.") % {"name": name})
    return departments[name]


def _parse_phone(value, departments) -> str:
    text = _SPACES.sub("", _text(value))
    if text and not phone_validator.regex.match(text):
        raise _CellError("invalid", _("Phone number “%(value)s” is not valid.") % {"value": text})
    return text


def _parse_political(value, departments) -> str:
    text = _text(value)
    if not text:
        return Person.Political.MASSES
    status = POLITICAL.get(text) or POLITICAL_ALIASES.get(text)
    if status is None:
        raise _CellError(
            "invalid",
            _("Political status “%(value)s” is not valid; use one of %(choices)s.")
            % {"value": text, "choices": "、".join(POLITICAL)},
        )
    return status


def _parse_date(value, departments) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _DATE_TEXT.match(text)
    try:
        if not match:
            raise ValueError(text)
        return date(int(match[1]), int(match[3]), int(match[4]))
    except ValueError:
        raise _CellError(
            "invalid", _("Date “%(value)s” is not valid; write it as YYYY-MM-DD.") % {"value": text}
        ) from None


def _parse_status(value, departments) -> bool:
    text = _text(value)
    if not text:
        return True
    if text not in STATUSES:
        raise _CellError("invalid", _("Status “%(value)s” is not valid; use 在职 or 离职.") % {"value": text})
    return STATUSES[text]


_PARSERS = {
    "employee_no": _parse_employee_no,
    "name": _parse_name,
    "gender": _parse_gender,
    "department": _parse_department,
    "title": _parse_plain,
    "position": _parse_plain,
    "phone": _parse_phone,
    "political_status": _parse_political,
    "hired_on": _parse_date,
    "is_active": _parse_status,
}
