"""The audit demo step: four weeks of events of the demo county, readable by the office of the
demo hospital and by the bureau, with every kind the brief asks for."""

import random
from datetime import timedelta

from django.utils import timezone

from chuangwen.audit import demo
from chuangwen.audit.models import AuditEvent
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.feedback import demo as feedback_demo
from chuangwen.org import demo as org_demo


def test_demo_step(db):
    ctx = DemoContext(rng=random.Random(2026))
    org_demo.load(ctx)
    feedback_demo.load(ctx)
    demo.load(ctx)
    events = AuditEvent.objects.all()
    assert ctx.extra["audit_events"] == events.count() > 50
    assert {"login", "login_failed", "view_contact", "export", "token_create"} <= set(
        events.values_list("action", flat=True)
    )
    oldest = events.order_by("created_at").first().created_at
    assert timezone.now() - oldest > timedelta(days=20)  # weeks, not one instant
    office, bureau = ctx.users["chuangban"], ctx.users["weijianju"]
    seen_by_office = AuditEvent.objects.visible_to(office)
    assert seen_by_office.filter(action="view_contact", username="chuangban").exists()
    assert not seen_by_office.filter(username="zyy_chuangban").exists()  # the other hospital's
    assert AuditEvent.objects.visible_to(bureau).filter(username="zyy_chuangban").exists()
    assert not AuditEvent.objects.visible_to(ctx.users["zhigong"]).exists()
