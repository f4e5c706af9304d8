"""``manage.py escalate_complaints [--date YYYY-MM-DD] [--now]``: escalate overdue complaints.

By default the run is enqueued as a background job (``feedback.escalation.escalate_overdue_complaints``)
for ``manage.py db_worker``; ``--now`` runs it in this process (cron without a worker). Run it
once a day; it is idempotent."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from chuangwen.feedback.escalation import escalate_overdue_complaints, run_escalation

LABELS = {
    "overdue": "逾期投诉",
    "raised": "升级",
    "level1": "一级（处理人）",
    "level2": "二级（创建办）",
    "level3": "三级（主管部门）",
    "created": "新消息",
}


def _format(counts: dict) -> str:
    return "，".join(f"{LABELS.get(k, k)} {v}" for k, v in counts.items())


class Command(BaseCommand):
    help = "Escalate overdue complaints (handler, then office, then supervisors) as a background job."

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
            self.stdout.write(self.style.SUCCESS(f"投诉督办完成：{_format(run_escalation(today=day))}"))
            return
        result = escalate_overdue_complaints.enqueue(today=date)
        self.stdout.write(self.style.SUCCESS(f"投诉督办任务已加入后台队列（{result.id}，状态 {result.status}）。"))
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"结果：{_format(result.return_value)}")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError("投诉督办任务执行失败，详见日志。")
