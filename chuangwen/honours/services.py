"""Writes of 评先评优: selections, nominations (refused with the reasons when the nominee is not
eligible), the leadership's review within the quota, the 公示 with objections, and publication
(ledger bonuses through ``scoring.services.entry_add``). The vote is in ``votes.py``.

A selection moves nominating → voting → review → publicity → published; every step checks the
actor's right (the unit's office), runs in a transaction and keeps history."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import files
from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.core.workdays import add_working_days
from chuangwen.org.models import Department, Person

from .eligibility import department_reasons, nomination_reasons, person_reasons
from .models import HonourType, Nomination, NominationFile, Objection, Selection, VoteSession

S = Selection.Status
MAX_FILES = 6


def _check_office(user, selection: Selection) -> None:
    if not can(user, selection, CHANGE):
        raise PermissionDenied


def _save(obj, user) -> None:
    obj._history_user = user
    obj.save()


@transaction.atomic
def selection_create(*, user, unit, year: int, title: str, honour_types, nomination_until=None) -> Selection:
    """Open a selection of ``unit`` for ``year`` with these honour types (the office)."""
    if not can_in_unit(user, Selection, unit):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the selection a title.")})
    honour_types = list(honour_types)
    if not honour_types:
        raise ValidationError({"honour_types": _("Choose at least one honour type.")})
    selection = Selection(unit=unit, year=year, title=title[:80], nomination_until=nomination_until, created_by=user)
    _save(selection, user)
    selection.honour_types.set(honour_types)
    return selection


def quota_for(honour_type: HonourType, unit) -> int:
    """How many may receive ``honour_type`` in ``unit`` (a share rounds down, at least one)."""
    value = Decimal(honour_type.quota_value)
    kind = honour_type.QuotaKind
    if honour_type.quota_kind == kind.NUMBER:
        return max(int(value), 0)
    if honour_type.quota_kind == kind.DEPARTMENT_PERCENT:
        base = Department.objects.filter(unit=unit, is_active=True).count()
    else:
        people = Person.objects.filter(unit=unit, is_active=True)
        if honour_type.quota_kind == kind.PARTY_PERCENT:
            people = people.filter(political_status=Person.Political.CPC)
        base = people.count()
    return max(1, math.floor(base * value / 100)) if base else 0


def _may_nominate(user, selection: Selection, channel: str, person, department) -> bool:
    if can(user, selection, CHANGE):
        return True
    roles = user.scope_memberships()
    if channel == Nomination.Channel.SELF:
        return person is not None and person.user_id == user.pk
    if channel == Nomination.Channel.DEPARTMENT:
        return any(m.role == Role.DEPT_HEAD and m.department_id == department.pk for m in roles)
    if channel == Nomination.Channel.BRANCH:
        return any(m.role == Role.PARTY_SECRETARY and m.unit_id == selection.unit_id for m in roles)
    return False


def eligibility_check(*, selection: Selection, honour_type: HonourType, person=None, department=None) -> list[str]:
    """The reasons the nominee may not receive ``honour_type`` in the selection's year ([]: eligible)."""
    if honour_type.subject == HonourType.Subject.DEPARTMENT:
        return department_reasons(honour_type, [department], selection.year).get(department.pk, [])
    return person_reasons(honour_type, [person], selection.year).get(person.pk, [])


def _prepare(uploads):
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)s files.") % {"n": MAX_FILES}})
    return files.prepare_all(
        uploads,
        lambda u: files.prepare_upload(
            u,
            allowed=(*files.PHOTO_TYPES, "pdf"),
            refusal=_("The file “%(name)s” is not a photo or a PDF; it cannot be attached."),
        ),
        field="files",
    )


def nomination_create(
    *, user, selection: Selection, honour_type: HonourType, channel: str, reason: str, person=None, department=None,
    uploads=(),
) -> Nomination:  # fmt: skip
    """Nominate a person (or a department, for a department honour). Refused, naming every
    reason, when the nominee is not eligible (a veto, a substantiated complaint …)."""
    if channel not in Nomination.Channel.values:
        raise ValidationError({"channel": _("Choose who nominates.")})
    if honour_type.subject == HonourType.Subject.PERSON:
        if person is None:
            raise ValidationError({"person": _("Choose the staff member nominated.")})
        department = person.department
    elif department is None:
        raise ValidationError({"department": _("Choose the department nominated.")})
    else:
        person = None
    if not _may_nominate(user, selection, channel, person, department):
        raise PermissionDenied
    unit_id = person.unit_id if person else department.unit_id
    if unit_id != selection.unit_id:
        raise ValidationError({"person" if person else "department": _("Not found in this unit.")})
    if Selection.objects.filter(pk=selection.pk).values_list("status", flat=True).first() != S.NOMINATING:
        raise ValidationError(_("Nominations for this selection are closed."))
    if not selection.honour_types.filter(pk=honour_type.pk).exists():
        raise ValidationError({"honour_type": _("This honour is not part of the selection.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Describe the nominee's deeds and the reasons.")})
    refusals = eligibility_check(selection=selection, honour_type=honour_type, person=person, department=department)
    if refusals:
        field = "person" if person else "department"
        message = _("Not eligible for %(honour)s: %(reasons)s") % {
            "honour": honour_type.name,
            "reasons": "；".join(refusals),
        }
        raise ValidationError({field: [message]}, code="not_eligible")
    prepared = _prepare(uploads)
    try:
        with transaction.atomic():
            nomination = Nomination(
                selection=selection, honour_type=honour_type, person=person, department=department,
                channel=channel, reason=reason[:3000], nominated_by=user,
            )  # fmt: skip
            try:
                with transaction.atomic():
                    _save(nomination, user)
            except IntegrityError:
                raise ValidationError(
                    {"person" if person else "department": _("Already nominated for this honour.")}
                ) from None
            for p in prepared:
                record = NominationFile(
                    nomination=nomination, original_name=p.original_name, content_type=p.type.content_type,
                    size=p.size, sha256=p.sha256, uploaded_by=user,
                )  # fmt: skip
                files.store(p, record)
                record.save()
    finally:
        for p in prepared:
            p.close()
    return nomination


@transaction.atomic
def nomination_withdraw(*, user, nomination: Nomination, reason: str) -> Nomination:
    """Withdraw a nomination (its nominator, or the office) before the review; kept, never deleted."""
    nomination = Nomination.objects.select_related("selection").get(pk=nomination.pk)
    if not (nomination.nominated_by_id == user.pk or can(user, nomination.selection, CHANGE)):
        raise PermissionDenied
    if nomination.selection.status not in (S.NOMINATING, S.VOTING) or nomination.status != Nomination.Status.NOMINATED:
        raise ValidationError(_("This nomination can no longer be withdrawn."))
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.review_note = (reason or "").strip()[:500]
    _save(nomination, user)
    return nomination


def _advance(selection: Selection, user, to: str, allowed: tuple) -> Selection:
    _check_office(user, selection)
    selection = Selection.objects.select_for_update().get(pk=selection.pk)
    if selection.status not in allowed:
        raise ValidationError(
            _("The selection is %(status)s: this step is not possible now.")
            % {"status": selection.get_status_display()}
        )
    selection.status = to
    return selection


@transaction.atomic
def selection_start_review(*, user, selection: Selection) -> Selection:
    """Nominations (and votes) end; the leadership reviews. Every vote must be closed: its
    results, paper ballots included, are final from now on."""
    selection = _advance(selection, user, S.REVIEW, (S.NOMINATING, S.VOTING))
    if VoteSession.objects.filter(selection=selection, status=VoteSession.Status.OPEN).exists():
        raise ValidationError(_("Close every vote of the selection first."))
    _save(selection, user)
    return selection


@transaction.atomic
def nomination_review(*, user, nomination: Nomination, approve: bool, note: str = "") -> Nomination:
    """The leadership's decision on a nominee: approved within the honour's quota (and only when
    still eligible), or not approved with a note."""
    selection = Selection.objects.select_related("unit").get(pk=nomination.selection_id)
    _check_office(user, selection)
    if selection.status != S.REVIEW:
        raise ValidationError(_("Nominees are reviewed once the selection is in leadership review."))
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("honour_type", "person", "department")
        .get(pk=nomination.pk)
    )
    if nomination.status not in (Nomination.Status.NOMINATED, Nomination.Status.APPROVED, Nomination.Status.REJECTED):
        raise ValidationError(_("This nomination cannot be reviewed."))
    note = (note or "").strip()
    if approve:
        reasons = nomination_reasons([nomination], selection.year)[nomination.pk]
        if reasons:
            raise ValidationError(_("Not eligible: %(reasons)s") % {"reasons": "；".join(reasons)})
        quota = quota_for(nomination.honour_type, selection.unit)
        approved = (
            Nomination.objects.filter(
                selection=selection, honour_type=nomination.honour_type, status=Nomination.Status.APPROVED
            )
            .exclude(pk=nomination.pk)
            .count()
        )
        if approved >= quota:
            raise ValidationError(
                _("The quota of %(honour)s is %(quota)s and is reached.")
                % {"honour": nomination.honour_type, "quota": quota}
            )
        nomination.status = Nomination.Status.APPROVED
    else:
        if not note:
            raise ValidationError({"note": _("Say why the nominee is not approved.")})
        nomination.status = Nomination.Status.REJECTED
    nomination.review_note = note[:500]
    _save(nomination, user)
    return nomination


@transaction.atomic
def publicity_start(*, user, selection: Selection, today: datetime.date | None = None) -> Selection:
    """The approved nominees go on 公示 for the honour types' working days (the longest)."""
    selection = _advance(selection, user, S.PUBLICITY, (S.REVIEW,))
    approved = Nomination.objects.filter(selection=selection, status=Nomination.Status.APPROVED)
    if not approved.exists():
        raise ValidationError(_("Approve at least one nominee first."))
    days = max(t.publicity_days for t in selection.honour_types.all())
    selection.publicity_from = today or timezone.localdate()
    selection.publicity_until = add_working_days(selection.publicity_from, days)
    _save(selection, user)
    return selection


@transaction.atomic
def objection_submit(*, user, nomination: Nomination, text: str, today: datetime.date | None = None) -> Objection:
    """An objection to a nominee on 公示 (anyone of the unit, while the 公示 runs)."""
    nomination = Nomination.objects.select_related("selection").get(pk=nomination.pk)
    selection = nomination.selection
    today = today or timezone.localdate()
    if selection.status != S.PUBLICITY or nomination.status != Nomination.Status.APPROVED:
        raise ValidationError(_("Objections are received for nominees on 公示."))
    if today > selection.publicity_until:
        raise ValidationError(_("The 公示 ended on %(date)s.") % {"date": selection.publicity_until.isoformat()})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the objection.")})
    objection = Objection(selection=selection, nomination=nomination, text=text[:2000], submitted_by=user)
    _save(objection, user)
    return objection


@transaction.atomic
def objection_answer(*, user, objection: Objection, answer: str, upheld: bool) -> Objection:
    """The office answers an objection; an upheld one takes the nominee off the list."""
    _check_office(user, objection.selection)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.answered_at is not None:
        raise ValidationError(_("This objection has been answered already."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer to the objection.")})
    objection.answer, objection.upheld = answer[:2000], upheld
    objection.answered_by, objection.answered_at = user, timezone.now()
    _save(objection, user)
    if upheld:
        nomination = objection.nomination
        nomination.status = Nomination.Status.REJECTED
        nomination.review_note = _("Objection upheld: %(answer)s") % {"answer": answer[:400]}
        _save(nomination, user)
    return objection


@transaction.atomic
def selection_publish(*, user, selection: Selection, today: datetime.date | None = None) -> Selection:
    """After the 公示, with every objection answered: the approved nominees are awarded, each
    with a certificate number and the honour's bonus in the ledger (once: keyed by nomination)."""
    from chuangwen.scoring.models import Source
    from chuangwen.scoring.services import entry_add

    today = today or timezone.localdate()
    selection = _advance(selection, user, S.PUBLISHED, (S.PUBLICITY,))
    if today <= selection.publicity_until:
        raise ValidationError(_("The 公示 runs until %(date)s.") % {"date": selection.publicity_until.isoformat()})
    if Objection.objects.filter(selection=selection, answered_at__isnull=True).exists():
        raise ValidationError(_("Answer every objection first."))
    selection.published_at = timezone.now()
    _save(selection, user)
    approved = (
        Nomination.objects.filter(selection=selection, status=Nomination.Status.APPROVED)
        .select_related("honour_type", "person", "department")
        .order_by("honour_type_id", "id")
    )
    for n, nomination in enumerate(approved, start=1):
        nomination.status = Nomination.Status.AWARDED
        nomination.certificate_no = f"{selection.year}-{selection.pk:03d}-{n:03d}"
        _save(nomination, user)
        honour = nomination.honour_type
        label = f"{selection.year}年度{honour.name}"
        common = {"unit": selection.unit, "source": Source.HONOUR, "occurred_on": today, "record": nomination}
        if nomination.person_id and honour.bonus_points:
            entry_add(
                **common, points=honour.bonus_points, person=nomination.person, department=nomination.department,
                reason=_("Honoured: %(honour)s") % {"honour": label}, source_label=label,
                key=f"honour:{nomination.pk}", created_by=user,
            )  # fmt: skip
        department_points = honour.department_bonus_points if nomination.person_id else (
            honour.department_bonus_points or honour.bonus_points
        )  # fmt: skip
        if department_points:
            entry_add(
                **common, points=department_points, department=nomination.department,
                reason=_("Honoured: %(honour)s") % {"honour": f"{label} · {nomination.nominee_name}"},
                source_label=label, key=f"honour:{nomination.pk}:department", created_by=user,
            )  # fmt: skip
    return selection
