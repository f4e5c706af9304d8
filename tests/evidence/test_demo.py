"""The evidence demo step: a mix of statuses, real stored files, compliance rows, and fast."""

import time

from chuangwen.core.management.commands import load_demo
from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance

STEPS = ["chuangwen.org.demo", "chuangwen.standards.demo", "chuangwen.campaigns.demo", "chuangwen.evidence.demo"]


def test_demo_builds_a_realistic_ledger(db, monkeypatch):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    t0 = time.perf_counter()
    ctx = load_demo.load()
    elapsed = time.perf_counter() - t0
    statuses = set(Evidence.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "returned"}
    assert Evidence.objects.filter(status="returned").exclude(review_comment="").exists()
    kinds = set(EvidenceFile.objects.values_list("kind", flat=True))
    assert {"image", "pdf", "word"} <= kinds
    assert EvidenceFile.objects.exclude(thumbnail="").exists()
    assert ItemCompliance.objects.filter(status="met").exists()
    assert ItemCompliance.objects.filter(status="unmet").exists()
    assert len(ctx.extra["evidence"]) == Evidence.objects.count()
    assert elapsed < 30  # the whole demo, all steps
