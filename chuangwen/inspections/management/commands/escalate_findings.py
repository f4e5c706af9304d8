"""``manage.py escalate_findings [--date YYYY-MM-DD] [--now]``: escalate overdue rectification orders.

By default the run is enqueued as a background job (``inspections.escalation.escalate_findings``)
for ``manage.py db_worker`` to execute; ``--now`` runs it in this process instead (cron without a
worker). Run it once a day: it is idempotent, so running it more often does no harm."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from chuangwen.inspections.escalation import escalate_findings, run_escalation

LABELS = {"level_1": "升级至科室", "level_2": "升级至创建办", "level_3": "升级至卫健局", "created": "新消息"}


class Command(BaseCommand):
    help = "Escalate overdue rectification orders (department heads, then the office, then the bureau)."

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
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
            self.stdout.write(self.style.SUCCESS(f"逾期升级完成：{_format(run_escalation(today=day))}"))
            return
        result = escalate_findings.enqueue(today=date)
        self.stdout.write(self.style.SUCCESS(f"逾期升级任务已加入后台队列（{result.id}，状态 {result.status}）。"))
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"结果：{_format(result.return_value)}")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError("逾期升级任务执行失败，详见日志。")


def _format(counts: dict) -> str:
    return "，".join(f"{LABELS.get(k, k)} {v}" for k, v in counts.items())
