"""Entering the working-day calendar (``CalendarYear``, ``CalendarDay``): the seed from
chinesecalendar, a year's notice imported from a CSV or YAML file, one day (or one break) added by
hand. The admin site and ``manage.py holidays`` both call these.

A file is checked as a whole before anything is written: every bad row is named in the error,
and a file with one bad row writes nothing.

The file, CSV (UTF-8 or the GB18030 that Excel saves) or YAML, holds one year's notice, a row per
day or per run of days::

    date,until,kind,name
    2027-01-01,2027-01-03,holiday,元旦
    2027-02-07,,working,春节

``kind`` is ``holiday`` (放假) or ``working`` (调休上班, a Saturday or Sunday); ``until`` (optional)
ends a run of holidays. The headers may be in Chinese (日期, 至, 类型, 名称). A YAML file is the same
rows as a list, or a mapping with ``days`` (that list) and optionally ``year`` and ``source``. The
year is the latest year of the dates; December days of the year before belong to it too (元旦
breaks that start on 30 December)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from . import workdays
from .models import CalendarDay, CalendarYear, calendar_day_errors
from .safe_files import UnsafeFile, yaml_load_strict

MAX_FILE_BYTES = 64 * 1024
MAX_RUN_DAYS = 31  # the longest run a row may span (the 2020 Spring Festival was 17 days)
MAX_MESSAGES = 20
NAME_MAX = CalendarDay._meta.get_field("name").max_length

KINDS = {
    "holiday": CalendarDay.Kind.HOLIDAY,
    "放假": CalendarDay.Kind.HOLIDAY,
    "休": CalendarDay.Kind.HOLIDAY,
    "working": CalendarDay.Kind.WORKING,
    "上班": CalendarDay.Kind.WORKING,
    "班": CalendarDay.Kind.WORKING,
}
HEADERS = {
    "date": "date",
    "日期": "date",
    "until": "until",
    "至": "until",
    "kind": "kind",
    "类型": "kind",
    "name": "name",
    "名称": "name",
}
# chinesecalendar's holidays (constants.Holiday, by name) as the notices name them.
SEED_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "national_day": "国庆节",
    "mid_autumn_festival": "中秋节",
    "anti_fascist_70th_day": "抗战胜利纪念日",
}


class CalendarInputError(Exception):
    """A file or a day that is refused; ``messages`` name each bad row (in the user's language)."""

    def __init__(self, messages: list[str]):
        shown = messages[:MAX_MESSAGES]
        if len(messages) > MAX_MESSAGES:
            shown.append(_("… and %(n)s more.") % {"n": len(messages) - MAX_MESSAGES})
        super().__init__("\n".join(shown))
        self.messages = shown


@dataclass(frozen=True)
class DayRow:
    row: str  # how the row is named in messages: 第 3 行
    date: datetime.date
    kind: str
    name: str


@dataclass(frozen=True)
class CalendarFile:
    """A year's notice, checked: its days in date order."""

    year: int
    source: str
    days: list[DayRow]


def calendar_file_read(*, name: str, content: bytes) -> CalendarFile:
    """The notice in the CSV or YAML file ``name``, checked row by row and as a whole; raises
    ``CalendarInputError`` naming every bad row."""
    if len(content) > MAX_FILE_BYTES:
        raise CalendarInputError([_("The file is larger than %(kb)s KB.") % {"kb": MAX_FILE_BYTES // 1024}])
    lowered = name.lower()
    if lowered.endswith(".csv"):
        raw, year, source = _csv_rows(content), None, ""
    elif lowered.endswith((".yaml", ".yml")):
        raw, year, source = _yaml_rows(content, name=name)
    else:
        raise CalendarInputError([_("Import a .csv or .yaml file.")])
    days = checked_days(raw, year=year)
    return CalendarFile(year=year or max(d.date.year for d in days), source=source, days=days)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("gb18030")
        except UnicodeDecodeError:
            raise CalendarInputError([_("The file is neither UTF-8 nor GB18030 text.")]) from None


def _csv_rows(content: bytes) -> list[tuple[str, dict]]:
    reader = csv.reader(io.StringIO(_decode(content)))
    try:
        header = next(reader, None)
    except csv.Error:
        header = None
    if header is None:
        raise CalendarInputError([_("The file is empty.")])
    columns = [HEADERS.get(h.strip().lower(), "") for h in header]
    missing = [c for c in ("date", "kind", "name") if c not in columns]
    if missing:
        raise CalendarInputError(
            [
                _("The first row must name the columns date, kind and name (missing: %(cols)s).")
                % {"cols": ", ".join(missing)}
            ]
        )
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            fields = {c: v.strip() for c, v in zip(columns, values, strict=False) if c}
            rows.append((_("Row %(n)s") % {"n": reader.line_num}, fields))
    except csv.Error:
        raise CalendarInputError([_("The CSV cannot be read after row %(n)s.") % {"n": reader.line_num}]) from None
    return rows


def _yaml_rows(content: bytes, *, name: str) -> tuple[list[tuple[str, dict]], int | None, str]:
    text = _decode(content)
    try:
        yaml_load_strict(text, filename=name)  # the upload limits: no aliases, bounded size and depth
    except UnsafeFile as exc:
        raise CalendarInputError([exc.message]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise CalendarInputError([_("The YAML cannot be read (line %(line)s).") % {"line": line}]) from None
    except ValueError:
        pass  # a date that is not one (2027-02-31): named by its row below
    # Read again with every value a string, so that a bad date is named by its row.
    data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - builds no objects, checked above
    year, source = None, ""
    if isinstance(data, dict):
        year, source, data = data.get("year"), str(data.get("source") or ""), data.get("days")
        if year is not None:
            if not (isinstance(year, str) and year.isdigit()):
                raise CalendarInputError([_("“year” must be a year such as 2027.")])
            year = int(year)
    if not isinstance(data, list):
        raise CalendarInputError([_("The YAML must be a list of days, or a mapping with “days”.")])
    rows = []
    for i, item in enumerate(data, start=1):
        label = _("Entry %(n)s") % {"n": i}
        if not isinstance(item, dict):
            raise CalendarInputError([_("%(row)s: give date, kind and name.") % {"row": label}])
        fields = {HEADERS.get(str(k).strip().lower(), ""): v for k, v in item.items()}
        rows.append((label, {k: "" if v is None else v for k, v in fields.items() if k}))
    return rows, year, source


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def checked_days(raw: list[tuple[str, dict]], *, year: int | None = None) -> list[DayRow]:
    """The rows ``(label, {date, until, kind, name})`` as days, or ``CalendarInputError`` naming
    every bad row: a date that is not one, an unknown kind, a missing name, a weekday entered as
    a working day, a date given twice, dates outside one year's notice."""
    errors: list[str] = []
    days: list[DayRow] = []
    seen: dict[datetime.date, str] = {}
    for label, fields in raw:
        problems, run = _row_days(fields)
        for day in run:
            if day in seen:
                problems.append(_("%(date)s is also on %(row)s.") % {"date": day.isoformat(), "row": seen[day]})
            seen.setdefault(day, label)
            wrong = calendar_day_errors(day, KINDS.get(str(fields.get("kind", "")).strip().lower(), ""), None)
            problems += wrong.values()
        if problems:
            errors.append(_("%(row)s: %(problems)s") % {"row": label, "problems": " ".join(problems)})
            continue
        kind = KINDS[str(fields["kind"]).strip().lower()]
        days += [DayRow(label, day, kind, str(fields["name"]).strip()) for day in run]
    if not errors and not days:
        errors.append(_("The file holds no days."))
    if not errors:
        year = year or max(d.date.year for d in days)
        for d in days:
            errors += [f"{d.row}: {msg}" for msg in calendar_day_errors(d.date, d.kind, year).values()]
    if errors:
        raise CalendarInputError(errors)
    return sorted(days, key=lambda d: d.date)


def _row_days(fields: dict) -> tuple[list[str], list[datetime.date]]:
    """(problems, the days the row covers) of one row."""
    problems: list[str] = []
    first = _date(fields.get("date", ""))
    if first is None:
        problems.append(_("the date “%(value)s” is not a date like 2027-02-06.") % {"value": fields.get("date", "")})
    until = fields.get("until", "")
    last = _date(until) if until not in ("", None) else first
    if last is None and first is not None:
        problems.append(_("the end date “%(value)s” is not a date like 2027-02-12.") % {"value": until})
    elif first is not None and last is not None and not 0 <= (last - first).days < MAX_RUN_DAYS:
        problems.append(
            _("the end date %(until)s must come after %(date)s, at most %(max)s days on.")
            % {"until": last.isoformat(), "date": first.isoformat(), "max": MAX_RUN_DAYS - 1}
        )
    kind = str(fields.get("kind", "")).strip().lower()
    if kind not in KINDS:
        problems.append(_("the kind “%(value)s” is neither holiday (放假) nor working (上班).") % {"value": kind})
    name = str(fields.get("name", "")).strip()
    if not name:
        problems.append(_("the holiday name is missing."))
    elif len(name) > NAME_MAX:
        problems.append(_("the holiday name is longer than %(max)s characters.") % {"max": NAME_MAX})
    if problems:
        return problems, []
    return problems, [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]


@transaction.atomic
def calendar_import(*, calendar: CalendarFile, user, source: str = "", replace: bool = False) -> CalendarYear:
    """Enter a checked notice: its year (who, when, from what) and its days, with history. A year
    already entered is refused unless ``replace`` (an amended notice), which replaces its days.
    A day already entered for another year is refused, naming its row."""
    source = (source or calendar.source).strip() or _("imported file")
    existing = CalendarYear.objects.select_for_update().filter(year=calendar.year).first()
    if existing is not None and not replace:
        raise CalendarInputError(
            [
                _("%(year)s is already entered (%(source)s): replace it to enter an amended notice.")
                % {"year": calendar.year, "source": existing.source}
            ]
        )
    taken = CalendarDay.objects.filter(date__in=[d.date for d in calendar.days]).select_related("calendar_year")
    if existing is not None:
        taken = taken.exclude(calendar_year=existing)
    by_date = {day.date: day for day in taken}
    clashes = [
        _("%(row)s: %(date)s is already entered for %(year)s.")
        % {"row": d.row, "date": d.date.isoformat(), "year": by_date[d.date].calendar_year.year}
        for d in calendar.days
        if d.date in by_date
    ]
    if clashes:
        raise CalendarInputError(clashes)
    if existing is None:
        entry = CalendarYear(year=calendar.year)
    else:
        entry = existing
        for old in existing.days.all():
            old._history_user = user
            old.delete()
    entry.source, entry.entered_by, entry.entered_at = source[:200], user, timezone.now()
    entry._history_user = user
    entry.save()
    bulk_create_with_history(
        [CalendarDay(calendar_year=entry, date=d.date, kind=d.kind, name=d.name) for d in calendar.days],
        CalendarDay,
        default_user=user,
    )
    workdays.calendar_changed()  # bulk_create sends no post_save
    return entry


@transaction.atomic
def calendar_day_add(
    *,
    day: datetime.date,
    kind: str,
    name: str,
    user,
    until: datetime.date | None = None,
    year: int | None = None,
    source: str = "",
) -> list[CalendarDay]:
    """Enter one day, or a run of holidays ``day``..``until``, into the notice of ``year``
    (default the day's year), entering that year first when it is new. The same checks as a
    file's rows; a date already entered is refused."""
    label = _("The day")
    fields = {"date": day, "until": until or "", "kind": kind, "name": name}
    days = checked_days([(label, fields)], year=year or day.year)
    year = year or day.year
    taken = sorted(CalendarDay.objects.filter(date__in=[d.date for d in days]).values_list("date", flat=True))
    if taken:
        raise CalendarInputError(
            [_("%(date)s is already entered: change it instead.") % {"date": t.isoformat()} for t in taken]
        )
    entry = CalendarYear.objects.select_for_update().filter(year=year).first()
    if entry is None:
        entry = CalendarYear(year=year, source=(source.strip() or _("entered by hand"))[:200], entered_by=user)
        entry._history_user = user
        entry.save()
    created = []
    for d in days:
        obj = CalendarDay(calendar_year=entry, date=d.date, kind=d.kind, name=d.name)
        obj._history_user = user
        obj.save()
        created.append(obj)
    return created


def chinesecalendar_days() -> tuple[str, dict[int, list[tuple[datetime.date, str, str]]]]:
    """(source, {year: [(date, kind, Chinese name)]}) of every day chinesecalendar ships."""
    import chinese_calendar
    from chinese_calendar import constants

    names = {h.value: SEED_NAMES.get(h.name, h.chinese)[:NAME_MAX] for h in constants.Holiday}
    by_year: dict[int, list[tuple[datetime.date, str, str]]] = {}
    for table, kind in ((constants.holidays, "holiday"), (constants.workdays, "working")):
        for day, holiday in table.items():
            by_year.setdefault(day.year, []).append((day, kind, names.get(holiday, holiday)))
    return f"chinesecalendar {chinese_calendar.__version__}", by_year


def calendar_seed(*, year_model=CalendarYear, day_model=CalendarDay) -> list[int]:
    """Enter every year chinesecalendar ships that is not entered yet (the data migration, with
    its historical models, and ``manage.py holidays seed`` after an upgrade). The seeded days
    get no history rows: their year's ``source`` says where they came from. Returns the years."""
    source, by_year = chinesecalendar_days()
    entered = set(year_model.objects.values_list("year", flat=True))
    known = set(day_model.objects.values_list("date", flat=True))
    new_years = sorted(set(by_year) - entered)
    for year in new_years:
        entry = year_model.objects.create(year=year, source=source)
        day_model.objects.bulk_create(
            [
                day_model(calendar_year=entry, date=day, kind=kind, name=name)
                for day, kind, name in sorted(by_year[year])
                if day not in known
            ]
        )
    if year_model is CalendarYear:
        workdays.calendar_changed()
    return new_years
