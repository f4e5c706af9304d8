"""Member development (党员发展): an applicant's steps, checked against the steps' order and time
rules (data: ``DevelopmentStep``). A step that breaks a rule is warned about, not refused (the
issue asks for warnings: a branch may record a step done late, or record the past in a new
order): the warning, naming the rule, is stored with the step and shown on the pipeline.

When a step sets a political status (上级党委审批 → 预备党员, 审批转正 → 中共党员) the person's
record follows through ``org.services.person_update`` (with history); a new probationary member
is put on the branch's roster."""

from __future__ import annotations

import calendar as _cal
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import files
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can
from chuangwen.org.models import Person
from chuangwen.org.services import person_update

from .access import MEMBER_STATUSES
from .models import (
    Applicant,
    Branch,
    BranchMember,
    DevelopmentStep,
    DevelopmentTarget,
    StepDocument,
    StepRecord,
)

ORDER_RULE = "发展党员须按规定程序逐步进行"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return datetime.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def _steps() -> dict[int, DevelopmentStep]:
    return {s.number: s for s in DevelopmentStep.objects.order_by("number")}


def step_warnings(
    *,
    applicant: Applicant,
    step: DevelopmentStep,
    done_on: datetime.date,
    done: dict[int, datetime.date],
    steps: dict[int, DevelopmentStep],
    training_days: int | None = None,
    training_hours: int | None = None,
) -> list[dict]:
    """The warnings of entering ``step`` on ``done_on`` when the steps ``done`` (number -> date)
    are recorded: each names its rule."""
    out = []
    missing = [n for n in steps if n < step.number and n not in done]
    if missing:
        names = "、".join(f"第{n}步“{steps[n].name}”" for n in missing[:3]) + ("等" if len(missing) > 3 else "")
        out.append(
            {"rule": ORDER_RULE, "message": _("Entered out of order: %(steps)s not recorded yet.") % {"steps": names}}
        )
    later = [n for n, d in done.items() if n < step.number and d > done_on]
    if later:
        n = max(later)
        out.append(
            {
                "rule": ORDER_RULE,
                "message": _("Entered out of order: dated before step %(n)s “%(name)s” (%(date)s).")
                % {"n": n, "name": steps[n].name, "date": done[n]},
            }
        )
    ref = done.get(step.counted_from) if step.counted_from else None
    if ref is not None and step.min_months:
        months = step.min_months + (applicant.probation_extension_months if step.adds_probation_extension else 0)
        earliest = add_months(ref, months)
        if done_on < earliest:
            out.append(
                {
                    "rule": step.rule,
                    "message": _("Too early: not before %(date)s (%(months)s months after step %(n)s “%(name)s”).")
                    % {
                        "date": earliest,
                        "months": months,
                        "n": step.counted_from,
                        "name": steps[step.counted_from].name,
                    },
                }
            )
    if ref is not None and step.max_months:
        latest = add_months(ref, step.max_months)
        if done_on > latest:
            out.append(
                {
                    "rule": step.rule,
                    "message": _("Too late: due by %(date)s (within %(months)s months of step %(n)s “%(name)s”).")
                    % {
                        "date": latest,
                        "months": step.max_months,
                        "n": step.counted_from,
                        "name": steps[step.counted_from].name,
                    },
                }
            )
    if step.min_training_days or step.min_training_hours:
        enough_days = step.min_training_days and (training_days or 0) >= step.min_training_days
        enough_hours = step.min_training_hours and (training_hours or 0) >= step.min_training_hours
        if not (enough_days or enough_hours):
            out.append(
                {
                    "rule": step.rule,
                    "message": _("Training too short: %(days)s days, %(hours)s class hours.")
                    % {"days": training_days or 0, "hours": training_hours or 0},
                }
            )
    return out


@dataclass
class NextStep:
    step: DevelopmentStep
    due: datetime.date | None
    # "by": to be done by ``due``; "from": not before ``due``.
    kind: str = ""


def next_step(
    applicant: Applicant, done: dict[int, datetime.date], steps: dict[int, DevelopmentStep]
) -> NextStep | None:
    """The first step not recorded, and the date its rule sets (by / not before), if any."""
    for n, step in steps.items():
        if n in done:
            continue
        ref = done.get(step.counted_from) if step.counted_from else None
        if ref is not None and step.max_months:
            return NextStep(step, add_months(ref, step.max_months), "by")
        if ref is not None and step.min_months:
            months = step.min_months + (applicant.probation_extension_months if step.adds_probation_extension else 0)
            return NextStep(step, add_months(ref, months), "from")
        return NextStep(step, None)
    return None


def _check(user, applicant: Applicant) -> None:
    if not can(user, applicant, CHANGE):
        raise PermissionDenied


@transaction.atomic
def applicant_create(*, user, branch: Branch, person: Person, applied_on: datetime.date, notes: str = "") -> Applicant:
    """A new applicant of ``branch`` with step 1 (递交入党申请书) on ``applied_on``."""
    if not can(user, branch, CHANGE):
        raise PermissionDenied
    if person.unit_id != branch.unit_id:
        raise ValidationError({"person": _("%(name)s is not a staff member of this unit.") % {"name": person.name}})
    if person.political_status in MEMBER_STATUSES:
        raise ValidationError({"person": _("%(name)s is already a party member.") % {"name": person.name}})
    if Applicant.objects.filter(person=person, status=Applicant.Status.ACTIVE).exists():
        raise ValidationError(
            {"person": _("%(name)s already has a development record in progress.") % {"name": person.name}}
        )
    applicant = Applicant(unit_id=branch.unit_id, branch=branch, person=person, notes=notes)
    applicant.full_clean()
    applicant._history_user = user
    applicant.save()
    step_record(user=user, applicant=applicant, step=DevelopmentStep.objects.get(number=1), done_on=applied_on)
    return applicant


@transaction.atomic
def step_record(
    *,
    user,
    applicant: Applicant,
    step: DevelopmentStep,
    done_on: datetime.date,
    people: list[Person] | None = None,
    notes: str = "",
    training_days: int | None = None,
    training_hours: int | None = None,
    documents: list[files.PreparedUpload] | None = None,
) -> StepRecord:
    """Record ``step`` of ``applicant`` done on ``done_on``; the warnings of its rules are stored
    with it. A step is recorded once (the database holds it); a date in the future is refused."""
    _check(user, applicant)
    applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
    try:
        errors = {}
        if applicant.status != Applicant.Status.ACTIVE:
            errors["step"] = [_("This development record is closed.")]
        if done_on > timezone.localdate():
            errors["done_on"] = [_("The date is in the future.")]
        done = dict(applicant.steps.values_list("step__number", "done_on"))
        if step.number in done:
            errors["step"] = [_("Step %(n)s “%(name)s” is already recorded.") % {"n": step.number, "name": step.name}]
        others = [p.name for p in people or [] if p.unit_id != applicant.unit_id]
        if others:
            errors["people"] = [_("Not staff members of this unit: %(names)s.") % {"names": "、".join(others)}]
        if errors:
            raise ValidationError(errors)
    except ValidationError:
        for d in documents or []:
            d.close()
        raise
    steps = _steps()
    record = StepRecord(
        applicant=applicant,
        step=step,
        done_on=done_on,
        notes=notes,
        training_days=training_days,
        training_hours=training_hours,
        recorded_by=user,
        warnings=step_warnings(
            applicant=applicant,
            step=step,
            done_on=done_on,
            done=done,
            steps=steps,
            training_days=training_days,
            training_hours=training_hours,
        ),
    )
    record._history_user = user
    record.save()
    if people:
        record.people.set(people)
    try:
        for d in documents or []:
            doc = StepDocument(
                record=record,
                original_name=d.original_name,
                content_type=d.type.content_type,
                size=d.size,
                sha256=d.sha256,
            )
            files.store(d, doc)
            doc.save()
    finally:
        for d in documents or []:
            d.close()
    _follow(applicant, step, user, steps)
    return record


def _follow(applicant: Applicant, step: DevelopmentStep, user, steps) -> None:
    """The applicant's stage and status, and the person's political status, after ``step``."""
    recorded = set(applicant.steps.values_list("step__number", flat=True))
    applicant.stage = max(steps[n].stage for n in recorded)
    if recorded >= set(steps):
        applicant.status = Applicant.Status.JOINED
    applicant._history_user = user
    applicant.save()
    if step.sets_status and applicant.person.political_status != step.sets_status:
        person_update(person=applicant.person, user=user, political_status=step.sets_status)
    if step.sets_status and not BranchMember.objects.filter(person=applicant.person, is_active=True).exists():
        member = BranchMember(branch=applicant.branch, person=applicant.person)
        member._history_user = user
        member.save()


def target_progress(branch: Branch, year: int) -> dict:
    """The branch's development target of ``year`` and how many became probationary members in it."""
    target = DevelopmentTarget.objects.filter(branch=branch, year=year).first()
    developed = StepRecord.objects.filter(
        applicant__branch=branch, step__sets_status=Person.Political.PROBATIONARY, done_on__year=year
    ).count()
    return {"target": target, "developed": developed}


@transaction.atomic
def target_set(*, user, branch: Branch, year: int, target_min: int, target_max: int) -> DevelopmentTarget:
    """Set the branch's development target of ``year`` (at least / at most)."""
    if not can(user, branch, CHANGE):
        raise PermissionDenied
    if target_max < target_min:
        raise ValidationError({"target_max": _("The upper bound is below the lower bound.")})
    target, _created = DevelopmentTarget.objects.get_or_create(
        branch=branch, year=year, defaults={"target_min": target_min, "target_max": target_max}
    )
    target.target_min, target.target_max = target_min, target_max
    target._history_user = user
    target.save()
    return target
