"""计分规则 as data: the text form of the spreadsheet column reads into checked rules, and back."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from chuangwen.standards.scoring_rules import (
    describe_scoring,
    parse_scoring_text,
    scoring_to_text,
    validate_scoring,
)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", {}),
        ("全有或全无", {}),
        ("按比例", {"method": "proportional"}),
        ("部分达标得50%", {"method": "all_or_nothing", "partial_fraction": "0.5"}),
        ("发现一处扣1分", {"method": "per_occurrence", "deduct": "1", "restore_on_close": False}),
        ("少一次扣0.5分", {"method": "per_occurrence", "deduct": "0.5", "restore_on_close": False}),
        ("发现一处扣2分，整改后恢复", {"method": "per_occurrence", "deduct": "2", "restore_on_close": True}),
        ("每月2分", {"method": "per_period", "period": "month", "points_per_period": "2"}),
        ("每季度5分", {"method": "per_period", "period": "quarter", "points_per_period": "5"}),
        (
            "等级:A=1,B=0.8,C=0.6",
            {
                "method": "grades",
                "grades": [
                    {"grade": "A", "fraction": "1"},
                    {"grade": "B", "fraction": "0.8"},
                    {"grade": "C", "fraction": "0.6"},
                ],
            },
        ),
        (
            "满意度:≥80=0.8,≥90=1",
            {"method": "survey", "bands": [{"min": "90", "fraction": "1"}, {"min": "80", "fraction": "0.8"}]},
        ),
    ],
)
def test_text_forms_read_into_rules_and_back(text, rule):
    assert parse_scoring_text(text) == rule
    assert parse_scoring_text(scoring_to_text(rule)) == rule


@pytest.mark.parametrize(
    "rule",
    [
        {"method": "halves"},
        {"method": "per_occurrence"},
        {"method": "per_occurrence", "deduct": "-1"},
        {"method": "per_period", "period": "week", "points_per_period": 2},
        {"method": "grades", "grades": [{"grade": "A", "fraction": "1.5"}]},
        {"method": "grades", "grades": [{"grade": "A", "fraction": 1}, {"grade": "A", "fraction": 0.5}]},
        {"method": "proportional", "deduct": 1},
        {"method": "survey", "bands": [{"min": 120, "fraction": 1}]},
    ],
)
def test_bad_rules_are_refused(rule):
    with pytest.raises(ValidationError):
        validate_scoring(rule)


def test_an_unknown_text_shows_the_accepted_forms_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        parse_scoring_text("酌情扣分")
    assert "酌情扣分" in exc.value.messages[0] and "发现一处扣1分" in exc.value.messages[0]


def test_rules_are_described_in_chinese():
    with translation.override("zh-hans"):
        assert describe_scoring({}) == "达标得满分，否则不得分"
        assert describe_scoring(parse_scoring_text("发现一处扣0.5分")) == "每发现一处扣0.5分，扣完为止"
        assert describe_scoring(parse_scoring_text("每月2分")) == "每月有验收通过的工作得2分"
        assert describe_scoring(parse_scoring_text("等级:A=1,B=0.8")) == "按等级：A=100%、B=80%"
