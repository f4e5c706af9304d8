"""The item scores demo step: the demo hospital's year has item scores from every source
(findings on the ledger, 动态考核 months, the satisfaction index, grades and assessments), each
equal to its explanation, the bureau's view beside the hospital's."""

from decimal import Decimal

from chuangwen.core.management.commands import load_demo
from chuangwen.scoring.models import ItemAssessment, ItemScore, LedgerEntry

STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.evidence.demo",
    "chuangwen.inspections.demo",
    "chuangwen.surveys.demo",
    "chuangwen.scoring.demo.items",
]


def test_demo_scores_come_from_every_source_and_equal_their_explanations(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        ctx = load_demo.load()
    rmyy = ctx.units["rmyy"]
    scores = ItemScore.objects.filter(unit=rmyy, view="self")
    assert {"per_occurrence", "per_period", "survey", "grades", "all_or_nothing"} <= set(
        scores.values_list("method", flat=True)
    )
    for s in ItemScore.objects.all():
        assert sum(Decimal(line["points"]) for line in s.lines) == s.score, s.item_id
        assert 0 <= s.score <= s.points
    assert LedgerEntry.objects.filter(unit=rmyy, source="finding", item__isnull=False).exists()
    occurrence = scores.filter(method="per_occurrence").first()
    assert occurrence.score < occurrence.points and any("问题 #" in line["text"] for line in occurrence.lines)
    periodic = [line for s in scores.filter(method="per_period") for line in s.lines]
    assert any(line["points"] == "0.00" for line in periodic) and any(line["points"] != "0.00" for line in periodic)
    assert ItemAssessment.objects.filter(unit=rmyy, assessor="bureau").count() >= 2
    assert ItemScore.objects.filter(unit=rmyy, view="bureau", assessed=True, method="grades").exists()
