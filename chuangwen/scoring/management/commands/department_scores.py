"""``manage.py department_scores [--date YYYY-MM-DD] [--now]``: the daily 量化考核 run (overdue
task periods into the ledger, then this and last month's department scores). Enqueued for
``manage.py db_worker`` by default; ``--now`` runs it here. Idempotent: run it daily from cron."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from chuangwen.scoring.tasks import daily_run, department_scores_daily


class Command(BaseCommand):
    help = "Feed overdue task periods into the ledger and recompute the monthly department scores."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")

    def handle(self, *args, date=None, now=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if now:
            counts = daily_run(today=day)
            self.stdout.write(
                self.style.SUCCESS(
                    f"量化考核完成：逾期任务周期 {counts['task_periods']} 条，科室得分 {counts['scores']} 行。"
                )
            )
            return
        result = department_scores_daily.enqueue(today=day.isoformat())
        self.stdout.write(self.style.SUCCESS(f"量化考核任务已加入后台队列（{result.id}，状态 {result.status}）。"))
