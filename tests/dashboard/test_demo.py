"""The dashboard's demo step: after the other steps, the day's reminders are in 消息."""

from chuangwen.dashboard import demo
from chuangwen.dashboard.models import Notification


class Ctx:
    stdout = None

    def __init__(self):
        self.extra = {}


def test_demo_step_sends_the_days_reminders_once(prog):
    ctx = Ctx()
    demo.load(ctx)
    created = ctx.extra["reminders"]["created"]
    assert created == Notification.objects.count() > 0
    demo.load(ctx)
    assert Notification.objects.count() == created


def test_demo_marks_what_was_dealt_with_read(prog):
    """Notices about records reviewed since (or accepted) are read; those still waiting are not."""
    from django.urls import reverse

    from chuangwen.evidence.models import Evidence

    w = prog
    waiting, reviewed, returned = (
        Evidence.objects.create(
            campaign=w.camp_a, unit=w.a, department=w.a_med, task=w.tasks_a[1], title=title,
            occurred_on=w.today, status=status,
        )
        for title, status in (("待审", "submitted"), ("已审", "accepted"), ("退回", "returned"))
    )  # fmt: skip

    def notice(kind, evidence):
        url = reverse("evidence:evidence_detail", args=[evidence.pk])
        return Notification.objects.create(user=w.office, kind=kind, title=kind, url=url)

    keep = [notice("evidence_submitted", waiting), notice("evidence_returned", returned)]
    read = [notice("evidence_submitted", reviewed), notice("evidence_accepted", reviewed)]
    other = Notification.objects.create(user=w.office, kind="task_overdue", title="任务逾期")
    assert demo.mark_handled_read() == 2
    assert all(Notification.objects.get(pk=n.pk).read_at for n in read)
    assert not any(Notification.objects.get(pk=n.pk).read_at for n in [*keep, other])
