"""Writes of party work: branches, their members and groups, and meeting records (三会一课).

Every function is keyword-only, runs in one transaction, checks the actor's right on the branch
(the unit's office, or the branch's own secretary: ``scoping.can``), validates the whole input
before writing anything and records the acting user in the history. Member development is in
``development``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import files
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.workdays import working_days_between
from chuangwen.org.models import Person, Unit

from .access import MEMBER_STATUSES
from .models import (
    Branch,
    BranchMember,
    Meeting,
    MeetingAttendance,
    MeetingPhoto,
    MeetingType,
    PartyGroup,
    Resolution,
)

RECORD_WITHIN_WORKING_DAYS = 3


def _save(obj, *, user):
    obj.full_clean()
    obj._history_user = user
    obj.save()
    return obj


def _check_branch(user, branch: Branch) -> None:
    if not can(user, branch, CHANGE):
        raise PermissionDenied


@transaction.atomic
def branch_create(*, user, unit: Unit, name: str, secretary: Person | None = None, founded_on=None) -> Branch:
    """A new branch of ``unit`` (the unit's office)."""
    if not can_in_unit(user, Branch, unit):
        raise PermissionDenied
    if Branch.objects.filter(unit=unit, name=name).exists():
        raise ValidationError({"name": _("A branch named %(name)s already exists in this unit.") % {"name": name}})
    if secretary is not None and secretary.unit_id != unit.pk:
        raise ValidationError({"secretary": _("The secretary must be a staff member of this unit.")})
    return _save(Branch(unit=unit, name=name, secretary=secretary, founded_on=founded_on), user=user)


@transaction.atomic
def group_create(*, user, branch: Branch, name: str, leader: Person | None = None) -> PartyGroup:
    """A party group (党小组) of ``branch``."""
    _check_branch(user, branch)
    if PartyGroup.objects.filter(branch=branch, name=name).exists():
        raise ValidationError(
            {"name": _("A party group named %(name)s already exists in this branch.") % {"name": name}}
        )
    return _save(PartyGroup(branch=branch, name=name, leader=leader), user=user)


@transaction.atomic
def member_add(
    *, user, branch: Branch, person: Person, group: PartyGroup | None = None, post: str = "", joined_on=None
) -> BranchMember:
    """Put ``person`` (中共党员 or 预备党员 of the branch's unit) on the branch's roster; a person
    is in one branch at a time (the database holds it: a unique constraint on active rows)."""
    _check_branch(user, branch)
    if person.unit_id != branch.unit_id:
        raise ValidationError({"person": _("%(name)s is not a staff member of this unit.") % {"name": person.name}})
    if person.political_status not in MEMBER_STATUSES:
        raise ValidationError(
            {"person": _("%(name)s is not a CPC member or probationary member.") % {"name": person.name}}
        )
    if group is not None and group.branch_id != branch.pk:
        raise ValidationError({"group": _("The party group belongs to another branch.")})
    other = BranchMember.objects.filter(person=person, is_active=True).select_related("branch").first()
    if other is not None:
        raise ValidationError(
            {"person": _("%(name)s is already a member of %(branch)s.") % {"name": person.name, "branch": other.branch}}
        )
    row = BranchMember(branch=branch, person=person, group=group, post=post)
    if joined_on:
        row.joined_on = joined_on
    return _save(row, user=user)


@transaction.atomic
def member_leave(*, user, member: BranchMember) -> BranchMember:
    """Take a member off the roster (transfer, retirement); the row and its history stay."""
    _check_branch(user, member.branch)
    member.is_active = False
    return _save(member, user=user)


def roster(branch: Branch, group: PartyGroup | None = None) -> list[Person]:
    """The active members of the branch (of one group when given), in roster order."""
    qs = BranchMember.objects.filter(branch=branch, is_active=True)
    if group is not None:
        qs = qs.filter(group=group)
    return [m.person for m in qs.select_related("person").order_by("id")]


@dataclass
class AttendanceIn:
    person: Person
    status: str = MeetingAttendance.Status.PRESENT
    reason: str = ""


@dataclass
class ResolutionIn:
    text: str
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0


def record_warning(held_on: datetime.date, recorded_on: datetime.date) -> str:
    """The warning of a record kept later than 3 working days after the meeting, else ''."""
    late = working_days_between(held_on, recorded_on)
    if late <= RECORD_WITHIN_WORKING_DAYS:
        return ""
    return _("Recorded %(days)s working days after the meeting; the rule is within %(limit)s working days.") % {
        "days": late,
        "limit": RECORD_WITHIN_WORKING_DAYS,
    }


def _check_meeting(*, branch, type, group, held_at, host, recorder, attendance, resolutions, members) -> dict:
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(message)

    if type.per_group and group is None:
        err("group", _("A %(type)s is held by a party group: choose the group.") % {"type": type.name})
    if group is not None and group.branch_id != branch.pk:
        err("group", _("The party group belongs to another branch."))
    if held_at and held_at > timezone.now() + datetime.timedelta(minutes=5):
        err("held_at", _("The meeting time is in the future."))
    unit_people = {p.pk for p in (host, recorder) if p is not None and p.unit_id == branch.unit_id}
    for field, p in (("host", host), ("recorder", recorder)):
        if p is not None and p.pk not in unit_people:
            err(field, _("%(name)s is not a staff member of this unit.") % {"name": p.name})
    member_ids = {p.pk for p in members}
    seen = set()
    for i, a in enumerate(attendance, start=1):
        if a.person.pk not in member_ids:
            err(
                "attendance", _("Row %(n)s: %(name)s is not on this branch's roster.") % {"n": i, "name": a.person.name}
            )
        if a.person.pk in seen:
            err("attendance", _("Row %(n)s: %(name)s is listed twice.") % {"n": i, "name": a.person.name})
        seen.add(a.person.pk)
        if a.status not in MeetingAttendance.Status.values:
            err("attendance", _("Row %(n)s: unknown attendance %(value)s.") % {"n": i, "value": a.status})
        if a.status == MeetingAttendance.Status.LEAVE and not a.reason.strip():
            err("attendance", _("Row %(n)s: %(name)s is on leave: give the reason.") % {"n": i, "name": a.person.name})
    present = sum(1 for a in attendance if a.status == MeetingAttendance.Status.PRESENT)
    for i, r in enumerate(resolutions, start=1):
        if not r.text.strip():
            err("resolutions", _("Resolution %(n)s: the text is empty.") % {"n": i})
        total = r.votes_for + r.votes_against + r.votes_abstain
        if total > present:
            err(
                "resolutions",
                _("Resolution %(n)s: %(total)s votes but only %(present)s members present.")
                % {"n": i, "total": total, "present": present},
            )
    return errors


@transaction.atomic
def meeting_create(
    *,
    user,
    branch: Branch,
    type: MeetingType,
    title: str,
    held_at: datetime.datetime,
    place: str,
    host: Person,
    recorder: Person,
    agenda: str,
    discussion: str = "",
    group: PartyGroup | None = None,
    attendance: list[AttendanceIn] | None = None,
    resolutions: list[ResolutionIn] | None = None,
    photos: list[files.PreparedUpload] | None = None,
    recorded_on: datetime.date | None = None,
    items=None,
) -> Meeting:
    """Record a meeting of ``branch`` (its secretary or the office). The roster members not
    listed in ``attendance`` are recorded absent. A record kept later than 3 working days after
    the meeting is stored with a warning saying so."""
    _check_branch(user, branch)
    attendance = list(attendance or [])
    resolutions = list(resolutions or [])
    members = roster(branch, group if type.per_group else None)
    errors = _check_meeting(
        branch=branch,
        type=type,
        group=group,
        held_at=held_at,
        host=host,
        recorder=recorder,
        attendance=attendance,
        resolutions=resolutions,
        members=members,
    )
    items = list(items or [])
    foreign = [it for it in items if it.pk not in set(campaign_items(branch.unit_id).values_list("pk", flat=True))]
    if foreign:
        errors.setdefault("items", []).append(
            _("Items %(items)s are not in a standard of this unit's campaigns.")
            % {"items": "、".join(f"{it.code} {it.title}" for it in foreign)}
        )
    if errors:
        for p in photos or []:
            p.close()
        raise ValidationError(errors)
    recorded_on = recorded_on or timezone.localdate()
    meeting = Meeting(
        unit_id=branch.unit_id,
        branch=branch,
        group=group,
        type=type,
        title=title,
        held_at=held_at,
        place=place,
        host=host,
        recorder=recorder,
        agenda=agenda,
        discussion=discussion,
        recorded_on=recorded_on,
        late_warning=record_warning(timezone.localtime(held_at).date(), recorded_on),
        created_by=user,
    )
    _save(meeting, user=user)
    listed = {a.person.pk for a in attendance}
    rows = [MeetingAttendance(meeting=meeting, person=a.person, status=a.status, reason=a.reason) for a in attendance]
    rows += [
        MeetingAttendance(meeting=meeting, person=p, status=MeetingAttendance.Status.ABSENT)
        for p in members
        if p.pk not in listed
    ]
    MeetingAttendance.objects.bulk_create(rows)
    if items:
        meeting.items.set(items)
    Resolution.objects.bulk_create(
        Resolution(
            meeting=meeting,
            text=r.text,
            votes_for=r.votes_for,
            votes_against=r.votes_against,
            votes_abstain=r.votes_abstain,
            order=i,
        )
        for i, r in enumerate(resolutions)
    )
    try:
        for p in photos or []:
            photo = MeetingPhoto(
                meeting=meeting,
                original_name=p.original_name,
                content_type=p.type.content_type,
                size=p.size,
                sha256=p.sha256,
            )
            files.store(p, photo)
            photo.save()
    finally:
        for p in photos or []:
            p.close()
    return meeting


def campaign_items(unit_id: int):
    """The standard items a unit's meetings may serve: those of its campaigns' standards."""
    from chuangwen.campaigns.models import Campaign
    from chuangwen.standards.models import Item

    return Item.objects.filter(standard__in=Campaign.objects.filter(unit_id=unit_id).values("standard_id"))


@transaction.atomic
def meeting_archive(*, user, meeting: Meeting, reason: str) -> Meeting:
    """Archive a record entered by mistake (never deleted); it stops counting in the calendar."""
    _check_branch(user, meeting.branch)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for archiving.")})
    meeting.archived_at = timezone.now()
    meeting.archive_reason = reason
    return _save(meeting, user=user)


def attendance_rate(meeting: Meeting) -> float | None:
    """Present members over the roster recorded (as a percentage), None without a roster."""
    rows = list(meeting.attendance.all())
    if not rows:
        return None
    present = sum(1 for a in rows if a.status == MeetingAttendance.Status.PRESENT)
    return round(100 * present / len(rows), 1)
