"""The dashboard's demo step: after the other steps, the day's reminders are in 消息."""

from chuangwen.core.models import Notification
from chuangwen.dashboard import demo


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
