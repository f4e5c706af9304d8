import pytest
from django.core.exceptions import ValidationError

from chuangwen.standards.rules import describe_rule, parse_rules_text, rules_to_text, validate_rules


def test_compact_text_parses_and_prints_back():
    text = "照片≥2; 文件≥1; 类型:pdf,docx; 文号; 近24个月; 记录≥2/月"
    rules = parse_rules_text(text)
    assert rules == [
        {"type": "min_photos", "count": 2},
        {"type": "min_files", "count": 1},
        {"type": "file_types", "types": ["pdf", "docx"]},
        {"type": "requires_doc_number"},
        {"type": "date_window_months", "months": 24},
        {"type": "min_records", "count": 2, "period": "month"},
    ]
    assert rules_to_text(rules) == text
    assert parse_rules_text("照片>=3；记录≥1/季度\n类型：PDF、Docx") == [
        {"type": "min_photos", "count": 3},
        {"type": "min_records", "count": 1, "period": "quarter"},
        {"type": "file_types", "types": ["pdf", "docx"]},
    ]


@pytest.mark.parametrize(
    "rules, fragment",
    [
        ([{"type": "min_photos"}], "count"),
        ([{"type": "min_photos", "count": 0}], "from 1"),
        ([{"type": "min_photos", "count": True}], "from 1"),
        ([{"type": "min_files", "count": 2, "extra": 1}], "extra"),
        ([{"type": "file_types", "types": []}], "at least one"),
        ([{"type": "file_types", "types": ["exe"]}], "exe"),
        ([{"type": "date_window_months", "months": 500}], "120"),
        ([{"type": "min_records", "count": 2, "period": "week"}], "period"),
        ([{"type": "teleport"}], "teleport"),
        ([{"type": "min_photos", "count": 1}, {"type": "min_photos", "count": 2}], "twice"),
        ("照片≥2", "list"),
    ],
)
def test_bad_rules_are_refused(rules, fragment):
    with pytest.raises(ValidationError) as info:
        validate_rules(rules)
    assert fragment in " ".join(info.value.messages)


def test_unknown_text_names_the_part():
    with pytest.raises(ValidationError, match="拍很多照片"):
        parse_rules_text("照片≥2; 拍很多照片")


def test_every_rule_type_is_described():
    rules = parse_rules_text("照片≥2; 文件≥1; 类型:pdf,docx; 文号; 近24个月; 记录≥2/月; ")
    labels = [describe_rule(r) for r in rules]
    assert labels[0] == "At least 2 photos" and "pdf、docx" in labels[2] and "24" in labels[4]
    assert len(set(labels)) == 6


# ------------------------------------------------------------------ issue 13: requirement kinds


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("照片≥3/条", {"type": "min_photos", "count": 3, "per": "record"}),
        ("照片≥3", {"type": "min_photos", "count": 3}),
        ("文件≥2/条", {"type": "min_files", "count": 2, "per": "record"}),
        ("类别:会议纪要,方案,签到表", {"type": "doc_kinds", "kinds": ["会议纪要", "方案", "签到表"]}),
        (
            "须见:落款处加盖单位印章,照片显示单位名称",
            {"type": "attestations", "items": ["落款处加盖单位印章", "照片显示单位名称"]},
        ),
        ("附文字说明", {"type": "note_required"}),
        (
            "志愿服务每人每月3小时",
            {"type": "per_person", "what": "志愿服务", "quantity": "3", "unit": "小时", "period": "month"},
        ),
    ],
)
def test_new_requirement_kinds_text_form_round_trips(text, rule):
    from chuangwen.standards.rules import describe_rule, parse_rules_text, rules_to_text

    assert parse_rules_text(text) == [rule]
    assert rules_to_text([rule]) == text
    assert describe_rule(rule)


def test_per_person_is_described_as_computed_elsewhere():
    from chuangwen.standards.rules import describe_rule

    rule = {"type": "per_person", "what": "志愿服务", "quantity": "3", "unit": "小时", "period": "month"}
    assert describe_rule(rule) == "志愿服务 3 小时 per person a month (computed by the volunteer module)"
