"""Activities: create and change one (its roster resolved to people and stored), its photos,
archive it; the compliance of the standard items it serves follows every change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import files
from chuangwen.core.roles import CHANGE, Role, Scope
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.evidence.services import compliance_recompute_many
from chuangwen.org.models import Department, Person, Unit

from ..models import Activity, ActivityKind, ActivityPhoto

MAX_PHOTOS = 20


def _save(obj, user, **kwargs) -> None:
    obj._history_user = user
    obj.save(**kwargs)


def may_organise(user, unit: Unit, department: Department | None) -> bool:
    """The unit's office (or a region above it), or the head of the organising department."""
    if can_in_unit(user, Activity, unit, CHANGE):
        return True
    return department is not None and any(
        m.role == Role.DEPT_HEAD and m.scope == Scope.DEPARTMENT and m.department_id == department.pk
        for m in user.scope_memberships()
    )


def roster_resolve(
    *, unit: Unit, departments: Iterable[Department] = (), people: Iterable[Person] = ()
) -> list[Person]:
    """The expected participants: the active staff of ``departments`` and the ``people`` named
    (a party branch's members come as people), each once, all of ``unit``."""
    departments, people = list(departments), list(people)
    if any(d.unit_id != unit.pk for d in departments) or any(p.unit_id != unit.pk for p in people):
        raise ValidationError({"roster": _("Invited people and departments must belong to the activity's unit.")})
    found = {p.pk: p for p in Person.objects.filter(department__in=departments, is_active=True)}
    for p in people:
        found.setdefault(p.pk, p)
    return list(found.values())


def _check(activity: Activity, kind: ActivityKind) -> None:
    if kind.unit_id not in (None, activity.unit_id):
        raise ValidationError({"kind": _("This kind belongs to another unit.")})
    if activity.department.unit_id != activity.unit_id:
        raise ValidationError({"department": _("The department belongs to another unit.")})
    if activity.organiser_id and activity.organiser.unit_id != activity.unit_id:
        raise ValidationError({"organiser": _("The organiser belongs to another unit.")})
    if activity.campaign_id and activity.campaign.unit_id != activity.unit_id:
        raise ValidationError({"campaign": _("The campaign belongs to another unit.")})
    if activity.starts_at and activity.ends_at and activity.ends_at <= activity.starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})


def _check_items(activity: Activity, items) -> list:
    items = list(items)
    if items and not activity.campaign_id:
        raise ValidationError({"items": _("Choose the campaign whose standard items this activity serves.")})
    wrong = [i for i in items if i.standard_id != activity.campaign.standard_id] if items else []
    if wrong:
        codes = "、".join(i.code for i in wrong)
        raise ValidationError({"items": _("Not items of the campaign's standard: %(codes)s") % {"codes": codes}})
    return items


def _recompute(activity: Activity, item_ids) -> None:
    """The items' compliance (and scores) after a change of what counts for them."""
    from chuangwen.standards.models import Item

    if activity.campaign_id and item_ids:
        compliance_recompute_many(campaign=activity.campaign, items=list(Item.objects.filter(pk__in=set(item_ids))))


@transaction.atomic
def activity_create(
    *,
    user,
    unit: Unit,
    kind: ActivityKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    department: Department,
    place: str = "",
    organiser: Person | None = None,
    roster_departments: Iterable[Department] = (),
    people: Iterable[Person] = (),
    summary: str = "",
    campaign=None,
    items: Iterable = (),
    signin_opens_minutes: int = 30,
    late_after_minutes: int = 10,
) -> Activity:
    """A new activity of ``unit`` by its office or the organising department's head, with its
    roster resolved to people (stored), and the standard items it serves."""
    if not may_organise(user, unit, department):
        raise PermissionDenied
    activity = Activity(
        unit=unit,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        department=department,
        organiser=organiser,
        summary=summary.strip(),
        campaign=campaign,
        signin_opens_minutes=signin_opens_minutes,
        late_after_minutes=late_after_minutes,
        created_by=user,
    )
    _check(activity, kind)
    items = _check_items(activity, items)
    roster_departments = list(roster_departments)
    roster = roster_resolve(unit=unit, departments=roster_departments, people=people)
    activity.full_clean()
    _save(activity, user)
    activity.roster.set(roster)
    activity.roster_departments.set(roster_departments)
    activity.items.set(items)
    _recompute(activity, [i.pk for i in items])
    return activity


UPDATABLE = ("kind", "title", "starts_at", "ends_at", "place", "department", "organiser", "summary", "campaign")


@transaction.atomic
def activity_update(
    *, activity: Activity, user, items=None, roster_departments=None, people=None, **fields
) -> Activity:
    """Change an activity's details; ``items`` / ``roster_departments`` + ``people`` replace the
    links when given. The compliance of the items it served and serves is recomputed."""
    if not can(user, activity, CHANGE) or activity.is_archived:
        raise PermissionDenied
    unknown = set(fields) - set(UPDATABLE) - {"signin_opens_minutes", "late_after_minutes"}
    if unknown:
        raise TypeError(f"not updatable: {sorted(unknown)}")
    before = set(activity.items.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    _check(activity, activity.kind)
    activity.full_clean()
    _save(activity, user)
    if items is not None:
        items = _check_items(activity, items)
        activity.items.set(items)
    if roster_departments is not None or people is not None:
        roster_departments = list(roster_departments or [])
        activity.roster.set(roster_resolve(unit=activity.unit, departments=roster_departments, people=people or []))
        activity.roster_departments.set(roster_departments)
    _recompute(activity, before | set(activity.items.values_list("pk", flat=True)))
    return activity


def prepare_photos(uploads) -> list[files.PreparedUpload]:
    """Check every photo (JPEG or PNG, EXIF stripped, thumbnail) before any is kept."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(n)s photos at a time.") % {"n": MAX_PHOTOS}})
    from chuangwen.inspections.services.photos import prepare_photo

    return files.prepare_all(uploads, prepare_photo, field="photos")


@transaction.atomic
def activity_add_photos(*, activity: Activity, user, uploads) -> list[ActivityPhoto]:
    """Photos of the activity (all checked before any is kept); they count for its items."""
    if not can(user, activity, CHANGE) or activity.is_archived:
        raise PermissionDenied
    prepared = prepare_photos(uploads)
    photos = []
    try:
        for p in prepared:
            photo = ActivityPhoto(
                activity=activity,
                unit_id=activity.unit_id,
                original_name=p.original_name,
                content_type=p.type.content_type,
                size=p.size,
                sha256=p.sha256,
                taken_on=p.taken_on,
                uploaded_by=user,
            )
            files.store(p, photo)
            photo.save()
            photos.append(photo)
    finally:
        for p in prepared:
            p.close()
    _recompute(activity, activity.items.values_list("pk", flat=True))
    return photos


@transaction.atomic
def activity_photo_archive(*, photo: ActivityPhoto, user) -> ActivityPhoto:
    """Set a photo aside (kept, no longer counted or shown)."""
    if not can(user, photo.activity, CHANGE):
        raise PermissionDenied
    if not photo.is_archived:
        photo.archive(by=user)
        _recompute(photo.activity, photo.activity.items.values_list("pk", flat=True))
    return photo


@transaction.atomic
def activity_archive(*, activity: Activity, user) -> Activity:
    """Archive an activity (kept with its attendance; it no longer counts for its items)."""
    if not can(user, activity, CHANGE):
        raise PermissionDenied
    if not activity.is_archived:
        activity.archived_at = timezone.now()
        activity.archived_by = user
        _save(activity, user, update_fields=["archived_at", "archived_by", "updated_at"])
        _recompute(activity, activity.items.values_list("pk", flat=True))
    return activity
