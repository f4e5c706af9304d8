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
