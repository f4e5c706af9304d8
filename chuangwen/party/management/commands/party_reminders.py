"""``manage.py party_reminders [--date YYYY-MM-DD] [--now]``: remind branch secretaries of the
三会一课 meetings whose period ends soon without them. Enqueued for ``manage.py db_worker`` by
default; ``--now`` runs it here. Idempotent: run it daily from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chuangwen.party.reminders import reminders_send
from chuangwen.party.tasks import party_reminders_daily


class Command(BaseCommand):
    help = "Remind branch secretaries of the required party meetings not yet held this period."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")

    def handle(self, *args, date=None, now=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if now:
            sent = reminders_send(today=day)
            self.stdout.write(self.style.SUCCESS(f"三会一课提醒完成：新发送 {sent} 条。"))
            return
        result = party_reminders_daily.enqueue(today=day.isoformat())
        self.stdout.write(self.style.SUCCESS(f"三会一课提醒任务已加入后台队列（{result.id}，状态 {result.status}）。"))
