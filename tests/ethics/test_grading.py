"""Acceptance 1: grade rules as data. One engine answers (score, deductions, veto) → grade, or a
gap or an overlap; the checker finds the rule set's gaps with an example point."""

from decimal import Decimal

import pytest

from chuangwen.ethics.checker import problems_of
from chuangwen.ethics.defaults import STANDARD_GRADE_RULES
from chuangwen.ethics.grading import GAP, OK, OVERLAP, grade_for, rule_from

RULES = [rule_from(g, c, v) for g, c, v in STANDARD_GRADE_RULES]


@pytest.mark.parametrize(
    ("score", "deductions", "veto", "outcome", "grade"),
    [
        (95, 0, False, OK, "excellent"),
        (90, 0, False, OK, "excellent"),
        (92, 0, True, OK, "poor"),  # a veto on a 92
        (92, 5, False, OK, "good"),
        (85, 14, False, OK, "good"),
        (85, 15, False, OK, "fair"),
        (89.99, 0, False, OK, "good"),
        (60, 24, False, OK, "fair"),
        (75, 0, False, OK, "fair"),
        (59.5, 0, False, OK, "poor"),
        (95, 30, False, OK, "poor"),
        (40, 40, False, OK, "poor"),
        (65, 27, False, GAP, ""),  # the gap of the 上高县 rules
        (90, 25, False, GAP, ""),
        (65, 27, True, OK, "poor"),  # a veto grades even in the gap
    ],
)
def test_grade_table(score, deductions, veto, outcome, grade):
    result = grade_for(RULES, Decimal(str(score)), Decimal(str(deductions)), veto)
    assert (result.outcome, result.grade) == (outcome, grade)


def test_overlapping_rules_are_an_overlap_not_a_grade():
    rules = [rule_from("excellent", [{"field": "score", "op": ">=", "value": 90}]),
             rule_from("good", [{"field": "score", "op": ">=", "value": 80}])]  # fmt: skip
    result = grade_for(rules, 95, 0, False)
    assert result.outcome == OVERLAP and result.grades == ("excellent", "good")


def test_checker_reports_the_gap_with_an_example_point():
    problems = problems_of(RULES, scale_max=100, deductions_max=100)
    assert len(problems) == 1
    gap = problems[0]
    assert gap.kind == GAP and gap.contains(65, 27)
    assert (gap.score_from, gap.score_to, gap.deductions_from, gap.deductions_to) == (60, 100, 25, 30)
    assert grade_for(RULES, gap.example_score, gap.example_deductions, False).outcome == GAP
    assert "85" in gap.message and "27" in gap.message


def test_checker_reports_overlaps():
    rules = [
        *RULES,
        rule_from(
            "good", [{"field": "score", "op": ">=", "value": 88}, {"field": "deductions", "op": "<=", "value": 0}]
        ),
    ]
    overlaps = [p for p in problems_of(rules, scale_max=100, deductions_max=100) if p.kind == OVERLAP]
    assert overlaps and all(p.grades == ("excellent", "good") for p in overlaps)
    assert any(p.contains(95, 0) for p in overlaps)


def test_closing_the_gap_leaves_no_problem():
    rules = [*RULES, rule_from("fair", [{"field": "score", "op": ">=", "value": 60},
                                        {"field": "deductions", "op": ">=", "value": 25},
                                        {"field": "deductions", "op": "<", "value": 30}])]  # fmt: skip
    assert problems_of(rules, scale_max=100, deductions_max=100) == []
