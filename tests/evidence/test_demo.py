"""The evidence demo step: the records a hospital would have on 2026-11-23, real stored files,
compliance, task statuses from the evidence services that match the campaigns demo's plan, a
plausible bell, and fast.

The demo steps up to the evidence and dashboard ones are loaded once for the module (committed
to the test database, flushed at the end); each test runs in its own transaction over them."""

import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import override_settings

from chuangwen.campaigns.demo import DEMO_TODAY, TAILS
from chuangwen.campaigns.models import Campaign, Task
from chuangwen.core.management.commands import load_demo
from chuangwen.dashboard import progress
from chuangwen.dashboard.models import Notification
from chuangwen.evidence import services
from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance

STEPS = [
    "chuangwen.org.demo",
    "chuangwen.standards.demo",
    "chuangwen.campaigns.demo",
    "chuangwen.evidence.demo",
    "chuangwen.dashboard.demo",
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """(context, seconds to load, media folder) of the demo steps, loaded once for the module."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    media = tmp_path_factory.mktemp("media")
    patched = pytest.MonkeyPatch.context()
    with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast, TASKS=immediate), patched as mp:
        mp.setattr(load_demo, "DEMO_STEPS", STEPS)
        with django_db_blocker.unblock():
            t0 = time.perf_counter()
            ctx = load_demo.load()
            elapsed = time.perf_counter() - t0
        try:
            yield ctx, elapsed, media
        finally:
            with django_db_blocker.unblock():
                call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def ctx(loaded, db, monkeypatch):
    monkeypatch.setattr(progress, "local_today", lambda: DEMO_TODAY)
    return loaded[0]


def test_demo_builds_a_realistic_ledger(ctx, loaded):
    statuses = set(Evidence.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "returned"}
    assert Evidence.objects.filter(status="returned").exclude(review_comment="").exists()
    kinds = set(EvidenceFile.objects.values_list("kind", flat=True))
    assert {"image", "pdf", "word"} <= kinds
    assert EvidenceFile.objects.exclude(thumbnail="").exists()
    assert ItemCompliance.objects.filter(status="met").exists()
    assert ItemCompliance.objects.filter(status="unmet").exists()
    assert len(ctx.extra["evidence"]) == Evidence.objects.count()
    assert not Evidence.objects.filter(occurred_on__gt=DEMO_TODAY).exists()
    assert loaded[1] < 30  # the steps up to the dashboard's


def test_files_are_small_and_shared(ctx, loaded, settings):
    """A thousand records, a few dozen small files on disk."""
    settings.MEDIA_ROOT = loaded[2]
    files = EvidenceFile.objects.all()
    assert files.count() > 1000
    assert max(files.values_list("size", flat=True)) < 50_000
    assert files.values("file").distinct().count() < 100
    for f in files.order_by("?")[:5]:
        assert f.file.storage.exists(f.file.name)
    # every record that was submitted has a file, and photos only where the rules ask for them
    assert not Evidence.objects.exclude(status="draft").filter(files=None).exists()
    for f in files.filter(kind="image").exclude(version=2).select_related("evidence__item")[:200]:
        assert any(r["type"] == "min_photos" for r in f.evidence.item.rules), f.evidence


def test_the_county_hospital_in_its_last_phase(ctx):
    """青溪县人民医院 on 2026-11-23: about four tasks in five accepted, most items met, a short
    tail of overdue tasks (mostly a few weeks late), some awaiting review, two or three returned."""
    unit = ctx.units["rmyy"]
    campaign = progress.active_campaign(unit)
    p = progress.campaign_progress(campaign)
    assert p.today == DEMO_TODAY and p.current_phase.kind == "review"
    assert 75 <= p.tasks.completion <= 85
    assert 75 <= p.overall.percent <= 88
    assert p.overall.met >= 0.75 * p.overall.items
    assert 5 <= p.tasks.overdue <= 10
    days = sorted(t.overdue_days for t in p.overdue_tasks)
    assert sum(d > 60 for d in days) <= 2 and days[len(days) // 2] <= 30
    assert 3 <= p.tasks.submitted <= 10
    returned = Task.objects.filter(campaign=campaign, status="returned")
    assert 2 <= returned.count() <= 3
    for task in returned:
        assert task.evidence.filter(status="returned").exclude(review_comment="").exists()
    # a few recurring items partly met, each for a period without records
    partial = [i for a in p.aspects for ind in a.indicators for i in ind.items if i.state == "partial"]
    assert 2 <= len(partial) <= 8
    assert sum(any("2026" in r for r in i.unmet_reasons) for i in partial) >= 2


def test_task_statuses_follow_the_evidence_and_the_plan(ctx):
    tasks = list(Task.objects.filter(campaign__unit=ctx.units["rmyy"]))
    plan = TAILS["rmyy"]
    for t in tasks:
        assert t.status == plan.get(t.title, ("accepted",))[0], t.title
    office = ctx.users["chuangban"]
    for t in tasks:
        before = t.status
        assert services.task_sync_status(task=t, user=office).status == before, t.title


def test_recurring_records_are_there_every_month(ctx):
    """党委中心组 studies twice a month, February to October accepted; this month's awaiting review."""
    task = Task.objects.get(campaign__unit=ctx.units["rmyy"], title="领导班子中心组理论学习")
    study = task.evidence.filter(item__code="1.1.2")
    accepted = Counter(e.occurred_on.month for e in study.filter(status="accepted"))
    assert all(accepted[m] >= 2 for m in range(2, 11)), accepted
    assert task.status == "submitted" and task.evidence.filter(status="submitted", occurred_on__month=11).exists()
    # the history reads like real use: created, submitted, accepted, on the days after the meeting
    e = study.filter(status="accepted").earliest("occurred_on")
    steps = list(e.history.order_by("history_date").values_list("status", "history_date"))
    assert [s for s, _d in steps] == ["draft", "submitted", "accepted"]
    assert e.occurred_on <= steps[0][1].date() <= e.reviewed_at.date() <= DEMO_TODAY
    # a record returned once, then accepted at the second round
    assert Evidence.objects.filter(status="accepted", version=2, review_comment="").exists()


def test_the_smaller_hospitals_are_lighter_but_not_absurd(ctx):
    for key in ("zyy", "wsy"):
        p = progress.campaign_progress(Campaign.objects.get(unit=ctx.units[key]))
        assert 65 <= p.tasks.completion <= 90, key
        assert 60 <= p.overall.percent <= 90, key
        assert 1 <= p.tasks.overdue <= 5, key


def test_the_bell_shows_tens_not_hundreds(ctx):
    office = ctx.users["chuangban"]
    unread = Notification.objects.filter(user=office, read_at__isnull=True)
    assert 5 <= unread.count() < 60
    # what the office already reviewed is read; what waits for it is not
    waiting = unread.filter(kind="evidence_submitted").count()
    assert waiting == Evidence.objects.filter(unit=ctx.units["rmyy"], status="submitted").count()
    assert unread.filter(kind="task_escalated").exists()
