"""Writes of the feedback app: intake (public form, survey suggestions, staff intake), assignment,
handling records, the reply, closure, reopening, the complainant's satisfaction and archiving.

Every function is keyword-only, runs in one transaction, validates before saving, records the
acting user in the history and leaves a HandlingRecord, so the detail page's timeline tells the
whole story (痕迹管理). Who may call which is decided by the caller (``selectors.may_*``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.publicforms import once
from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can_in_unit
from chuangwen.core.workdays import add_working_days
from chuangwen.org.models import Department, Membership, Unit, phone_validator

from .models import DEFAULT_REFERENCE_PREFIX, Complaint, ComplaintSettings, HandlingRecord, ReferenceCounter

Status = Complaint.Status
Action = HandlingRecord.Action

# A public client sending the same text to the same unit again within this window gets the
# first complaint back (a reload, a second tap after the nonce was lost).
DUPLICATE_WINDOW = timedelta(minutes=30)
PUBLIC_CHANNELS = (Complaint.Channel.PUBLIC, Complaint.Channel.SURVEY)
KIND_NEW = "complaint_new"
KIND_ASSIGNED = "complaint_assigned"


def reply_working_days() -> int:
    return settings.FEEDBACK_REPLY_WORKING_DAYS


def deadline_for(received: datetime.date) -> datetime.date:
    """The reply deadline: ``FEEDBACK_REPLY_WORKING_DAYS`` (default 5) working days after receipt."""
    return add_working_days(received, reply_working_days())


def reference_next(*, unit: Unit, when: datetime.datetime) -> str:
    """The next reference of ``unit`` in ``when``'s month, like TS2026110001 (row-locked counter,
    so concurrent intakes never share a number)."""
    return references_take([(unit.pk, when)])[0]


def references_take(items: Sequence[tuple[int, datetime.datetime]]) -> list[str]:
    """The next references for (unit id, received at) pairs, in order: each unit-month's counter
    is locked and advanced once for all of its pairs (in key order, so concurrent batches never
    deadlock), like ``reference_next`` for one."""
    periods = [timezone.localtime(when).strftime("%Y%m") for _unit, when in items]
    wanted: dict[tuple[int, str], int] = {}
    for (unit_id, _when), period in zip(items, periods, strict=True):
        wanted[(unit_id, period)] = wanted.get((unit_id, period), 0) + 1
    next_number: dict[tuple[int, str], int] = {}
    for unit_id, period in sorted(wanted):
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(unit_id=unit_id, period=period)
        next_number[(unit_id, period)] = counter.last + 1
        counter.last += wanted[(unit_id, period)]
        counter.save(update_fields=["last"])
    prefixes = dict(
        ComplaintSettings.objects.filter(unit_id__in={u for u, _p in wanted}).values_list("unit_id", "reference_prefix")
    )
    out = []
    for (unit_id, _when), period in zip(items, periods, strict=True):
        n = next_number[(unit_id, period)]
        next_number[(unit_id, period)] = n + 1
        out.append(f"{prefixes.get(unit_id, DEFAULT_REFERENCE_PREFIX)}{period}{n:04d}")
    return out


@transaction.atomic
def settings_save(*, unit: Unit, user, reference_prefix: str) -> ComplaintSettings:
    """Set what the unit's next complaint numbers start with (with history)."""
    if not can_in_unit(user, ComplaintSettings, unit, CHANGE):
        raise PermissionDenied
    current = ComplaintSettings.objects.select_for_update().filter(unit=unit).first() or ComplaintSettings(unit=unit)
    current.reference_prefix = (reference_prefix or "").strip().upper()
    current.full_clean()
    current._history_user = user
    current.save()
    return current


def search_text_for(complaint: Complaint) -> str:
    """What the search box matches (besides the complainant's name, searched apart)."""
    parts = [
        complaint.reference,
        complaint.department.name if complaint.department_id else "",
        complaint.handling_department.name
        if complaint.handling_department_id and complaint.handling_department_id != complaint.department_id
        else "",
        complaint.content,
    ]
    return " ".join(p for p in parts if p)


def _save(complaint: Complaint, user) -> Complaint:
    complaint.search_text = search_text_for(complaint)
    complaint.full_clean(exclude=["search_text", "submission_key", "client_fingerprint"])
    complaint._history_user = user
    complaint.save()
    return complaint


def _record(complaint: Complaint, action: str, user, text: str = "") -> HandlingRecord:
    record = HandlingRecord(complaint=complaint, action=action, text=text, by=user)
    record._history_user = user
    record.save()
    return record


def _check_department(unit: Unit, department: Department | None, field: str = "department") -> None:
    if department is not None and department.unit_id != unit.pk:
        raise ValidationError({field: _("The department belongs to another unit.")})


def _clean_contact(name: str, phone: str) -> tuple[str, str]:
    name, phone = (name or "").strip(), (phone or "").strip().replace(" ", "")
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as exc:
            raise ValidationError({"complainant_phone": _("Enter a valid mobile or landline number.")}) from exc
    return name, phone


def _notify(user_ids, kind: str, title: str, body: str, url: str, key: str | None) -> None:
    from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit

    notifications_send_on_commit(
        drafts=[NotificationDraft(uid, kind, title, body, url, f"{key}:{uid}" if key else None) for uid in user_ids]
    )


def office_user_ids(unit_id: int) -> list[int]:
    """Active users of ``unit``'s campaign office."""
    return list(
        Membership.objects.filter(role=Role.OFFICE, unit_id=unit_id, is_active=True, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def detail_url(complaint: Complaint) -> str:
    return reverse("feedback:complaint_detail", args=[complaint.pk])


@transaction.atomic
def complaint_create(
    *,
    unit: Unit,
    channel: str,
    category: str,
    content: str,
    kind: str = Complaint.Kind.COMPLAINT,
    department: Department | None = None,
    occurred_on: datetime.date | None = None,
    complainant_name: str = "",
    complainant_phone: str = "",
    contact_consent: bool = False,
    received_at: datetime.datetime | None = None,
    user=None,
    submission_key: str | None = None,
    client_fingerprint: str = "",
) -> Complaint:
    """Record a complaint, suggestion or praise (staff intake from calls, letters, visits and the
    12345 hotline, or a public one through ``complaint_create_public``). Its reply deadline runs
    from the day of receipt; a ``submission_key`` already used returns that complaint instead."""
    keyed = Complaint.objects.filter(submission_key=submission_key) if submission_key else Complaint.objects.none()
    if existing := keyed.first():
        return existing
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": _("Describe what happened.")})
    _check_department(unit, department)
    name, phone = _clean_contact(complainant_name, complainant_phone)
    received_at = received_at or timezone.now()
    if occurred_on and occurred_on > timezone.localdate(received_at):
        raise ValidationError({"occurred_on": _("The date it happened is in the future.")})
    complaint = Complaint(
        unit=unit,
        kind=kind,
        channel=channel,
        category=category,
        department=department,
        content=content,
        occurred_on=occurred_on,
        complainant_name=name,
        complainant_phone=phone,
        contact_consent=bool(phone) and contact_consent,
        received_at=received_at,
        deadline=deadline_for(timezone.localdate(received_at)),
        created_by=user,
        submission_key=submission_key or None,
        client_fingerprint=client_fingerprint,
    )
    complaint.reference = reference_next(unit=unit, when=received_at)
    # Two requests with the same key may race past the look-up above: the first one stores it.
    stored, created = once(keyed, lambda: _save(complaint, user), known_new=True)
    if not created:
        return stored
    _record(complaint, Action.RECEIVED, user, complaint.get_channel_display())
    if channel in PUBLIC_CHANNELS:
        params = {"ref": complaint.reference, "kind": complaint.get_kind_display()}
        _notify(
            office_user_ids(unit.pk),
            KIND_NEW,
            _("New %(kind)s %(ref)s") % params,
            content[:120],
            detail_url(complaint),
            f"complaint:{complaint.pk}:new",
        )
    return complaint


def complaint_create_public(
    *,
    unit: Unit,
    department: Department | None,
    channel: str,
    category: str,
    content: str,
    contact_name: str = "",
    contact_phone: str = "",
    client_fingerprint: str = "",
    kind: str = Complaint.Kind.COMPLAINT,
    occurred_on: datetime.date | None = None,
    contact_consent: bool | None = None,
    submission_key: str | None = None,
) -> Complaint:
    """A complaint or suggestion from the public: the QR/link form, or a suggestion left on a
    satisfaction survey (``channel="survey"``). No user; the same client sending the same text to
    the same unit within 30 minutes, or the same ``submission_key``, gets the first one back.
    ``contact_consent`` defaults to "yes" when a phone is left (the survey asked for it to be
    contacted); the public form passes the box the person ticked."""
    if channel not in PUBLIC_CHANNELS:
        raise ValidationError({"channel": _("Not a public channel.")})
    if client_fingerprint:
        recent = Complaint.objects.filter(
            unit=unit,
            client_fingerprint=client_fingerprint,
            received_at__gte=timezone.now() - DUPLICATE_WINDOW,
            content=(content or "").strip(),
        ).first()
        if recent:
            return recent
    return complaint_create(
        unit=unit,
        channel=channel,
        category=category,
        content=content,
        kind=kind,
        department=department,
        occurred_on=occurred_on,
        complainant_name=contact_name,
        complainant_phone=contact_phone,
        contact_consent=bool(contact_phone) if contact_consent is None else contact_consent,
        submission_key=submission_key,
        client_fingerprint=client_fingerprint,
    )


def _require(complaint: Complaint, statuses, message: str) -> None:
    if complaint.is_archived:
        raise ValidationError(_("This complaint is archived."))
    if complaint.status not in statuses:
        raise ValidationError(message)


def handler_choices(unit: Unit):
    """Users who may be assigned complaints of ``unit``: active members of the unit."""
    from chuangwen.org.models import User

    return (
        User.objects.filter(memberships__unit=unit, memberships__is_active=True, is_active=True)
        .exclude(memberships__role__in=[Role.SUPERVISOR, Role.ADMIN])
        .distinct()
        .order_by("display_name", "username")
    )


@transaction.atomic
def complaint_assign(
    *, complaint: Complaint, handler, user, handling_department: Department | None = None, note: str = ""
) -> Complaint:
    """Give the complaint to a handler (a user of its unit) and a handling department; allowed
    until it is replied to (and again after reopening)."""
    _require(complaint, Complaint.OPEN_STATUSES, _("Only a complaint still waiting for a reply can be assigned."))
    if not handler_choices(complaint.unit).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": _("The handler must be a member of this unit.")})
    _check_department(complaint.unit, handling_department, "handling_department")
    complaint.handler = handler
    complaint.handling_department = handling_department or complaint.department
    complaint.status = Status.ASSIGNED
    _save(complaint, user)
    where = f"（{complaint.handling_department.name}）" if complaint.handling_department_id else ""
    text = _("Assigned to %(handler)s%(where)s.") % {"handler": handler, "where": where}
    _record(complaint, Action.ASSIGNED, user, f"{text} {note}".strip())
    params = {"ref": complaint.reference, "deadline": complaint.deadline.isoformat()}
    _notify(
        [handler.pk],
        KIND_ASSIGNED,
        _("Complaint %(ref)s assigned to you") % params,
        _("Reply to the complainant by %(deadline)s.") % params,
        detail_url(complaint),
        None,
    )
    return complaint


@transaction.atomic
def complaint_record_add(*, complaint: Complaint, text: str, user) -> HandlingRecord:
    """Add a handling note (what was checked, who was talked to) to an open complaint."""
    _require(complaint, (*Complaint.OPEN_STATUSES, Status.REPLIED), _("This complaint is closed."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what was done.")})
    record = _record(complaint, Action.NOTE, user, text)
    complaint._history_user = user
    complaint.save(update_fields=["updated_at"])
    return record


@transaction.atomic
def complaint_reply(*, complaint: Complaint, text: str, channel: str, user) -> Complaint:
    """Record the answer given to the complainant; an assigned (or reopened) complaint only."""
    _require(
        complaint,
        (Status.ASSIGNED, Status.REOPENED),
        _("Assign the complaint to a handler before replying."),
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply_text": _("Write the reply given to the complainant.")})
    complaint.reply_text, complaint.reply_channel = text, channel
    complaint.replied_at, complaint.replied_by = timezone.now(), user
    complaint.status = Status.REPLIED
    _save(complaint, user)
    _record(complaint, Action.REPLIED, user, f"{complaint.get_reply_channel_display()}：{text}")
    return complaint


@transaction.atomic
def complaint_close(
    *,
    complaint: Complaint,
    user,
    satisfaction: str = "",
    note: str = "",
    outcome: str = "",
    person=None,
    closed_at: datetime.datetime | None = None,
) -> Complaint:
    """Close a replied complaint, optionally with the complainant's satisfaction with the reply,
    the outcome of the check (查实 / 部分查实 / 不属实) and the staff member it names. A complaint
    nobody has replied to cannot be closed. A substantiated complaint deducts from its
    department in the 量化考核 ledger, a praise letter adds a bonus (``scoring.department_feeders``),
    in the month of ``closed_at`` (default now; earlier for a closure recorded afterwards)."""
    from chuangwen.scoring.department_feeders import complaint_closed

    _require(complaint, (Status.REPLIED,), _("Reply to the complainant before closing."))
    if outcome and outcome not in Complaint.Outcome.values:
        raise ValidationError({"outcome": _("Select a valid choice.")})
    if person is not None and person.unit_id != complaint.unit_id:
        raise ValidationError({"person": _("The staff member named belongs to another unit.")})
    if closed_at is not None and not (complaint.received_at <= closed_at <= timezone.now()):
        raise ValidationError({"closed_at": _("The closing time must be between receipt and now.")})
    complaint.status = Status.CLOSED
    complaint.closed_at, complaint.closed_by = closed_at or timezone.now(), user
    if satisfaction:
        complaint.satisfaction = satisfaction
    complaint.outcome = outcome or complaint.outcome
    complaint.person = person or complaint.person
    _save(complaint, user)
    text = note.strip()
    if complaint.outcome:
        text = f"{complaint.get_outcome_display()} {text}".strip()
    if satisfaction:
        text = f"{complaint.get_satisfaction_display()} {text}".strip()
    _record(complaint, Action.CLOSED, user, text)
    complaint_closed(complaint=complaint, user=user)
    return complaint


@transaction.atomic
def complaint_reopen(*, complaint: Complaint, user, reason: str) -> Complaint:
    """Reopen a replied or closed complaint (the complainant was not satisfied, new facts): it
    gets a fresh deadline and its escalation starts again."""
    _require(complaint, (Status.REPLIED, Status.CLOSED), _("Only a replied or closed complaint can be reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the complaint is reopened.")})
    complaint.status = Status.REOPENED
    complaint.reopen_count += 1
    complaint.escalation_level = 0
    complaint.closed_at = complaint.closed_by = None
    complaint.deadline = deadline_for(timezone.localdate())
    _save(complaint, user)
    _record(complaint, Action.REOPENED, user, reason)
    return complaint


@transaction.atomic
def complaint_satisfaction_set(*, complaint: Complaint, satisfaction: str, user) -> Complaint:
    """Record how satisfied the complainant is with the reply (after the reply only)."""
    _require(complaint, (Status.REPLIED, Status.CLOSED), _("Record satisfaction after replying."))
    if satisfaction not in Complaint.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Select a valid choice.")})
    complaint.satisfaction = satisfaction
    _save(complaint, user)
    _record(complaint, Action.SATISFACTION, user, complaint.get_satisfaction_display())
    return complaint


@transaction.atomic
def complaint_archive(*, complaint: Complaint, user) -> Complaint:
    """Archive instead of delete: the complaint leaves the working lists, its row, records and
    history stay (and the archive filter finds it)."""
    if complaint.is_archived:
        return complaint
    _record(complaint, Action.ARCHIVED, user)
    complaint._history_user = user
    complaint.archive(by=user)
    return complaint


@transaction.atomic
def complaint_escalate(*, complaint: Complaint, level: int, text: str) -> Complaint:
    """督办: the escalation job raises an overdue complaint to ``level`` — a new version in its
    history (no user; ``text`` as the change reason) and an "escalated" handling record. A
    complaint already at or above ``level``, answered or archived is left as it is."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open or complaint.is_archived or level <= complaint.escalation_level:
        return complaint
    complaint.escalation_level = level
    complaint._history_user = None
    complaint._change_reason = text
    complaint.save(update_fields=["escalation_level", "updated_at"])
    _record(complaint, Action.ESCALATED, None, text)
    return complaint
