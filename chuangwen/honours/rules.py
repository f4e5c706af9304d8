"""Eligibility rules of an honour type, as data: a list of ``{"kind": ..., <parameters>}`` kept
on ``HonourType.rules`` (with its history), edited in the admin and checked here when saved.

Kinds:
- ``no_ethics_mark``: no veto (一票否决) and no 较差 grade in the year, as the ethics evaluation
  answers (``chuangwen.ethics.eligibility.marks_for``; the only question asked of it).
- ``min_ethics_grade``: the person's latest final ethics grade (of the year, else of the year
  before) is at least ``grade`` (``good`` = 良好); nobody is refused for having no final grade
  yet (``chuangwen.ethics.eligibility.grades_for``).
- ``no_substantiated_complaint``: no complaint naming the person (a department honour: of the
  department) checked as substantiated or partly substantiated, received in the year and not
  archived; ``max`` allows that many (default 0).
- ``political_status``: the person's political status is one of ``values`` (``cpc`` …).
- ``post_contains``: the person's professional title or post contains ``text`` (护士).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PERSON_KINDS = {"no_ethics_mark", "min_ethics_grade", "no_substantiated_complaint", "political_status", "post_contains"}
GRADES = ("poor", "fair", "good", "excellent")  # worst to best, as chuangwen.ethics.eligibility.GRADE_ORDER
DEPARTMENT_KINDS = {"no_substantiated_complaint"}
KINDS = PERSON_KINDS | DEPARTMENT_KINDS
POLITICAL = {"cpc", "probationary", "league", "democratic", "masses"}


def rule_errors(rules) -> list[str]:
    """What is wrong with a list of rules, one message per rule (empty when nothing)."""
    if not isinstance(rules, list):
        return [_("The rules must be a list.")]
    errors = []
    for n, rule in enumerate(rules, start=1):
        kind = rule.get("kind") if isinstance(rule, dict) else None
        if kind not in KINDS:
            errors.append(_("Rule %(n)s: unknown kind “%(kind)s”.") % {"n": n, "kind": kind})
        elif kind == "political_status" and (
            not isinstance(rule.get("values"), list) or not rule["values"] or not set(rule["values"]) <= POLITICAL
        ):
            errors.append(_("Rule %(n)s: name the political statuses allowed.") % {"n": n})
        elif kind == "min_ethics_grade" and rule.get("grade") not in GRADES:
            errors.append(_("Rule %(n)s: name the lowest ethics grade allowed (excellent, good, fair).") % {"n": n})
        elif kind == "post_contains" and not str(rule.get("text") or "").strip():
            errors.append(_("Rule %(n)s: name the text the title or post must contain.") % {"n": n})
        elif kind == "no_substantiated_complaint" and not isinstance(rule.get("max", 0), int):
            errors.append(_("Rule %(n)s: the number of complaints allowed must be a whole number.") % {"n": n})
    return errors


def validate_rules(rules) -> None:
    errors = rule_errors(rules)
    if errors:
        raise ValidationError(errors)
