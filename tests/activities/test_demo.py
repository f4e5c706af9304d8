"""The activities demo step: the demo hospital's year of activities with rosters, attendance,
photos and notes; study sessions meet item 1.1.1 "记录≥2/月" with no evidence of their own; the
July training falls below its 100 %."""

from chuangwen.activities import selectors
from chuangwen.activities.models import Activity, StudyNote, StudyTarget
from chuangwen.core.management.commands import load_demo
from chuangwen.evidence.models import ItemCompliance

STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.activities.demo",
]


def test_the_demo_year_of_activities(db, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        ctx = load_demo.load()
    rmyy = ctx.units["rmyy"]
    activities = selectors.with_counts(Activity.objects.filter(unit=rmyy)).select_related("kind")
    kinds = set(activities.values_list("kind__code", flat=True))
    assert {"political_study", "ethics_lecture", "training", "drill", "free_clinic", "festival"} <= kinds
    rates = {a.title: selectors.participation(a) for a in activities if a.kind.required_rate}
    assert rates["院感防控与手卫生培训"].below
    assert any(not p.below and p.rate for p in rates.values())
    assert StudyNote.objects.filter(unit=rmyy).count() > 500
    assert StudyTarget.objects.filter(unit=rmyy, kind=None).exists()
    campaign = ctx.extra["campaigns"]["rmyy"]
    study = campaign.standard.items.get(code="1.1.1")
    assert ItemCompliance.objects.get(campaign=campaign, item=study).status == ItemCompliance.Status.MET
    assert Activity.objects.filter(unit=ctx.units["zyy"]).exists()
