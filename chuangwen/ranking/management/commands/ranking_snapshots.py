"""``manage.py ranking_snapshots [--date YYYY-MM-DD] [--now]``: refresh the bureau ranking's
snapshots of every unit. Enqueued for ``manage.py db_worker`` by default; ``--now`` runs it here.
Idempotent: run it daily from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chuangwen.ranking.services import snapshots_refresh
from chuangwen.ranking.tasks import snapshots_refresh_job


class Command(BaseCommand):
    help = "Refresh the figures of the bureau's ranking (one snapshot per unit and month)."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="the day to compute for, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")

    def handle(self, *args, date=None, now=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if now:
            n = snapshots_refresh(on=day)
            self.stdout.write(self.style.SUCCESS(f"排名数据已刷新：{n} 家单位。"))
            return
        result = snapshots_refresh_job.enqueue(day=day.isoformat())
        self.stdout.write(self.style.SUCCESS(f"排名数据刷新任务已加入后台队列（{result.id}，状态 {result.status}）。"))
