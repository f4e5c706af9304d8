"""The one grading engine: (score, deductions, veto) → grade under a rule set's grade rules, or
why none (a gap: no rule applies; an overlap: rules of two grades apply). Pure functions over
plain rule tuples, so the evaluation job, the rule-set checker and the pages ask the same thing.

A rule holds when every condition holds (``{"field": "score"|"deductions", "op", "value"}``).
Rules marked ``on_veto`` decide alone for anybody with a veto; otherwise the other rules apply.
Several rules of one grade are alternatives (较差: below 60, or deductions ≥ 30)."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

OPS = {">=": operator.ge, ">": operator.gt, "<": operator.lt, "<=": operator.le}
FIELDS = ("score", "deductions")

GAP = "gap"
OVERLAP = "overlap"
OK = "ok"


@dataclass(frozen=True)
class Rule:
    grade: str
    conditions: tuple[tuple[str, str, Decimal], ...] = ()
    on_veto: bool = False

    def holds(self, score: Decimal, deductions: Decimal) -> bool:
        values = {"score": score, "deductions": deductions}
        return all(OPS[op](values[f], v) for f, op, v in self.conditions)


@dataclass(frozen=True)
class Result:
    outcome: str  # ok, gap or overlap
    grade: str = ""
    grades: tuple[str, ...] = ()


def rules_of(rule_set) -> list[Rule]:
    """The engine's rules from a saved rule set (its ``grade_rules``, prefetched or not)."""
    return [rule_from(r.grade, r.conditions, r.on_veto) for r in rule_set.grade_rules.all()]


def rule_from(grade: str, conditions, on_veto: bool = False) -> Rule:
    return Rule(
        grade=grade,
        conditions=tuple((c["field"], c["op"], Decimal(str(c["value"]))) for c in conditions or ()),
        on_veto=on_veto,
    )


def condition_errors(conditions) -> list[str]:
    """What is wrong with a list of conditions, in Chinese ("" when fine)."""
    errors = []
    if not isinstance(conditions, list):
        return [_("The conditions must be a list.")]
    for n, c in enumerate(conditions, start=1):
        if not isinstance(c, dict) or c.get("field") not in FIELDS or c.get("op") not in OPS:
            errors.append(
                _("Condition %(n)s: give a field (score or deductions), a comparison and a value.") % {"n": n}
            )
            continue
        try:
            Decimal(str(c.get("value")))
        except ArithmeticError:
            errors.append(_("Condition %(n)s: the value is not a number.") % {"n": n})
    return errors


def grade_for(rules: list[Rule], score, deductions, veto: bool) -> Result:
    """The grade of one person, or the reason there is none."""
    score, deductions = Decimal(score), Decimal(deductions)
    veto_rules = [r for r in rules if r.on_veto]
    if veto and veto_rules:
        candidates = veto_rules
    else:
        candidates = [r for r in rules if not r.on_veto]
    grades = tuple(sorted({r.grade for r in candidates if r.holds(score, deductions)}))
    if not grades:
        return Result(GAP)
    if len(grades) > 1:
        return Result(OVERLAP, grades=grades)
    return Result(OK, grade=grades[0], grades=grades)
