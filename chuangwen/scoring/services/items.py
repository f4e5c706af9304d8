"""Writes of item assessments (自评 / 实地测评): the office's reviewer confirms or changes the
evidence's suggestion for an item (with a reason when changed), an assessor grades a graded item,
the bureau scores items in its assessment round. Assessments are added, never changed; each
refreshes the item's score in the same transaction."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.campaigns.models import Campaign
from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.scoping import can
from chuangwen.inspections.models import INSPECT, InspectionRound
from chuangwen.standards import scoring_rules as sr
from chuangwen.standards.models import Item

from ..items import JUDGED, compute, item_scores_refresh
from ..models import ItemAssessment, View


def _may_assess(user, campaign: Campaign, assessor: str, round: InspectionRound | None) -> bool:
    if round is not None:
        if round.owner_unit_id == campaign.unit_id and assessor == View.BUREAU:
            return False
        if not round.target_units.filter(pk=campaign.unit_id).exists():
            return False
        return InspectionRound.objects.visible_to(user, INSPECT).filter(pk=round.pk).exists()
    if assessor == View.SELF:
        return can(user, campaign, CHANGE)
    return _supervises(user, campaign)


def _supervises(user, campaign: Campaign) -> bool:
    """A supervisor (bureau) whose region holds the campaign's unit."""
    if user.is_superuser:
        return True
    unit_path = campaign.unit.region.path
    return any(
        m.role == Role.SUPERVISOR and m.region_path and unit_path.startswith(m.region_path)
        for m in user.scope_memberships()
    )


@transaction.atomic
def assessment_add(
    *,
    campaign: Campaign,
    item: Item,
    user,
    assessor: str = View.SELF,
    score=None,
    grade: str = "",
    reason: str = "",
    round: InspectionRound | None = None,
) -> ItemAssessment:
    """One assessment of ``item``. Raises ``ValidationError`` naming the field (nothing written)."""
    if assessor not in View.values:
        raise ValidationError({"assessor": _("Unknown assessor.")})
    if not _may_assess(user, campaign, assessor, round):
        raise PermissionDenied
    if item.standard_id != campaign.standard_id:
        raise ValidationError({"item": _("The item is not in the campaign's standard.")})
    rule = item.scoring or {}
    method = sr.method_of(rule)
    if method not in JUDGED:
        raise ValidationError(
            {"item": _("Item %(code)s is scored by its rule (%(rule)s), not by an assessor.")
             % {"code": item.code, "rule": sr.describe_scoring(rule)}}
        )  # fmt: skip
    reason = (reason or "").strip()
    value = None
    grade = (grade or "").strip()
    if method == sr.GRADES:
        names = [g["grade"] for g in rule["grades"]]
        if grade not in names:
            raise ValidationError(
                {"grade": _("Item %(code)s: choose one of the grades %(grades)s.")
                 % {"code": item.code, "grades": "、".join(names)}}
            )  # fmt: skip
    else:
        try:
            value = Decimal(str(score).strip())
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationError(
                {"score": _("Item %(code)s: the score must be a number.") % {"code": item.code}}
            ) from None
        if not value.is_finite() or value < 0 or value > item.points or value != value.quantize(Decimal("0.01")):
            raise ValidationError(
                {"score": _("Item %(code)s: the score must be between 0 and %(points)s (two decimals at most).")
                 % {"code": item.code, "points": item.points.normalize()}}
            )  # fmt: skip
        suggested = next(r for r in compute(campaign, [item]) if r.view == View.SELF).lines[0].points
        if value != suggested and not reason:
            raise ValidationError(
                {"reason": _("Item %(code)s: give the reason for changing the suggested %(suggested)s.")
                 % {"code": item.code, "suggested": suggested.normalize()}}
            )  # fmt: skip
    a = ItemAssessment(
        campaign=campaign,
        unit_id=campaign.unit_id,
        item=item,
        assessor=assessor,
        score=value,
        grade=grade,
        reason=reason[:500],
        round=round,
        by=user,
    )
    a.save()
    item_scores_refresh(campaign=campaign, items=[item])
    return a


@transaction.atomic
def assessments_add_many(
    *, campaign: Campaign, user, rows, assessor: str = View.SELF, round: InspectionRound | None = None
) -> list[ItemAssessment]:
    """Several assessments at once (a round's checklist): ``rows`` of (item, score, grade,
    reason); empty rows are skipped. Every row is checked; if any is wrong nothing is written
    and the error names each wrong row's item."""
    written, errors = [], []
    for item, score, grade, reason in rows:
        if (score is None or str(score).strip() == "") and not (grade or "").strip():
            continue
        try:
            with transaction.atomic():
                written.append(
                    assessment_add(
                        campaign=campaign, item=item, user=user, assessor=assessor, score=score, grade=grade,
                        reason=reason, round=round,
                    )
                )  # fmt: skip
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return written


def assessor_for(user, campaign: Campaign, round: InspectionRound | None = None) -> str | None:
    """Which view ``user`` assesses ``campaign`` in: the unit's office (or a round of its own) →
    self; the bureau (a supervisor over the unit, or a round of another body) → bureau."""
    if round is not None:
        view = View.SELF if round.owner_unit_id == campaign.unit_id else View.BUREAU
        return view if _may_assess(user, campaign, view, round) else None
    if can(user, campaign, CHANGE):
        return View.SELF
    if _supervises(user, campaign):
        return View.BUREAU
    return None
