"""Rule checking: counts, types, 文号, date windows, records per period, and the reasons."""

from datetime import date

import pytest
from django.utils import translation

from chuangwen.evidence import rules as r
from chuangwen.evidence.models import ItemCompliance

JPG = r.FileFacts("image", "jpg")
PDF = r.FileFacts("pdf", "pdf")
START, END, TODAY = date(2026, 2, 1), date(2026, 11, 30), date(2026, 6, 15)


def _check(rules, records):
    with translation.override("en"):
        return r.item_outcome(rules, records, start=START, end=END, today=TODAY)


def test_photo_count_met_and_unmet():
    rules = [{"type": "min_photos", "count": 2}]
    one = r.Record(date(2026, 5, 1), files=(JPG, PDF))
    two = r.Record(date(2026, 5, 2), files=(JPG,))
    out = _check(rules, [one])
    assert out.status == ItemCompliance.Status.PARTIAL
    assert out.reasons == ["Not enough photos: 2 needed, 1 present"]
    assert _check(rules, [one, two]).status == ItemCompliance.Status.MET


def test_no_accepted_evidence_is_unmet():
    out = _check([{"type": "min_files", "count": 1}], [])
    assert out.status == ItemCompliance.Status.UNMET
    assert out.reasons[0] == "No accepted evidence yet"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("青医发〔2026〕12号", True),
        ("院办[2026]3号", True),
        ("2026年12号", False),
        ("", False),
        ("青医发〔2026〕", False),
    ],
)
def test_doc_number_shape(value, ok):
    assert r.looks_like_doc_number(value) is ok
    out = _check([{"type": "requires_doc_number"}], [r.Record(date(2026, 5, 1), doc_number=value)])
    assert (out.status == ItemCompliance.Status.MET) is ok
    if not ok and not value:
        assert out.reasons == ["Missing document number"]
    elif not ok:
        # A 文号 in the wrong form is shown with the form expected (issue 13).
        assert out.reasons[0].startswith("The document number should look like ")
        assert f"(received: {value})" in out.reasons[0]


def test_file_types():
    rules = [{"type": "file_types", "types": ["pdf", "docx"]}]
    assert _check(rules, [r.Record(date(2026, 5, 1), files=(PDF,))]).status == "met"
    out = _check(rules, [r.Record(date(2026, 5, 1), files=(JPG,))])
    assert out.reasons == ["No file of the required type: PDF、DOCX"]


def test_date_window_excludes_old_records_from_other_rules():
    rules = [{"type": "date_window_months", "months": 24}, {"type": "min_photos", "count": 1}]
    old = r.Record(date(2024, 5, 1), files=(JPG,))
    out = _check(rules, [old])
    assert out.reasons == [
        "Out of the time window: must be within the last 24 months",
        "Not enough photos: 1 needed, 0 present",
    ]
    assert _check(rules, [old, r.Record(date(2025, 1, 1), files=(JPG,))]).status == "met"


def test_min_records_per_month_over_complete_months_so_far():
    rules = [{"type": "min_records", "count": 2, "period": "month"}]
    records = [r.Record(date(2026, m, d)) for m in range(2, 6) for d in (3, 17)]
    assert _check(rules, records).status == "met"  # Feb-May complete, June still running
    out = _check(rules, records[:-1])
    assert out.reasons == ["Not enough records: 2 a month needed, 2026-05 has 1"]


def test_min_records_per_quarter():
    rules = [{"type": "min_records", "count": 1, "period": "quarter"}]
    out = _check(rules, [r.Record(date(2026, 2, 10))])
    # Q1 of the campaign is complete and has one; Q2 is not complete yet.
    assert out.status == "met"
    out = _check(rules, [r.Record(date(2026, 4, 10))])
    assert out.reasons == ["Not enough records: 1 a quarter needed, 2026 Q1 has 0"]


def test_months_before_clamps_the_day():
    assert r.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert r.months_before(date(2026, 1, 15), 24) == date(2024, 1, 15)


# ------------------------------------------------------------------ issue 13: requirement kinds


def test_per_record_photos_are_not_met_by_two_plus_one_but_pooled_photos_are():
    records = [
        r.Record(date(2026, 5, 1), files=(JPG, JPG), title="学雷锋活动"),
        r.Record(date(2026, 5, 2), files=(JPG,), title="义诊"),
    ]
    per_record = _check([{"type": "min_photos", "count": 3, "per": "record"}], records)
    assert per_record.status == ItemCompliance.Status.PARTIAL
    assert per_record.reasons == ["Not enough photos in each record: 3 needed, short in 学雷锋活动、义诊"]
    pooled = _check([{"type": "min_photos", "count": 3}], records)
    assert pooled.status == ItemCompliance.Status.MET
    three = r.Record(date(2026, 5, 3), files=(JPG, JPG, JPG))
    assert _check([{"type": "min_photos", "count": 3, "per": "record"}], [three]).status == ItemCompliance.Status.MET


def test_document_kinds_attestations_and_note():
    minutes = r.Record(
        date(2026, 5, 1), title="党委会", doc_kind="会议纪要", note="研究创建工作", attested=("落款处加盖单位印章",)
    )
    untagged = r.Record(date(2026, 5, 2), title="照片", doc_kind="")
    rules = [
        {"type": "doc_kinds", "kinds": ["会议纪要", "方案"]},
        {"type": "attestations", "items": ["落款处加盖单位印章"]},
        {"type": "note_required"},
    ]
    assert _check(rules, [minutes]).status == ItemCompliance.Status.MET
    out = _check(rules, [minutes, untagged])
    assert out.reasons == [
        "Not tagged as 会议纪要、方案: 照片",
        "Not confirmed by the reviewer (落款处加盖单位印章): 照片",
        "No written note: 照片",
    ]


def test_per_person_quantities_are_not_checked_against_evidence():
    rule = {"type": "per_person", "what": "志愿服务", "quantity": "3", "unit": "小时", "period": "month"}
    assert _check([rule], [r.Record(date(2026, 5, 1))]).status == ItemCompliance.Status.MET


def test_doc_number_in_the_wrong_form_shows_the_expected_form():
    out = _check([{"type": "requires_doc_number"}], [r.Record(date(2026, 5, 1), doc_number="青医发2026第3号")])
    assert out.reasons == ["The document number should look like 青医发〔2026〕3号 (received: 青医发2026第3号)"]
    with translation.override("zh-hans"):
        out = r.item_outcome(
            [{"type": "requires_doc_number"}],
            [r.Record(date(2026, 5, 1), doc_number="青医发2026第3号")],
            start=START,
            end=END,
            today=TODAY,
        )
    assert out.reasons == ["文号格式应为：青医发〔2026〕3号（收到：青医发2026第3号）"]
