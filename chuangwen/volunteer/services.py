"""Writes of volunteer service: events, hours (entered, corrected, withdrawn: never deleted),
registered volunteers, the office's rules and star levels. Every function checks the actor's
right on the unit or the record, whoever calls it (page, API, import, shell)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from chuangwen.core import files
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.org.models import Person, Unit

from .models import MAX_HOURS, Event, EventPhoto, ImportMapping, ServiceHours, ServiceRule, StarLevel, Volunteer
from .tasks import items_refresh_on_commit

DEFAULT_STARS = (
    (1, "一星志愿者", Decimal("100")),
    (2, "二星志愿者", Decimal("300")),
    (3, "三星志愿者", Decimal("600")),
    (4, "四星志愿者", Decimal("1000")),
    (5, "五星志愿者", Decimal("1500")),
)


def _require_unit(user, model, unit: Unit) -> None:
    if not can_in_unit(user, model, unit):
        raise PermissionDenied


def _require(user, obj) -> None:
    if not can(user, obj):
        raise PermissionDenied


def hours_errors(*, hours, served_on: date | None, today: date | None = None) -> dict[str, str]:
    """What is wrong with an amount of hours and its day, by field (the one check of page, API and import)."""
    errors: dict[str, str] = {}
    today = today or timezone.localdate()
    if hours is None or not isinstance(hours, Decimal) or not hours.is_finite():
        errors["hours"] = _("Hours must be a number.")
    elif not Decimal("0") < hours <= MAX_HOURS:
        errors["hours"] = _("Hours must be more than 0 and at most 24 (actual service time, without travel).")
    elif hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = _("Hours are recorded to one decimal place.")
    if served_on is None:
        errors["served_on"] = _("The date is missing.")
    elif served_on > today:
        errors["served_on"] = _("The date %(date)s is in the future.") % {"date": served_on.isoformat()}
    return errors


@transaction.atomic
def event_create(*, unit: Unit, user, title: str, kind: str, held_on: date, department=None, place: str = "",
                 organiser: str = "", description: str = "", items=()) -> Event:  # fmt: skip
    """A new volunteer event of ``unit`` (the office only), linked to standard items."""
    _require_unit(user, Event, unit)
    if department is not None and department.unit_id != unit.pk:
        raise ValidationError({"department": _("The department belongs to another unit.")})
    event = Event(unit=unit, department=department, title=title, kind=kind, held_on=held_on, place=place,
                  organiser=organiser, description=description, created_by=user)  # fmt: skip
    event.full_clean()
    event._history_user = user
    event.save()
    if items:
        event.items.set(items)
    return event


@transaction.atomic
def event_withdraw(*, event: Event, user, reason: str) -> Event:
    """Withdraw an event entered by mistake (kept, with the reason); its hours stay until withdrawn."""
    _require(user, event)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    event.withdrawn_at = timezone.now()
    event.withdrawn_reason = reason.strip()[:200]
    event._history_user = user
    event.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
    return event


@transaction.atomic
def hours_add(*, person: Person, user, hours: Decimal, served_on: date, event: Event | None = None,
              event_name: str = "", note: str = "") -> ServiceHours:  # fmt: skip
    """Record ``hours`` of service by ``person`` on ``served_on`` (for ``event`` when given: once
    per person and event). The office of the person's unit only."""
    _require_unit(user, ServiceHours, person.unit)
    errors = hours_errors(hours=hours, served_on=served_on)
    if event is not None:
        if event.unit_id != person.unit_id:
            errors["event"] = _("The event belongs to another unit.")
        elif event.withdrawn_at is not None:
            errors["event"] = _("The event was withdrawn.")
    if errors:
        raise ValidationError(errors)
    row = ServiceHours(unit_id=person.unit_id, department_id=person.department_id, person=person, event=event,
                       event_name=(event.title if event else event_name)[:100], served_on=served_on, hours=hours,
                       note=note, entered_by=user)  # fmt: skip
    row._history_user = user
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"person": _("%(name)s already has hours for this event.") % {"name": person.name}}
        ) from exc
    items_refresh_on_commit(row.unit_id)
    return row


@transaction.atomic
def event_hours_record(*, event: Event, user, rows: list[tuple[Person, Decimal]]) -> list[ServiceHours]:
    """Record a whole sign-in sheet of an event at once (person, hours), validated as a whole:
    every problem named by person, nothing written unless all are right."""
    _require_unit(user, ServiceHours, event.unit)
    problems = []
    if event.withdrawn_at is not None:
        problems.append(_("The event was withdrawn."))
    seen: set[int] = set()
    taken = set(ServiceHours.objects.filter(event=event, withdrawn_at__isnull=True).values_list("person_id", flat=True))
    for person, hours in rows:
        found = hours_errors(hours=hours, served_on=event.held_on)
        if person.unit_id != event.unit_id:
            found["person"] = _("%(name)s is not a staff member of this unit.") % {"name": person.name}
        elif person.pk in seen or person.pk in taken:
            found["person"] = _("%(name)s already has hours for this event.") % {"name": person.name}
        seen.add(person.pk)
        problems += [f"{person.name}：{message}" for message in found.values()]
    if problems:
        raise ValidationError(problems)
    made = [
        ServiceHours(unit_id=event.unit_id, department_id=p.department_id, person=p, event=event,
                     event_name=event.title, served_on=event.held_on, hours=h, entered_by=user)
        for p, h in rows
    ]  # fmt: skip
    made = bulk_create_with_history(made, ServiceHours, batch_size=1000, default_user=user)
    items_refresh_on_commit(event.unit_id)
    return made


@transaction.atomic
def hours_correct(*, row: ServiceHours, user, hours: Decimal, served_on: date, reason: str) -> ServiceHours:
    """Correct the hours or the day of a record; the history keeps what it said before and why."""
    _require(user, row)
    if row.withdrawn_at is not None:
        raise ValidationError(_("A withdrawn record cannot be corrected."))
    errors = hours_errors(hours=hours, served_on=served_on)
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the correction.")
    if errors:
        raise ValidationError(errors)
    row.hours, row.served_on = hours, served_on
    row._history_user = user
    row._change_reason = reason.strip()[:100]
    row.save(update_fields=["hours", "served_on", "updated_at"])
    items_refresh_on_commit(row.unit_id)
    return row


@transaction.atomic
def hours_withdraw(*, row: ServiceHours, user, reason: str) -> ServiceHours:
    """Withdraw a record (never deleted): it stops counting, the reason and who did it are kept."""
    _require(user, row)
    if row.withdrawn_at is not None:
        return row
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    row.withdrawn_at, row.withdrawn_by, row.withdrawn_reason = timezone.now(), user, reason.strip()[:200]
    row._history_user = user
    row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason", "updated_at"])
    items_refresh_on_commit(row.unit_id)
    return row


@transaction.atomic
def volunteer_register(*, person: Person, user, registered_on: date, platform_id: str = "") -> Volunteer:
    """Mark ``person`` as a registered volunteer (or update the registration)."""
    _require_unit(user, Volunteer, person.unit)
    if registered_on > timezone.localdate():
        raise ValidationError({"registered_on": _("The date %(date)s is in the future.") % {"date": registered_on}})
    row, _created = Volunteer.objects.update_or_create(
        person=person, defaults={"unit_id": person.unit_id, "registered_on": registered_on, "platform_id": platform_id}
    )
    return row


@transaction.atomic
def rule_set(*, unit: Unit, user, year: int, kind: str, target: Decimal, is_active: bool = True,
             basis: str = "") -> ServiceRule:  # fmt: skip
    """Set (or change) the unit's target of ``kind`` for ``year``; the history keeps each version."""
    _require_unit(user, ServiceRule, unit)
    if kind == ServiceRule.Kind.REGISTERED_SHARE and target > 100:
        raise ValidationError({"target": _("A share is at most 100 %.")})
    rule = ServiceRule.objects.filter(unit=unit, year=year, kind=kind).first() or ServiceRule(
        unit=unit, year=year, kind=kind
    )
    rule.target, rule.is_active, rule.basis = target, is_active, basis
    rule.full_clean()
    rule._history_user = user
    rule.save()
    return rule


def star_levels_seed(*, unit: Unit) -> list[StarLevel]:
    """The unit's star levels, seeded with the common defaults (100/300/600/1000/1500 h) when it has none."""
    levels = list(StarLevel.objects.filter(unit=unit).order_by("stars"))
    if levels:
        return levels
    StarLevel.objects.bulk_create(
        [StarLevel(unit=unit, stars=s, name=n, min_hours=h) for s, n, h in DEFAULT_STARS], ignore_conflicts=True
    )
    return list(StarLevel.objects.filter(unit=unit).order_by("stars"))


@transaction.atomic
def star_levels_set(*, unit: Unit, user, levels: list[tuple[str, Decimal]]) -> list[StarLevel]:
    """Replace the unit's star levels by ``levels`` ((name, cumulative hours), lowest first, hours
    strictly rising); a level no longer named is removed, with its history."""
    _require_unit(user, StarLevel, unit)
    if not levels:
        raise ValidationError({"levels": _("Give at least one star level.")})
    for i, (_name, hours) in enumerate(levels[1:], start=1):
        if hours <= levels[i - 1][1]:
            raise ValidationError({"levels": _("Each star level needs more hours than the one below.")})
    existing = {s.stars: s for s in StarLevel.objects.select_for_update().filter(unit=unit)}
    out = []
    for stars, (name, hours) in enumerate(levels, start=1):
        level = existing.pop(stars, None) or StarLevel(unit=unit, stars=stars)
        level.name, level.min_hours = name, hours
        level.full_clean()
        level._history_user = user
        level.save()
        out.append(level)
    for level in existing.values():
        level._history_user = user
        level.delete()
    return out


def mapping_remember(*, unit: Unit, user, mapping: dict[str, str]) -> ImportMapping:
    """Keep the column mapping the office used, offered on the unit's next import."""
    _require_unit(user, ImportMapping, unit)
    row, _created = ImportMapping.objects.update_or_create(unit=unit, defaults={"mapping": mapping, "updated_by": user})
    return row


MAX_PHOTOS = 10
PHOTO_MAX_BYTES = 20 * 1024 * 1024


def _prepare_photo(upload):
    return files.prepare_upload(
        upload,
        allowed=files.PHOTO_TYPES,
        max_bytes=PHOTO_MAX_BYTES,
        refusal=_("The file “%(name)s” is not a JPEG or PNG photo; it cannot be uploaded."),
    )


def event_photos_add(*, event: Event, user, uploads) -> list[EventPhoto]:
    """Add photos to an event: every file checked (JPEG or PNG, size) before any is kept."""
    _require(user, event)
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS}})
    prepared = files.prepare_all(uploads, _prepare_photo, field="photos")
    out = []
    try:
        with transaction.atomic():
            for p in prepared:
                photo = EventPhoto(event=event, original_name=p.original_name, content_type=p.type.content_type,
                                   size=p.size, uploaded_by=user)  # fmt: skip
                files.store(p, photo)
                photo.save()
                out.append(photo)
    finally:
        for p in prepared:
            p.close()
    return out
