"""Attendance: QR sign-in (the checks of ``signin``), leave requests, and a paper sign-in sheet
typed in afterwards (a textarea or an .xlsx), validated as a whole: every bad row named with
its number, nothing written unless all are good."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import spreadsheets
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.org.models import Person

from ..models import Activity, Attendance
from ..signin import SignInRefused, activity_id_of, check_window

MAX_SHEET_ROWS = 2000


def _already(existing: Attendance) -> SignInRefused:
    when = timezone.localtime(existing.signed_at or existing.created_at)
    return SignInRefused(
        "already", _("You signed in already, at %(time)s. No need to sign in again.") % {"time": f"{when:%H:%M}"}
    )


def sign_in(*, token: str, user, now=None) -> Attendance:
    """Sign ``user`` in to the activity the token names: a genuine, current code; a staff member
    of the activity's unit; inside the window (late after the grace); once. Refusals raise
    ``SignInRefused`` with a code and a message for the phone."""
    now = now or timezone.now()
    activity_id = activity_id_of(token)
    activity = Activity.objects.filter(pk=activity_id, archived_at__isnull=True).select_related("kind").first()
    if activity is None:
        raise SignInRefused("invalid", _("This activity no longer takes sign-ins."))
    person = Person.objects.filter(user=user, is_active=True).only("id", "unit_id", "department_id").first()
    if person is None or person.unit_id != activity.unit_id:
        raise SignInRefused(
            "other_unit",
            _("Only staff of the hospital holding this activity can sign in; your account is not one of its staff."),
        )
    late = check_window(activity, now)
    status = Attendance.Status.LATE if late else Attendance.Status.PRESENT
    row = Attendance(
        activity=activity,
        person=person,
        unit_id=activity.unit_id,
        department_id=person.department_id,
        status=status,
        method=Attendance.Method.QR,
        signed_at=now,
        recorded_by=user,
    )
    row._history_user = user
    try:
        # The common case first: one insert. The unique constraint decides between two taps
        # at the same instant, and finds the people already recorded.
        with transaction.atomic():
            row.save()
        return row
    except IntegrityError:
        pass
    with transaction.atomic():
        existing = Attendance.objects.select_for_update().get(activity=activity, person=person)
        if existing.status != Attendance.Status.LEAVE:
            raise _already(existing)
        # asked for leave, came after all
        existing.status, existing.method, existing.signed_at, existing.leave_reason = status, "qr", now, ""
        existing._history_user = user
        existing.save()
    return existing


def _check_change(activity: Activity, user) -> None:
    if not can(user, activity, CHANGE) or activity.is_archived:
        raise PermissionDenied


@transaction.atomic
def attendance_leave(*, activity: Activity, user, person: Person, reason: str) -> Attendance:
    """Mark ``person`` on leave (请假) with the reason; never over a sign-in."""
    _check_change(activity, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the leave.")})
    if person.unit_id != activity.unit_id:
        raise ValidationError({"person": _("The staff member belongs to another unit.")})
    row, created = Attendance.objects.select_for_update().get_or_create(
        activity=activity,
        person=person,
        defaults={
            "unit_id": activity.unit_id,
            "department_id": person.department_id,
            "status": Attendance.Status.LEAVE,
            "method": Attendance.Method.OFFICE,
            "leave_reason": reason[:200],
            "recorded_by": user,
        },
    )
    if not created:
        if row.status != Attendance.Status.LEAVE:
            raise ValidationError({"person": _("%(name)s has signed in already.") % {"name": person.name}})
        row.leave_reason = reason[:200]
        row._history_user = user
        row.save(update_fields=["leave_reason", "updated_at"])
    return row


@dataclass(frozen=True)
class PaperRow:
    number: int
    who: str
    status: str = ""
    reason: str = ""


STATUS_WORDS = {
    "": Attendance.Status.PRESENT,
    "到": Attendance.Status.PRESENT,
    "出席": Attendance.Status.PRESENT,
    "签到": Attendance.Status.PRESENT,
    "迟到": Attendance.Status.LATE,
    "请假": Attendance.Status.LEAVE,
    "假": Attendance.Status.LEAVE,
}
COLUMNS = (
    spreadsheets.Column("employee_no", "工号", synonyms=("职工号", "员工号", "编号")),
    spreadsheets.Column("name", "姓名", synonyms=("签名", "名字")),
    spreadsheets.Column("status", "状态", synonyms=("出勤", "签到情况")),
    spreadsheets.Column("reason", "请假原因", synonyms=("原因", "备注")),
)
_SPLIT = re.compile(r"[\t,，;；\s]+")


def paper_rows(*, text: str = "", upload=None) -> list[PaperRow]:
    """The rows of a typed sheet: one person a line, "工号或姓名 [迟到|请假] [原因]" (line numbers
    count from 1), or of an .xlsx with the columns 工号 / 姓名 / 状态 / 请假原因."""
    if upload is not None:
        try:
            table = spreadsheets.read_table(
                upload, columns=COLUMNS, max_bytes=settings.ROSTER_MAX_BYTES, max_rows=MAX_SHEET_ROWS
            )
        except spreadsheets.SpreadsheetRefused as exc:
            raise ValidationError({"sheet": str(exc)}) from None
        if not (table.has("employee_no") or table.has("name")):
            raise ValidationError({"sheet": _("The sheet needs a column 工号 or 姓名.")})
        out = []
        for row in table.rows:
            who = str(row.get("employee_no") or row.get("name") or "").strip()
            status, reason = str(row.get("status") or "").strip(), str(row.get("reason") or "").strip()
            if who or status or reason:
                out.append(PaperRow(row.number, who, status, reason))
        return out
    lines = (text or "").splitlines()
    if len(lines) > MAX_SHEET_ROWS:
        raise ValidationError({"text": _("At most %(n)s lines at a time.") % {"n": MAX_SHEET_ROWS}})
    out = []
    for number, line in enumerate(lines, start=1):
        parts = [p for p in _SPLIT.split(line.strip(), maxsplit=2) if p]
        if parts:
            out.append(
                PaperRow(number, parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "")
            )
    return out


def _match(rows: list[PaperRow], unit_id: int):
    """Each row's person (by 工号, else by a name unique in the unit) and status, or its errors."""
    whos = {r.who for r in rows}
    people = list(Person.objects.filter(unit_id=unit_id, is_active=True).filter(employee_no__in=whos)) + list(
        Person.objects.filter(unit_id=unit_id, is_active=True, name__in=whos)
    )
    by_no = {p.employee_no: p for p in people}
    by_name: dict[str, list] = {}
    for p in {p.pk: p for p in people}.values():
        by_name.setdefault(p.name, []).append(p)
    matched, errors, seen = [], [], {}
    for r in rows:
        person = by_no.get(r.who)
        if person is None:
            named = by_name.get(r.who, [])
            if len(named) > 1:
                nos = "、".join(p.employee_no for p in named)
                errors.append(
                    spreadsheets.at_row(
                        r.number,
                        _("“%(who)s” is the name of several staff (%(nos)s): type the employee number.")
                        % {"who": r.who, "nos": nos},
                    )
                )
                continue
            person = named[0] if named else None
        if person is None:
            errors.append(spreadsheets.at_row(r.number, _("No staff member “%(who)s” in this unit.") % {"who": r.who}))
            continue
        status = STATUS_WORDS.get(r.status)
        if status is None:
            errors.append(
                spreadsheets.at_row(
                    r.number,
                    _("Unknown status “%(status)s”: leave empty, or write 迟到 or 请假.") % {"status": r.status},
                )
            )
            continue
        if status == Attendance.Status.LEAVE and not r.reason:
            errors.append(
                spreadsheets.at_row(r.number, _("A leave needs its reason (%(name)s).") % {"name": person.name})
            )
            continue
        if person.pk in seen:
            errors.append(
                spreadsheets.at_row(
                    r.number, _("%(name)s is already on row %(row)s.") % {"name": person.name, "row": seen[person.pk]}
                )
            )
            continue
        seen[person.pk] = r.number
        matched.append((r, person, status))
    return matched, errors


@dataclass
class PaperResult:
    added: int
    skipped: list[str]


@transaction.atomic
def attendance_paper(*, activity: Activity, user, rows: list[PaperRow]) -> PaperResult:
    """Type in a paper sign-in sheet: every row checked first (errors raise a ``ValidationError``
    listing them with their row numbers, nothing written); people already recorded are skipped
    (named in the result); the rest are written in one go."""
    _check_change(activity, user)
    if not rows:
        raise ValidationError({"text": _("The sheet is empty: one staff member a line.")})
    matched, errors = _match(rows, activity.unit_id)
    if errors:
        raise ValidationError({"text": errors})
    recorded = set(Attendance.objects.filter(activity=activity).values_list("person_id", flat=True))
    new, skipped = [], []
    for r, person, status in matched:
        if person.pk in recorded:
            skipped.append(person.name)
            continue
        new.append(
            Attendance(
                activity=activity,
                person=person,
                unit_id=activity.unit_id,
                department_id=person.department_id,
                status=status,
                method=Attendance.Method.PAPER,
                signed_at=None if status == Attendance.Status.LEAVE else activity.starts_at,
                leave_reason=r.reason[:200] if status == Attendance.Status.LEAVE else "",
                recorded_by=user,
            )
        )
    from simple_history.utils import bulk_create_with_history

    bulk_create_with_history(new, Attendance, default_user=user)
    return PaperResult(len(new), skipped)
