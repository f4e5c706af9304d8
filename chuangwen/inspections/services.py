"""Writes of the inspections app: planning rounds, and the loop of a finding
(问题 → 整改通知 → 整改回复 → 复查 → 销号, and 回头看).

A finding's state changes only here, and only along ``TRANSITIONS``; anything else is refused with
a ``ValidationError`` (code ``transition``). Every change locks the row, checks the ``version`` the
caller read (code ``stale`` when someone else changed it meanwhile), bumps it, saves the finding
with the acting user in its history, and writes one ``FindingEvent`` (who, when, what was said).
Photos are checked by content (JPEG/PNG only) and attached to the event. Nothing is deleted:
the office archives. Notifications are sent once the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.core import files
from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can
from chuangwen.org.models import Department, Membership, Person, Unit
from chuangwen.standards.models import Item

from . import selectors
from .models import DISPATCH, INSPECT, ChecklistEntry, Finding, FindingEvent, FindingPhoto, InspectionRound

State = Finding.State
Kind = FindingEvent.Kind

# action -> (states it may start from, state it leads to, event kind)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "dispatch": (frozenset({State.OPEN}), State.ORDERED, Kind.DISPATCHED),
    "respond": (frozenset({State.ORDERED}), State.RESPONDED, Kind.RESPONDED),
    "recheck_pass": (frozenset({State.RESPONDED}), State.CLOSED, Kind.RECHECK_PASSED),
    "recheck_fail": (frozenset({State.RESPONDED}), State.ORDERED, Kind.RECHECK_FAILED),
    "reopen": (frozenset({State.CLOSED}), State.ORDERED, Kind.REOPENED),
}
ACTION_LABELS = {
    "dispatch": gettext_lazy("dispatched"),
    "respond": gettext_lazy("answered"),
    "recheck_pass": gettext_lazy("closed after a re-check"),
    "recheck_fail": gettext_lazy("sent back after a re-check"),
    "reopen": gettext_lazy("reopened"),
}

MAX_PHOTOS = 12


def photo_max_bytes() -> int:
    """The size limit of one finding photo (``settings.INSPECTION_PHOTO_MAX_BYTES``, 20 MB)."""
    return settings.INSPECTION_PHOTO_MAX_BYTES


def prepare_photo(upload) -> files.PreparedUpload:
    """Check one photo by its content (JPEG or PNG only), strip EXIF, make a thumbnail."""
    return files.prepare_upload(
        upload,
        allowed=files.PHOTO_TYPES,
        max_bytes=photo_max_bytes(),
        refusal=_("The file “%(name)s” is not a JPEG or PNG photo; it cannot be uploaded."),
    )


def prepare_photos(uploads: Iterable) -> list[files.PreparedUpload]:
    """Check every photo before any is kept: one bad file refuses them all, naming each."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS}})
    prepared, problems = [], []
    for u in uploads:
        if isinstance(u, files.PreparedUpload):
            prepared.append(u)
            continue
        try:
            prepared.append(prepare_photo(u))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        for p in prepared:
            p.close()
        raise ValidationError({"photos": problems})
    return prepared


# --- rounds ------------------------------------------------------------------------------------


def _check_round_fields(*, user, owner_unit, kind, starts_on, ends_on, target_units, target_departments, inspectors):
    errors: dict[str, list[str]] = {}
    if not selectors.units_user_can_plan(user).filter(pk=owner_unit.pk).exists():
        raise PermissionDenied
    if ends_on < starts_on:
        errors["ends_on"] = [_("The round cannot end before it starts.")]
    targets = list(target_units)
    if not targets:
        errors["target_units"] = [_("Choose at least one unit to inspect.")]
    inspectable = selectors.units_user_can_inspect(user).filter(pk__in=[u.pk for u in targets])
    allowed = set(inspectable.values_list("pk", flat=True))
    outside = [u.name for u in targets if u.pk not in allowed]
    if outside:
        errors["target_units"] = [_("You may not inspect: %(units)s.") % {"units": "、".join(outside)}]
    if kind == InspectionRound.Kind.SELF_CHECK and any(u.pk != owner_unit.pk for u in targets):
        errors["target_units"] = [_("A self-check inspects the organising unit only.")]
    target_ids = {u.pk for u in targets}
    foreign = [d.name for d in target_departments if d.unit_id not in target_ids]
    if foreign:
        errors["target_departments"] = [
            _("These departments do not belong to an inspected unit: %(names)s.") % {"names": "、".join(foreign)}
        ]
    unit_ids = target_ids | {owner_unit.pk}
    members = set(
        Membership.objects.filter(user__in=list(inspectors), unit_id__in=unit_ids, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    strangers = [str(u) for u in inspectors if u.pk not in members]
    if strangers:
        message = _("Inspectors must belong to the organising or an inspected unit: %(names)s.")
        errors["inspectors"] = [message % {"names": "、".join(strangers)}]
    if errors:
        raise ValidationError(errors)


def _set_checklist(round: InspectionRound, items: Sequence[Item], free_checks: Sequence[str]) -> None:
    """Keep the entries still chosen, add the new ones (items first, in the standard's order,
    then free text lines), drop the others (a checklist is a plan, not a record)."""
    items = list(items)
    allowed = set(selectors.campaign_items(round.target_units.all()).values_list("pk", flat=True))
    wrong = [i.code for i in items if i.pk not in allowed]
    if wrong:
        raise ValidationError(
            {"items": _("Not items of an inspected unit's active campaign: %(codes)s.") % {"codes": "、".join(wrong)}}
        )
    lines = [line.strip()[:300] for line in free_checks if line.strip()]
    existing = list(round.checklist.all())
    keep_items = {i.pk for i in items}
    keep_text = set(lines)
    kept = [e.pk for e in existing if (e.item_id in keep_items if e.item_id else e.text in keep_text)]
    round.checklist.exclude(pk__in=kept).delete()
    have_items = {e.item_id for e in existing if e.item_id}
    have_text = {e.text for e in existing if not e.item_id}
    entries = [
        ChecklistEntry(round=round, item=i, text=i.title[:300], max_deduction=i.points)
        for i in sorted(items, key=lambda i: (i.order, i.pk))
        if i.pk not in have_items
    ] + [ChecklistEntry(round=round, text=line) for line in dict.fromkeys(lines) if line not in have_text]
    ChecklistEntry.objects.bulk_create(entries)
    ordered = sorted(
        round.checklist.select_related("item"), key=lambda e: (0, e.item.order, e.pk) if e.item_id else (1, 0, e.pk)
    )
    for n, entry in enumerate(ordered, start=1):
        if entry.order != n:
            ChecklistEntry.objects.filter(pk=entry.pk).update(order=n)


@transaction.atomic
def round_create(
    *,
    user,
    owner_unit: Unit,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    target_units: Sequence[Unit],
    target_departments: Sequence[Department] = (),
    inspectors: Sequence = (),
    items: Sequence[Item] = (),
    free_checks: Sequence[str] = (),
    notes: str = "",
) -> InspectionRound:
    """Plan a round (自查 / 督查 / 暗访 / 上级检查) with its targets, inspectors and checklist
    (from standard items of the targets' active campaigns, or free text, one check a line)."""
    _check_round_fields(
        user=user,
        owner_unit=owner_unit,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
    )
    rnd = InspectionRound(
        owner_unit=owner_unit,
        kind=kind,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes.strip(),
        created_by=user,
    )
    return _save_round(
        rnd,
        user=user,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
        items=items,
        free_checks=free_checks,
    )


@transaction.atomic
def round_update(
    *,
    round: InspectionRound,
    user,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    status: str,
    target_units: Sequence[Unit],
    target_departments: Sequence[Department] = (),
    inspectors: Sequence = (),
    items: Sequence[Item] = (),
    free_checks: Sequence[str] = (),
    notes: str = "",
) -> InspectionRound:
    """Change a round: its details, status, targets, inspectors and checklist. Units that
    already have findings in the round stay among its targets."""
    if not can(user, round, CHANGE):
        raise PermissionDenied
    _check_round_fields(
        user=user,
        owner_unit=round.owner_unit,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
    )
    with_findings = set(round.findings.values_list("unit_id", flat=True))
    dropped = with_findings - {u.pk for u in target_units}
    if dropped:
        names = "、".join(Unit.objects.filter(pk__in=dropped).values_list("name", flat=True))
        raise ValidationError({"target_units": _("%(units)s already have findings in this round.") % {"units": names}})
    round.kind, round.title, round.status, round.notes = kind, title.strip(), status, notes.strip()
    round.starts_on, round.ends_on = starts_on, ends_on
    return _save_round(
        round,
        user=user,
        target_units=target_units,
        target_departments=target_departments,
        inspectors=inspectors,
        items=items,
        free_checks=free_checks,
    )


def _save_round(
    rnd: InspectionRound, *, user, target_units, target_departments, inspectors, items, free_checks
) -> InspectionRound:
    """Validate and save ``rnd`` (with ``user`` in its history), then set its targets,
    inspectors and checklist."""
    rnd.full_clean()
    rnd._history_user = user
    rnd.save()
    rnd.target_units.set(target_units)
    rnd.target_departments.set(target_departments)
    rnd.inspectors.set(inspectors)
    _set_checklist(rnd, items, free_checks)
    return rnd


# --- the finding's loop ------------------------------------------------------------------------


def _stale() -> ValidationError:
    return ValidationError(
        _("This rectification order was changed by someone else; reload the page and try again."), code="stale"
    )


def _lock(finding: Finding, expected_version: int | None) -> Finding:
    """The finding's row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    serialises writers anyway), checked against the version the caller read."""
    # Lock only the finding row: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("unit", "source_unit", "department")
        .get(pk=finding.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise _stale()
    return locked


def _check_transition(finding: Finding, action: str) -> str:
    if finding.is_archived:
        raise ValidationError(_("This finding is archived and can no longer be changed."), code="archived")
    allowed_from, to_state, _kind = TRANSITIONS[action]
    if finding.state not in allowed_from:
        raise ValidationError(
            _("A finding that is “%(state)s” cannot be %(action)s.")
            % {"state": State(finding.state).label, "action": ACTION_LABELS[action]},
            code="transition",
        )
    return to_state


def _event(finding: Finding, *, kind: str, from_state: str, user, text: str = "", at=None) -> FindingEvent:
    return FindingEvent.objects.create(
        finding=finding,
        kind=kind,
        from_state=from_state,
        to_state=finding.state,
        text=text,
        actor=user,
        at=at or timezone.now(),
    )


def _save(finding: Finding, user) -> None:
    finding.version += 1
    finding.full_clean()
    finding._history_user = user
    finding.save()


def _attach_photos(finding: Finding, event: FindingEvent, prepared: list, stage: str, user) -> list[FindingPhoto]:
    out = []
    try:
        for p in prepared:
            photo = FindingPhoto(
                finding=finding,
                unit_id=finding.unit_id,
                department_id=finding.department_id,
                event=event,
                stage=stage,
                original_name=p.original_name,
                content_type=p.type.content_type,
                size=p.size,
                sha256=p.sha256,
                uploaded_by=user,
            )
            files.store(p, photo)
            photo.full_clean()
            photo.save()
            out.append(photo)
    finally:
        for p in prepared:
            p.close()
    return out


def _transition(
    finding: Finding, action: str, *, user, text: str = "", photos=(), stage: str | None = None, at=None, apply=None
) -> Finding:
    """The common part of every step: check the transition, let ``apply`` set the fields, save
    with a new version, write the event and attach the photos."""
    prepared = prepare_photos(photos) if photos else []
    try:
        to_state = _check_transition(finding, action)
        from_state = finding.state
        finding.state = to_state
        if apply is not None:
            apply(finding)
        _save(finding, user)
        event = _event(finding, kind=TRANSITIONS[action][2], from_state=from_state, user=user, text=text, at=at)
    except BaseException:
        for p in prepared:
            p.close()
        raise
    _attach_photos(finding, event, prepared, stage or FindingPhoto.Stage.FOUND, user)
    return finding


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
        _save(finding, user)
        event = _event(finding, kind=Kind.RECORDED, from_state="", user=user, at=at)
    except BaseException:
        for p in prepared:
            p.close()
        raise
    _attach_photos(finding, event, prepared, FindingPhoto.Stage.FOUND, user)
    if round is not None and round.status == InspectionRound.Status.PLANNED:
        InspectionRound.objects.filter(pk=round.pk).update(status=InspectionRound.Status.IN_PROGRESS)
    if dispatch_now:
        return finding_dispatch(
            finding=finding,
            user=user,
            department=department,
            responsible_person=responsible_person,
            deadline=deadline,
            at=at,
        )
    _notify_office(finding)
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
    finding = _lock(finding, expected_version)
    if not can(user, finding, DISPATCH):
        raise PermissionDenied
    _check_transition(finding, "dispatch")
    _check_order(finding, department=department, person=responsible_person, deadline=deadline, at=at)

    def apply(f):
        f.department = department
        f.responsible_person = responsible_person
        f.deadline = deadline
        f.ordered_at = at or timezone.now()
        f.escalation_level = 0

    text = note.strip() or _order_summary(department, responsible_person, deadline)
    finding = _transition(finding, "dispatch", user=user, text=text, at=at, apply=apply)
    _notify_department(finding, gettext_lazy("Rectification order: %(problem)s"))
    return finding


def _order_summary(department, person, deadline) -> str:
    with _site_language():
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
    finding = _lock(finding, expected_version)
    if not can(user, finding, CHANGE):
        raise PermissionDenied
    if not (text or "").strip():
        raise ValidationError({"text": _("Say what was done to rectify the problem.")})
    finding = _transition(
        finding, "respond", user=user, text=text.strip(), photos=photos, stage=FindingPhoto.Stage.RESPONSE, at=at
    )
    _notify_inspectors(finding, gettext_lazy("Rectification reported: %(problem)s"))
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
    finding = _lock(finding, expected_version)
    if not selectors.may_judge(user, finding):
        raise PermissionDenied
    reason = (reason or "").strip()
    action = "recheck_pass" if passed else "recheck_fail"
    _check_transition(finding, action)
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

    finding = _transition(
        finding, action, user=user, text=reason, photos=photos, stage=FindingPhoto.Stage.RECHECK, at=at, apply=apply
    )
    if passed:
        _notify_department(finding, gettext_lazy("Closed after re-check: %(problem)s"))
    else:
        _notify_department(finding, gettext_lazy("Re-check failed, rectify again: %(problem)s"), body=reason)
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
    finding = _lock(finding, expected_version)
    if not selectors.may_judge(user, finding):
        raise PermissionDenied
    _check_transition(finding, "reopen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the follow-up check found.")})
    _check_order(finding, department=finding.department, person=None, deadline=deadline, at=at)

    def apply(f):
        f.closed_at = None
        f.deadline = deadline
        f.ordered_at = at or timezone.now()
        f.escalation_level = 0

    finding = _transition(
        finding, "reopen", user=user, text=reason, photos=photos, stage=FindingPhoto.Stage.RECHECK, at=at, apply=apply
    )
    _notify_department(finding, gettext_lazy("Reopened after follow-up check: %(problem)s"), body=reason)
    return finding


@transaction.atomic
def finding_archive(*, finding: Finding, user, reason: str = "", expected_version: int | None = None) -> Finding:
    """Take a finding out of the lists (a duplicate, a mistake): the office only. It is never
    deleted; it stays readable with its whole history."""
    finding = _lock(finding, expected_version)
    if not can(user, finding, DISPATCH):
        raise PermissionDenied
    if finding.is_archived:
        return finding
    finding.archived_at = timezone.now()
    finding.archived_by = user
    _save(finding, user)
    _event(finding, kind=Kind.ARCHIVED, from_state=finding.state, user=user, text=(reason or "").strip())
    return finding


@transaction.atomic
def finding_escalate(*, finding: Finding, level: int, text: str, at: datetime.datetime | None = None) -> Finding:
    """The escalation job raises an overdue order to ``level`` (no state change; no user)."""
    finding = _lock(finding, None)
    if finding.state != State.ORDERED or finding.is_archived or level <= finding.escalation_level:
        return finding
    finding.escalation_level = level
    _save(finding, None)
    _event(finding, kind=Kind.ESCALATED, from_state=finding.state, user=None, text=text, at=at)
    return finding


# --- notifications -----------------------------------------------------------------------------


def _site_language():
    # Stored text is read by everyone: in the site's language, not the caller's.
    return translation.override(settings.LANGUAGE_CODE)


def finding_url(finding: Finding) -> str:
    return reverse("inspections:finding_detail", args=[finding.pk])


def _send(user_ids, *, kind: str, finding: Finding, title: str, body: str = "") -> None:
    from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit

    notifications_send_on_commit(
        drafts=[
            NotificationDraft(uid, kind, title[:200], body, finding_url(finding))
            for uid in dict.fromkeys(user_ids)
            if uid
        ]
    )


def _problem(finding: Finding) -> dict[str, str]:
    return {"problem": finding.description[:40]}


def _notify_office(finding: Finding) -> None:
    offices = selectors.users_with_role(Role.OFFICE, unit_ids=[finding.unit_id]).get(finding.unit_id, [])
    with _site_language():
        if finding.source_unit_id != finding.unit_id:
            title = _("Finding of %(source)s to dispatch: %(problem)s") % {
                "source": finding.source_unit.short_name or finding.source_unit.name,
                **_problem(finding),
            }
            kind = "finding_from_authority"
        else:
            title = _("New finding to dispatch: %(problem)s") % _problem(finding)
            kind = "finding_recorded"
    _send(offices, kind=kind, finding=finding, title=title, body=finding.description)


def _department_users(finding: Finding) -> list[int]:
    heads = selectors.users_with_role(Role.DEPT_HEAD, department_ids=[finding.department_id]).get(
        finding.department_id, []
    )
    person = finding.responsible_person
    return heads + ([person.user_id] if person and person.user_id else [])


def _notify_department(finding: Finding, title: str, body: str = "") -> None:
    with _site_language():
        text = str(title) % _problem(finding)
    _send(_department_users(finding), kind=f"finding_{finding.state}", finding=finding, title=text, body=body)


def _notify_inspectors(finding: Finding, title: str) -> None:
    with _site_language():
        text = str(title) % _problem(finding)
    _send([finding.found_by_id], kind="finding_responded", finding=finding, title=text)
