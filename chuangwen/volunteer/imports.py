"""志愿平台导入: hours exported from a volunteer-service platform (.xlsx), imported whole or not at all.

Platforms name their columns differently, so the office maps the file's titles to our fields on
the first import; the mapping is remembered per unit (``ImportMapping``) and offered next time.
``import_validate`` reads the file through ``core.spreadsheets.read_table``, checks every row
(the person is a staff member of the unit, the hours a number within 0–24, the date readable and
not in the future, no row twice) and keeps the file with its findings (``ImportBatch``), writing no
hours but keeps the rows found ready; ``import_commit`` writes them in one transaction (their people
still of the unit, rows another import wrote meanwhile skipped). A row
already imported (same platform record number, or, without one, same person, date, event name
and hours) is counted as known and never written twice, so importing the same file again changes
nothing; the database's unique key on (unit, import key) holds that under concurrent commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.core import spreadsheets
from chuangwen.core.scoping import can_in_unit
from chuangwen.core.spreadsheets import SpreadsheetRefused, normalise_title, read_table, read_xlsx_rows
from chuangwen.org.models import Person, Unit

from .models import ImportBatch, ImportMapping, ServiceHours
from .services import hours_errors, mapping_remember
from .tasks import items_refresh_on_commit

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


# Our fields and the titles platforms are seen to use (志愿汇, 志愿中国, 时间银行 exports).
FIELDS = (
    Field("name", gettext_lazy("Name"), False, ("姓名", "志愿者姓名", "志愿者", "真实姓名")),
    Field("employee_no", gettext_lazy("Employee number"), False, ("工号", "职工号", "员工编号", "人员编号")),
    Field("served_on", gettext_lazy("Date of service"), True, ("日期", "服务日期", "活动日期", "服务时间")),
    Field("hours", gettext_lazy("Hours"), True, ("时长", "服务时长", "服务时长(小时)", "时长(小时)", "志愿时长")),
    Field("event_name", gettext_lazy("Event name"), False, ("活动名称", "项目名称", "服务项目", "活动")),
    Field("platform_id", gettext_lazy("Platform record number"), False, ("记录编号", "记录ID", "编号", "时长记录号")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
_HOURS_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:小时|h|H|时)?\s*$")
_DATE_TEXT = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+[\d:]+)?\s*$")


class ImportRefused(Exception):
    """The file could not be read at all (``message``); nothing was kept."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_headers(upload) -> list[str]:
    """The column titles of the file's first row (for the mapping form)."""
    try:
        sheet = read_xlsx_rows(upload, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except SpreadsheetRefused as exc:
        raise ImportRefused(exc.message) from exc
    if not sheet.rows:
        raise ImportRefused(_("The file is empty."))
    return [str(v).strip() for v in sheet.rows[0][1] if v not in (None, "") and str(v).strip()]


def suggest_mapping(headers: list[str], remembered: dict | None = None) -> dict[str, str]:
    """For each field, the file's title: the remembered one when the file has it, else a known synonym."""
    by_norm = {normalise_title(h): h for h in headers}
    out = {}
    for f in FIELDS:
        title = (remembered or {}).get(f.key)
        if title and normalise_title(title) in by_norm:
            out[f.key] = by_norm[normalise_title(title)]
            continue
        for synonym in f.synonyms:
            if normalise_title(synonym) in by_norm:
                out[f.key] = by_norm[normalise_title(synonym)]
                break
    return out


def mapping_errors(mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping: a required field without a column, no way to find the person,
    a column used for two fields."""
    problems = []
    for f in FIELDS:
        if f.required and not mapping.get(f.key):
            problems.append(_("Choose the column of “%(field)s”.") % {"field": f.label})
    if not (mapping.get("name") or mapping.get("employee_no")):
        problems.append(_("Choose the column of the name or of the employee number."))
    used = [normalise_title(v) for v in mapping.values() if v]
    if len(used) != len(set(used)):
        problems.append(_("A column of the file is chosen for two fields."))
    return problems


def remembered_mapping(unit: Unit) -> dict:
    row = ImportMapping.objects.filter(unit=unit).first()
    return dict(row.mapping) if row else {}


@dataclass
class Checked:
    """A file checked: its rows to write, how many were already imported, every problem."""

    rows: int
    new: list[list]
    known: int
    errors: list[str]


def _parse_hours(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    match = _HOURS_TEXT.match(str(value or ""))
    return Decimal(match[1]) if match else None


def _parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.match(str(value or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class _People:
    """The unit's staff by employee number and by name (a name two people share is ambiguous)."""

    def __init__(self, unit: Unit):
        self.by_no: dict[str, tuple] = {}
        self.by_name: dict[str, list[tuple]] = {}
        for row in Person.objects.filter(unit=unit).values_list("pk", "department_id", "employee_no", "name"):
            self.by_no[row[2]] = row
            self.by_name.setdefault(row[3], []).append(row)

    def find(self, name: str, employee_no: str) -> tuple[tuple | None, str]:
        if employee_no:
            found = self.by_no.get(employee_no)
            if found is None:
                return None, _("No staff member with employee number %(no)s in this unit.") % {"no": employee_no}
            if name and found[3] != name:
                return None, _("Employee number %(no)s is %(real)s, not %(name)s.") % {
                    "no": employee_no,
                    "real": found[3],
                    "name": name,
                }
            return found, ""
        matches = self.by_name.get(name, [])
        if not matches:
            return None, _("No staff member named %(name)s in this unit.") % {"name": name}
        if len(matches) > 1:
            return None, _("%(count)s staff members are named %(name)s: map the employee number column.") % {
                "count": len(matches),
                "name": name,
            }
        return matches[0], ""


def check_file(*, unit: Unit, upload, mapping: dict[str, str], today: date | None = None) -> Checked:
    """Every row of the file checked against the unit; the rows not yet imported built (unsaved)."""
    today = today or timezone.localdate()
    columns = [spreadsheets.Column(f.key, mapping[f.key], required=True) for f in FIELDS if mapping.get(f.key)]
    try:
        table = read_table(upload, columns=columns, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    except SpreadsheetRefused as exc:
        raise ImportRefused(exc.message) from exc
    people = _People(unit)
    errors: list[str] = []
    candidates: list[list] = []
    seen: dict[str, int] = {}
    labels = {f.key: mapping.get(f.key, "") for f in FIELDS}
    rows = [r for r in table.rows if any(_text(v) for v in r.cells.values())]
    for row in rows:
        problems: list[tuple[str, str]] = []
        name, employee_no = _text(row.get("name")), _text(row.get("employee_no"))
        person = None
        if not (name or employee_no):
            problems.append((labels["name"] or labels["employee_no"], _("The person is missing.")))
        else:
            person, reason = people.find(name, employee_no)
            if person is None:
                problems.append((labels["employee_no"] if employee_no else labels["name"], reason))
        raw_hours, raw_day = row.get("hours"), row.get("served_on")
        hours, served_on = _parse_hours(raw_hours), _parse_date(raw_day)
        if hours is None and _text(raw_hours):
            problems.append((labels["hours"], _("“%(value)s” is not a number of hours.") % {"value": _text(raw_hours)}))
        elif served_on is None and _text(raw_day):
            problems.append((labels["served_on"], _("“%(value)s” is not a date.") % {"value": _text(raw_day)}))
        else:
            found = hours_errors(hours=hours, served_on=served_on, today=today)
            problems += [(labels[key], message) for key, message in found.items()]
        event_name, platform_id = _text(row.get("event_name"))[:100], _text(row.get("platform_id"))[:64]
        if problems or person is None:
            errors += [str(spreadsheets.RowError(row.number, column, message)) for column, message in problems]
            continue
        key = f"id:{platform_id}" if platform_id else f"row:{person[0]}|{served_on}|{event_name}|{hours.normalize()}"
        if key in seen:
            errors.append(spreadsheets.at_row(row.number, _("the same record as row %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = row.number
        # [person, department, date, hours, event name, record number, key]: what the batch keeps.
        candidates.append([person[0], person[1], served_on.isoformat(), str(hours), event_name, platform_id, key])
    known = _known_keys(unit, [c[6] for c in candidates])
    new = [c for c in candidates if c[6] not in known]
    return Checked(rows=len(rows), new=new, known=len(candidates) - len(new), errors=errors)


def _known_keys(unit: Unit, keys: list[str]) -> set[str]:
    known: set[str] = set()
    for start in range(0, len(keys), BATCH_SIZE):
        chunk = keys[start : start + BATCH_SIZE]
        known.update(ServiceHours.objects.filter(unit=unit, import_key__in=chunk).values_list("import_key", flat=True))
    return known


def _read_bytes(upload) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(limit)s MB, the limit for this import.") % {"limit": 10})
    upload.seek(0)
    return upload.read()


def import_upload(*, unit: Unit, user, upload, filename: str = "", read_headers: bool = True) -> ImportBatch:
    """Keep an uploaded platform file (with its column titles, for the mapping) awaiting its mapping."""
    if not can_in_unit(user, ImportBatch, unit):
        raise PermissionDenied
    data = _read_bytes(upload)
    batch = ImportBatch(
        unit=unit,
        filename=(filename or getattr(upload, "name", "") or "import.xlsx")[:200],
        status=ImportBatch.Status.PENDING,
        headers=file_headers(data) if read_headers else [],
        uploaded_by=user,
    )
    batch.file.save("import.xlsx", ContentFile(data), save=False)
    batch.save()
    return batch


def batch_headers(batch: ImportBatch) -> list[str]:
    if batch.headers:
        return list(batch.headers)
    with batch.file.open("rb") as fh:
        return file_headers(fh.read())


def import_check(*, batch: ImportBatch, user, mapping: dict[str, str]) -> ImportBatch:
    """Check the whole kept file with ``mapping`` (no hours written): ``status`` becomes validated
    (``new_rows`` to import, ``known_rows`` already there) or refused (``errors``: every bad row
    with its number). The mapping is remembered for the unit."""
    if not can_in_unit(user, ImportBatch, batch.unit):
        raise PermissionDenied
    if batch.status == ImportBatch.Status.COMMITTED:
        raise ValidationError(_("This file was imported already."))
    mapping = {k: str(v).strip() for k, v in (mapping or {}).items() if k in FIELD_KEYS and v and str(v).strip()}
    problems = mapping_errors(mapping)
    if problems:
        raise ValidationError({"mapping": problems})
    with batch.file.open("rb") as fh:
        data = fh.read()
    checked = check_file(unit=batch.unit, upload=data, mapping=mapping)
    if checked.rows == 0:
        raise ImportRefused(_("The file has no rows of hours."))
    with transaction.atomic():
        mapping_remember(unit=batch.unit, user=user, mapping=mapping)
        batch.mapping = mapping
        batch.status = ImportBatch.Status.REFUSED if checked.errors else ImportBatch.Status.VALIDATED
        batch.rows, batch.new_rows, batch.known_rows = checked.rows, len(checked.new), checked.known
        batch.errors = checked.errors[:1000]
        batch.ready = [] if checked.errors else checked.new
        batch.save()
    return batch


def _rows_of(batch: ImportBatch) -> list[ServiceHours]:
    return [
        ServiceHours(unit_id=batch.unit_id, person_id=p, department_id=d, served_on=date.fromisoformat(day),
                     hours=Decimal(hours), event_name=name, platform_id=pid, import_key=key,
                     source=ServiceHours.Source.IMPORTED)
        for p, d, day, hours, name, pid, key in batch.ready
    ]  # fmt: skip


def import_validate(*, unit: Unit, user, upload, mapping: dict[str, str], filename: str = "") -> ImportBatch:
    """Upload and check in one step (the API's validate): the batch, validated or refused."""
    mapping = {k: v for k, v in (mapping or {}).items() if k in FIELD_KEYS and v}
    problems = mapping_errors(mapping)
    if problems:
        raise ValidationError({"mapping": problems})
    with transaction.atomic():
        batch = import_upload(unit=unit, user=user, upload=upload, filename=filename, read_headers=False)
        return import_check(batch=batch, user=user, mapping=mapping)


def import_commit(*, batch: ImportBatch, user) -> ImportBatch:
    """Write the rows the check found ready, in one transaction, after making sure their people are
    still of the unit and skipping rows another import wrote since. Refused files write nothing;
    a committed one is not written twice."""
    if not can_in_unit(user, ImportBatch, batch.unit):
        raise PermissionDenied
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.COMMITTED:
            return batch
        if batch.status != ImportBatch.Status.VALIDATED:
            raise ValidationError(_("This file has problems: correct it and upload it again."))
        rows = _rows_of(batch)
        # Since the check: people who left the unit, or rows another import wrote meanwhile.
        active = set(
            Person.objects.filter(unit=batch.unit, pk__in={r.person_id for r in rows}).values_list("pk", flat=True)
        )
        if any(r.person_id not in active for r in rows):
            batch.status, batch.errors = (
                ImportBatch.Status.REFUSED,
                [_("The staff changed since the check: check again.")],
            )
            batch.save(update_fields=["status", "errors", "updated_at"])
            return batch
        known = _known_keys(batch.unit, [r.import_key for r in rows])
        new = [r for r in rows if r.import_key not in known]
        for row in new:
            row.batch, row.entered_by = batch, user
        try:
            with transaction.atomic():
                # No creation history row per imported record: the batch is that record (the file kept,
                # who imported it and when, ``ServiceHours.batch``); later corrections write history.
                ServiceHours.objects.bulk_create(new, batch_size=BATCH_SIZE)
        except IntegrityError as exc:
            raise ValidationError(_("The hours changed while importing; please import again.")) from exc
        batch.status, batch.committed_at, batch.ready = ImportBatch.Status.COMMITTED, timezone.now(), []
        batch.new_rows, batch.known_rows = len(new), batch.known_rows + len(rows) - len(new)
        batch.save(update_fields=["status", "committed_at", "new_rows", "known_rows", "ready", "updated_at"])
        if new:
            items_refresh_on_commit(batch.unit_id)
    return batch
