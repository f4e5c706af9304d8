"""``manage.py item_scores [--date YYYY-MM-DD] [--now]``: refresh the item scores of every
campaign in progress (the daily job ``scoring.tasks.item_scores_daily``). By default the run
is enqueued for ``manage.py db_worker``; ``--now`` runs it in this process."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from chuangwen.scoring.items import refresh_active
from chuangwen.scoring.tasks import item_scores_daily


class Command(BaseCommand):
    help = "Refresh the item scores of every campaign in progress (periods roll over)."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="as of this day, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")

    def handle(self, *args, date=None, now=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else None
        except ValueError as e:
            raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if now:
            n = refresh_active(today=day)
            self.stdout.write(f"已刷新 {n} 个创建周期的项目得分")
            return
        item_scores_daily.enqueue(day.isoformat() if day else None)
        self.stdout.write("已排入后台任务：刷新项目得分")
