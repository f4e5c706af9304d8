"""The actions on a finding: record, dispatch (整改通知), respond (整改回复), re-check (复查 →
销号 or back), reopen (回头看), archive and escalate. Each checks the actor's right, goes through
``states.transition`` and notifies on commit (``notifications``). Nothing is deleted: the office
archives."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can
from chuangwen.org.models import Department, Person, Unit
from chuangwen.scoring import item_feeds
from chuangwen.standards.models import Item

from .. import selectors
from ..models import DISPATCH, INSPECT, Finding, FindingPhoto, InspectionRound
from .notifications import notify_department, notify_inspectors, notify_office, site_language
from .photos import prepare_photos
from .states import (
    Kind,
    State,
    attach_photos,
    check_transition,
    lock_finding,
    save_finding,
    transition,
    write_event,
)


def _today(at) -> datetime.date:
    return timezone.localdate(at) if at else timezone.localdate()


def _check_order(finding: Finding, *, department, person, deadline, at, deadline_required: bool = True):
    errors: dict[str, list[str]] = {}
    if department is None:
        errors["department"] = [_("Choose the department responsible for the rectification.")]
    elif department.unit_id != finding.unit_id:
        errors["department"] = [_("The department belongs to another unit.")]
    elsewhere = person is not None and person.unit_id != finding.unit_id
    if elsewhere or (person is not None and department is not None and person.department_id != department.pk):
        errors["responsible_person"] = [_("The responsible person must work in the responsible department.")]
    if deadline is None:
        if deadline_required:
            errors["deadline"] = [_("Set a deadline for the rectification.")]
    elif deadline < _today(at):
        errors["deadline"] = [_("The deadline cannot be in the past.")]
    if errors:
        raise ValidationError(errors)


def _source_unit(user, unit: Unit) -> Unit:
    """Who found it, for a finding without a round: the unit itself when the user works there,
    else the authority the user belongs to."""
    memberships = user.scope_memberships()
    if any(m.unit_id == unit.pk for m in memberships):
        return unit
    for m in memberships:
        if m.unit_id and m.role in (Role.SUPERVISOR, Role.INSPECTOR, Role.OFFICE):
            return Unit.objects.get(pk=m.unit_id)
    return unit


@transaction.atomic
def finding_record(
    *,
    user,
    unit: Unit,
    description: str,
    round: InspectionRound | None = None,
    department: Department | None = None,
    item: Item | None = None,
    location: str = "",
    severity: str = Finding.Severity.GENERAL,
    points_deducted: Decimal = Decimal("0"),
    photos: Iterable = (),
    responsible_person: Person | None = None,
    deadline: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Finding:
    """Record a problem found in ``unit`` (inspector, office or supervisor with INSPECT there,
    or an inspector named on the round), with its photos. It starts open and waits for the
    unit's office, which is notified; the office itself may dispatch it at once by giving the
    department and a deadline. A finding of an authority (``source_unit``) lands at the
    hospital's office the same way."""
    if round is not None:
        if not selectors.visible_rounds(user, INSPECT).filter(pk=round.pk).exists():
            raise PermissionDenied
        if round.status == InspectionRound.Status.FINISHED:
            raise ValidationError(_("This round is finished; findings can no longer be recorded in it."))
        if not round.target_units.filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("This unit is not inspected in this round.")})
        listed = selectors.checklist_items(round)
        if item is not None and listed.exists() and not listed.filter(pk=item.pk).exists():
            raise ValidationError({"item": _("The standard item is not on this round's checklist.")})
        source = round.owner_unit
    else:
        if not selectors.units_user_can_inspect(user).filter(pk=unit.pk).exists():
            raise PermissionDenied
        source = _source_unit(user, unit)
    errors: dict[str, list[str]] = {}
    if department is not None and department.unit_id != unit.pk:
        errors["department"] = [_("The department belongs to another unit.")]
    if points_deducted is not None and points_deducted < 0:
        errors["points_deducted"] = [_("Points deducted cannot be negative.")]
    if not (description or "").strip():
        errors["description"] = [_("Describe the problem.")]
    if errors:
        raise ValidationError(errors)
    dispatch_now = deadline is not None and department is not None and can_dispatch_in(user, unit)
    if dispatch_now:
        _check_order(Finding(unit=unit), department=department, person=responsible_person, deadline=deadline, at=at)
    prepared = prepare_photos(photos)
    try:
        finding = Finding(
            round=round,
            unit=unit,
            source_unit=source,
            department=department,
            item=item,
            description=description.strip(),
            location=location.strip(),
            severity=severity,
            points_deducted=points_deducted or Decimal("0"),
            found_by=user,
            found_at=at or timezone.now(),
            state=State.OPEN,
            version=0,
        )
        save_finding(finding, user)
        event = write_event(finding, kind=Kind.RECORDED, from_state="", user=user, at=at)
    except BaseException:
        for p in prepared:
            p.close()
        raise
    attach_photos(finding, event, prepared, FindingPhoto.Stage.FOUND, user)
    if round is not None and round.status == InspectionRound.Status.PLANNED:
        InspectionRound.objects.filter(pk=round.pk).update(status=InspectionRound.Status.IN_PROGRESS)
    if dispatch_now:
        finding = finding_dispatch(
            finding=finding,
            user=user,
            department=department,
            responsible_person=responsible_person,
            deadline=deadline,
            at=at,
        )
        item_feeds.finding_deduct(finding=finding, user=user)
        return finding
    item_feeds.finding_deduct(finding=finding, user=user)
    notify_office(finding)
    return finding


def can_dispatch_in(user, unit: Unit) -> bool:
    return selectors.units_user_can_dispatch(user).filter(pk=unit.pk).exists()


@transaction.atomic
def finding_dispatch(
    *,
    finding: Finding,
    user,
    department: Department,
    deadline: datetime.date,
    responsible_person: Person | None = None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
) -> Finding:
    """整改通知: the unit's office sends an open finding to the responsible department (and
    person) with a deadline; the department's heads and the person are notified."""
    finding = lock_finding(finding, expected_version)
    if not can(user, finding, DISPATCH):
        raise PermissionDenied
    check_transition(finding, "dispatch")
    _check_order(finding, department=department, person=responsible_person, deadline=deadline, at=at)

    def apply(f):
        f.department = department
        f.responsible_person = responsible_person
        f.deadline = deadline
        f.ordered_at = at or timezone.now()
        f.escalation_level = 0

    text = note.strip() or _order_summary(department, responsible_person, deadline)
    finding = transition(finding, "dispatch", user=user, text=text, at=at, apply=apply)
    item_feeds.finding_dispatched(finding=finding, user=user)
    notify_department(finding, gettext_lazy("Rectification order: %(problem)s"), body=finding.description)
    return finding


def _order_summary(department, person, deadline) -> str:
    with site_language():
        who = f"{department.name}" + (f" · {person.name}" if person else "")
        return _("%(who)s, by %(deadline)s") % {"who": who, "deadline": deadline.isoformat()}


@transaction.atomic
def finding_respond(
    *,
    finding: Finding,
    user,
    text: str,
    expected_version: int,
    photos: Iterable = (),
    at: datetime.datetime | None = None,
) -> Finding:
    """整改回复: the department says what it did, with photos. ``expected_version`` is the
    version the answer was written against: if the order changed since (another answer, a new
    deadline) nothing is written and the caller is told to reload."""
    finding = lock_finding(finding, expected_version)
    if not can(user, finding, CHANGE):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what was done to rectify the problem.")})
    finding = transition(
        finding, "respond", user=user, text=text.strip(), photos=photos, stage=FindingPhoto.Stage.RESPONSE, at=at
    )
    notify_inspectors(finding, gettext_lazy("Rectification reported: %(problem)s"))
    return finding


@transaction.atomic
def finding_recheck(
    *,
    finding: Finding,
    user,
    passed: bool,
    reason: str = "",
    deadline: datetime.date | None = None,
    photos: Iterable = (),
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
) -> Finding:
    """复查: passed → closed (销号, ``closed_at``); failed → back to the department with a
    required reason (and optionally a new deadline)."""
    finding = lock_finding(finding, expected_version)
    if not selectors.may_judge(user, finding):
        raise PermissionDenied
    reason = (reason or "").strip()
    action = "recheck_pass" if passed else "recheck_fail"
    check_transition(finding, action)
    if not passed:
        if not reason:
            raise ValidationError({"reason": _("A reason is required when the re-check fails.")})
        if deadline is not None:
            _check_order(finding, department=finding.department, person=None, deadline=deadline, at=at)

    def apply(f):
        if passed:
            f.closed_at = at or timezone.now()
        elif deadline is not None and deadline != f.deadline:
            f.deadline = deadline
            f.escalation_level = 0

    finding = transition(
        finding, action, user=user, text=reason, photos=photos, stage=FindingPhoto.Stage.RECHECK, at=at, apply=apply
    )
    if passed:
        item_feeds.finding_closed(finding=finding, user=user)
        notify_department(finding, gettext_lazy("Closed after re-check: %(problem)s"))
    else:
        notify_department(finding, gettext_lazy("Re-check failed, rectify again: %(problem)s"), body=reason)
    return finding


@transaction.atomic
def finding_reopen(
    *,
    finding: Finding,
    user,
    reason: str,
    deadline: datetime.date,
    photos: Iterable = (),
    expected_version: int | None = None,
    at: datetime.datetime | None = None,
) -> Finding:
    """回头看: a follow-up check finds a closed problem back; it returns to the department with
    the reason and a new deadline."""
    finding = lock_finding(finding, expected_version)
    if not selectors.may_judge(user, finding):
        raise PermissionDenied
    check_transition(finding, "reopen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the follow-up check found.")})
    _check_order(finding, department=finding.department, person=None, deadline=deadline, at=at)

    def apply(f):
        f.closed_at = None
        f.deadline = deadline
        f.ordered_at = at or timezone.now()
        f.escalation_level = 0

    finding = transition(
        finding, "reopen", user=user, text=reason, photos=photos, stage=FindingPhoto.Stage.RECHECK, at=at, apply=apply
    )
    last_event = finding.events.order_by("-id").values_list("pk", flat=True)[0]
    item_feeds.finding_reopened(finding=finding, user=user, event_id=last_event)
    notify_department(finding, gettext_lazy("Reopened after follow-up check: %(problem)s"), body=reason)
    return finding


@transaction.atomic
def finding_archive(*, finding: Finding, user, reason: str = "", expected_version: int | None = None) -> Finding:
    """Take a finding out of the lists (a duplicate, a mistake): the office only. It is never
    deleted; it stays readable with its whole history."""
    finding = lock_finding(finding, expected_version)
    if not can(user, finding, DISPATCH):
        raise PermissionDenied
    if finding.is_archived:
        return finding
    finding.archived_at = timezone.now()
    finding.archived_by = user
    save_finding(finding, user)
    write_event(finding, kind=Kind.ARCHIVED, from_state=finding.state, user=user, text=(reason or "").strip())
    item_feeds.finding_withdrawn(finding=finding, user=user, reason=(reason or "").strip())
    return finding


@transaction.atomic
def finding_escalate(*, finding: Finding, level: int, text: str, at: datetime.datetime | None = None) -> Finding:
    """The escalation job raises an overdue order to ``level`` (no state change; no user)."""
    finding = lock_finding(finding, None)
    if finding.state != State.ORDERED or finding.is_archived or level <= finding.escalation_level:
        return finding
    finding.escalation_level = level
    save_finding(finding, None)
    write_event(finding, kind=Kind.ESCALATED, from_state=finding.state, user=None, text=text, at=at)
    return finding
