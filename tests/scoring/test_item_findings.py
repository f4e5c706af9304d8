"""Findings on a standard item reach its score through the ledger (acceptance 2): each finding
deducts by the item's rule, the explanation lists them, closing them gives nothing back unless the
rule says so, archiving one cancels it by a counter-entry."""

import datetime
from decimal import Decimal

import pytest

from chuangwen.inspections.services.findings import (
    finding_archive,
    finding_dispatch,
    finding_recheck,
    finding_record,
    finding_reopen,
    finding_respond,
)
from chuangwen.scoring.models import ItemScore, LedgerEntry

from .conftest import at, set_rule

pytestmark = pytest.mark.django_db

PROBLEMS = [
    (datetime.date(2026, 3, 12), "门诊大厅有人吸烟"),
    (datetime.date(2026, 3, 13), "住院部楼梯间烟头"),
    (datetime.date(2026, 3, 20), "急诊候诊区无禁烟标识"),
]


def score_of(sc, item, view="self") -> ItemScore:
    return ItemScore.objects.get(campaign=sc.camp, item=item, view=view)


def record_three(sc, item, **kw):
    return [
        finding_record(
            user=sc.w.inspector,
            unit=sc.w.a,
            round=sc.round,
            department=sc.w.a_med,
            item=item,
            description=text,
            at=at(day),
            **kw,
        )  # fmt: skip
        for day, text in PROBLEMS
    ]


def close(sc, finding):
    w = sc.w
    finding = finding_dispatch(
        finding=finding, user=w.office, department=w.a_med, deadline=datetime.date.today() + datetime.timedelta(days=7)
    )
    finding = finding_respond(finding=finding, user=w.head, text="已整改", expected_version=finding.version)
    return finding_recheck(finding=finding, user=w.inspector, passed=True)


def assert_explained(score: ItemScore):
    assert sum(Decimal(line["points"]) for line in score.lines) == score.score


def test_three_findings_leave_2_of_5_and_the_explanation_lists_them(sc):
    item = set_rule(sc.items[0], "发现一处扣1分")
    findings = record_three(sc, item)
    score = score_of(sc, item)
    assert (score.score, score.points, score.method) == (Decimal("2"), Decimal("5"), "per_occurrence")
    assert_explained(score)
    deductions = [line for line in score.lines if line["points"] == "-1.00"]
    assert len(deductions) == 3
    for (day, text), line, finding in zip(PROBLEMS, deductions, findings, strict=True):
        assert line["text"].startswith(day.isoformat()) and text in line["text"] and "暗访" in line["text"]
        assert f"#{finding.pk}" in line["text"] and line["url"].endswith(f"/findings/{finding.pk}/")
    entries = LedgerEntry.objects.filter(item=item)
    assert entries.count() == 3 and {e.source for e in entries} == {"finding"}
    assert {e.key for e in entries} == {f"finding:{f.pk}" for f in findings}
    assert {e.department_id for e in entries} == {sc.w.a_med.pk} and {e.campaign_id for e in entries} == {sc.camp.pk}


def test_closing_the_findings_gives_nothing_back_by_default(sc):
    item = set_rule(sc.items[0], "发现一处扣1分")
    for finding in record_three(sc, item):
        close(sc, finding)
    assert score_of(sc, item).score == Decimal("2")
    assert LedgerEntry.objects.filter(item=item).count() == 3


def test_closing_gives_the_points_back_when_the_rule_says_so_and_a_reopen_deducts_again(sc):
    item = set_rule(sc.items[0], "发现一处扣1分，整改后恢复")
    findings = record_three(sc, item)
    assert score_of(sc, item).score == Decimal("2")
    closed = [close(sc, f) for f in findings]
    score = score_of(sc, item)
    assert score.score == Decimal("5")
    assert_explained(score)
    assert LedgerEntry.objects.filter(item=item, reverses__isnull=False).count() == 3
    finding_reopen(
        finding=closed[0], user=sc.w.inspector, reason="回头看又发现吸烟",
        deadline=datetime.date.today() + datetime.timedelta(days=5),
    )  # fmt: skip
    assert score_of(sc, item).score == Decimal("4")


def test_deductions_stop_at_zero(sc):
    item = set_rule(sc.items[0], "发现一处扣2分")
    record_three(sc, item)  # 6 points off a 5-point item
    score = score_of(sc, item)
    assert score.score == 0
    assert score.lines[-1]["points"] == "1.00" and "扣完为止" in score.lines[-1]["text"]
    assert_explained(score)


def test_points_deducted_by_the_inspector_win_over_the_rule(sc):
    item = set_rule(sc.items[0], "发现一处扣1分")
    finding_record(
        user=sc.w.inspector, unit=sc.w.a, round=sc.round, item=item, description="宣传栏破损",
        points_deducted=Decimal("0.5"), at=at(datetime.date(2026, 3, 2)),
    )  # fmt: skip
    assert score_of(sc, item).score == Decimal("4.5")


def test_a_finding_archived_as_an_error_is_cancelled_by_a_counter_entry(sc):
    item = set_rule(sc.items[0], "发现一处扣1分")
    first, *_ = record_three(sc, item)
    finding_archive(finding=first, user=sc.w.office, reason="重复登记")
    score = score_of(sc, item)
    assert score.score == Decimal("3")
    counter = LedgerEntry.objects.get(reverses__source_id=first.pk)
    assert counter.points == Decimal("1") and "重复登记" in counter.reason
    assert LedgerEntry.objects.filter(item=item).count() == 4  # nothing removed
    assert_explained(score)


def test_a_finding_without_a_deduction_writes_nothing(sc):
    item = sc.items[1]  # all or nothing: no deduction per finding
    finding_record(
        user=sc.w.inspector, unit=sc.w.a, round=sc.round, item=item, description="提示", at=at(PROBLEMS[0][0])
    )
    assert not LedgerEntry.objects.exists()


def test_dispatch_to_a_department_moves_the_deduction_there(sc):
    item = set_rule(sc.items[0], "发现一处扣1分")
    finding = finding_record(
        user=sc.w.inspector, unit=sc.w.a, round=sc.round, item=item, description="无部门", at=at(PROBLEMS[0][0])
    )
    finding_dispatch(
        finding=finding, user=sc.w.office, department=sc.w.a_surg,
        deadline=datetime.date.today() + datetime.timedelta(days=3),
    )  # fmt: skip
    live = LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True, item=item)
    assert [(e.department_id, e.points) for e in live] == [(sc.w.a_surg.pk, Decimal("-1"))]
    score = score_of(sc, item)
    assert score.score == Decimal("4")
    assert [line["points"] for line in score.lines] == ["5.00", "-1.00"]  # the re-booked pair is not repeated
