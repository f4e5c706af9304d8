"""``manage.py send_reminders [--date YYYY-MM-DD] [--now]``: the daily deadline reminders.

By default the run is enqueued as a background job (``dashboard.reminders.send_deadline_reminders``)
for ``manage.py db_worker`` to execute; ``--now`` runs it in this process instead (cron without a
worker). Run it once a day: it is idempotent, so running it more often does no harm."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from chuangwen.dashboard.reminders import run_reminders, send_deadline_reminders


class Command(BaseCommand):
    help = "Send deadline reminders (due in 3 days, overdue, escalated after 7 days) as a background job."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")

    def handle(self, *args, date=None, now=False, **options):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError as e:
                raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if now:
            counts = run_reminders(today=datetime.date.fromisoformat(date) if date else _today())
            self.stdout.write(self.style.SUCCESS(f"提醒已发送：{_format(counts)}"))
            return
        result = send_deadline_reminders.enqueue(today=date)
        self.stdout.write(self.style.SUCCESS(f"提醒任务已加入后台队列（{result.id}，状态 {result.status}）。"))
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"结果：{_format(result.return_value)}")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError("提醒任务执行失败，详见日志。")


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _format(counts: dict) -> str:
    labels = {
        "due_soon": "即将到期",
        "overdue": "已逾期",
        "escalated": "逾期7天上报",
        "created": "新消息",
        "emailed": "邮件",
    }
    return "，".join(f"{labels.get(k, k)} {v}" for k, v in counts.items())
