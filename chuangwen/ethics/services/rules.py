"""Rule sets (医德考评办法): created (from the standard rules or given ones), checked (weights,
conditions, gaps and overlaps), published (frozen; the previous version superseded) and changed
only as a new version with its reason."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can_in_unit

from ..checker import problems_of
from ..defaults import STANDARD_GRADE_RULES, STANDARD_WEIGHTS
from ..grading import condition_errors, rules_of
from ..models import Component, GradeRule, RuleSet


def _may(user, unit) -> None:
    if user is not None and not can_in_unit(user, RuleSet, unit, CHANGE):
        raise PermissionDenied(_("Only the unit's office may change its ethics rules."))


@transaction.atomic
def ruleset_create(
    *,
    unit,
    year: int,
    by=None,
    weights: dict | None = None,
    grade_rules=None,
    excellent_quota=Decimal("15"),
    quota_scope: str = RuleSet.QuotaScope.UNIT,
    reason: str = "",
) -> RuleSet:
    """A draft rule set of the next version for ``unit`` and ``year`` (the standard rules unless
    given: ``grade_rules`` as (grade, conditions, on_veto) triples)."""
    _may(by, unit)
    last = RuleSet.objects.filter(unit=unit, year=year).order_by("-version").first()
    rule_set = RuleSet.objects.create(
        unit=unit,
        year=year,
        version=(last.version + 1) if last else 1,
        excellent_quota=excellent_quota,
        quota_scope=quota_scope,
        reason=reason,
    )
    for kind, weight in (weights or STANDARD_WEIGHTS).items():
        Component.objects.create(rule_set=rule_set, kind=kind, weight=Decimal(str(weight)))
    for n, (grade, conditions, on_veto) in enumerate(grade_rules or STANDARD_GRADE_RULES):
        errors = condition_errors(conditions)
        if errors:
            raise ValidationError({"grade_rules": [_("Rule %(n)s: ") % {"n": n + 1} + e for e in errors]})
        GradeRule.objects.create(rule_set=rule_set, grade=grade, conditions=conditions, on_veto=on_veto, position=n)
    return rule_set


def ruleset_check(rule_set: RuleSet) -> dict:
    """What the page shows on save: ``errors`` (publishing refused) and ``problems`` (gaps and
    overlaps with an example point; publishing allowed, the people in them are reported)."""
    errors = []
    total = sum((c.weight for c in rule_set.components.all()), Decimal(0))
    if total != 100:
        errors.append(
            _("The weights add up to %(total)s%%, not 100%%.") % {"total": f"{total:f}".rstrip("0").rstrip(".")}
        )
    rules = list(rule_set.grade_rules.all())
    for n, r in enumerate(rules, start=1):
        errors.extend(_("Rule %(n)s: ") % {"n": n} + e for e in condition_errors(r.conditions))
    if not rules:
        errors.append(_("Give at least one grade rule."))
    problems = (
        []
        if errors
        else problems_of(rules_of(rule_set), scale_max=rule_set.scale_max, deductions_max=rule_set.deductions_max)
    )
    return {"errors": errors, "problems": problems}


@transaction.atomic
def ruleset_publish(*, rule_set: RuleSet, by=None) -> RuleSet:
    """Freeze the draft; the year's published version before it is superseded."""
    _may(by, rule_set.unit)
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    if rule_set.status != RuleSet.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published; change a published rule set by a new version."))
    errors = ruleset_check(rule_set)["errors"]
    if errors:
        raise ValidationError(errors)
    if rule_set.version > 1 and not rule_set.reason.strip():
        raise ValidationError({"reason": _("Give the reason of the new version.")})
    for old in RuleSet.objects.filter(unit=rule_set.unit, year=rule_set.year, status=RuleSet.Status.PUBLISHED):
        old.status = RuleSet.Status.SUPERSEDED
        old.save()
    rule_set.status = RuleSet.Status.PUBLISHED
    rule_set.published_at = timezone.now()
    rule_set.published_by = by
    rule_set.save()
    return rule_set


@transaction.atomic
def ruleset_new_version(*, rule_set: RuleSet, reason: str, by=None, weights: dict | None = None) -> RuleSet:
    """A draft copy of a published rule set, the next version, with the reason of the change
    (and new ``weights`` when given)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason of the new version.")})
    return ruleset_create(
        unit=rule_set.unit,
        year=rule_set.year,
        by=by,
        weights=weights or {c.kind: c.weight for c in rule_set.components.all()},
        grade_rules=[(r.grade, r.conditions, r.on_veto) for r in rule_set.grade_rules.all()],
        excellent_quota=rule_set.excellent_quota,
        quota_scope=rule_set.quota_scope,
        reason=reason.strip(),
    )
