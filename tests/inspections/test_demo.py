"""The inspections demo step: three rounds, about forty findings in every state, with photos,
events, an escalation run and a reopened one, all through the services."""

from django.utils import timezone

from chuangwen.core.management.commands import load_demo
from chuangwen.dashboard.models import Notification
from chuangwen.inspections.models import Finding, FindingEvent, FindingPhoto, InspectionRound

STEPS = ["chuangwen.org.demo", "chuangwen.standards.demo", "chuangwen.campaigns.demo", "chuangwen.inspections.demo"]


def test_demo_loop_in_every_state(db, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        ctx = load_demo.load()
    kinds = set(InspectionRound.objects.values_list("kind", flat=True))
    assert kinds == {"self_check", "supervision", "unannounced"}
    assert 35 <= Finding.objects.count() == len(ctx.extra["inspections"]["findings"]) <= 45
    assert set(Finding.objects.values_list("state", flat=True)) == {"open", "ordered", "responded", "closed"}
    today = timezone.localdate()
    assert Finding.objects.filter(state="ordered", deadline__lt=today).count() >= 4
    assert Finding.objects.filter(escalation_level__gte=1).exists()
    assert FindingEvent.objects.filter(kind="reopened").count() == 1
    assert FindingEvent.objects.filter(kind="recheck_failed").exists()
    # bureau findings still open wait at the hospitals' offices, with a notification
    open_bureau = Finding.objects.filter(state="open", source_unit=ctx.units["bureau"])
    assert open_bureau.exists()
    assert Notification.objects.filter(kind="finding_from_authority", user=ctx.users["chuangban"]).exists()
    assert (
        FindingPhoto.objects.filter(stage="response").exists()
        and not FindingPhoto.objects.filter(thumbnail="").exists()
    )
    # every step has its actor, except the escalation job's
    assert not FindingEvent.objects.exclude(kind="escalated").filter(actor=None).exists()
    # October's self-check findings were found in October
    self_check = InspectionRound.objects.get(kind="self_check")
    assert {f.found_at.month for f in self_check.findings.all()} == {10}
    assert self_check.status == InspectionRound.Status.FINISHED
