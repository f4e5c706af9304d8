"""The feedback demo step: about 60 complaints, suggestions and praise in the three demo hospitals,
from every channel and in every status, some overdue and escalated."""

import random

from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.feedback import demo
from chuangwen.feedback.models import Complaint
from chuangwen.org import demo as org_demo


def test_demo_step(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    demo.load(ctx)
    qs = Complaint.objects.all()
    assert 55 <= qs.count() <= 65
    assert qs.values("unit").distinct().count() == 3
    assert set(qs.values_list("channel", flat=True)) == set(Complaint.Channel.values)
    assert set(qs.values_list("kind", flat=True)) == set(Complaint.Kind.values)
    statuses = set(qs.values_list("status", flat=True))
    assert {"received", "assigned", "replied", "closed"} <= statuses
    assert qs.filter(escalation_level__gt=0).exists()
    assert qs.filter(status="closed").exclude(satisfaction="").exists()
    for c in qs.filter(status="closed"):
        assert c.records.filter(action="replied").exists()
