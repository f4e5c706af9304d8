"""``manage.py escalate [--date YYYY-MM-DD] [--subject task|finding|complaint] [--now] [--dry-run]``:
the daily escalation run (reminders of tasks, rectification orders, complaints), by the rules in
the admin (督办规则).

By default the run is enqueued as a background job (``escalation.tasks.escalate_daily``) for
``manage.py db_worker``; ``--now`` runs it in this process (cron without a worker); ``--dry-run``
runs it here without changing or sending anything and says what it would do. Run it once a day
(cron); it is idempotent, so running it more often does no harm."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django_tasks import TaskResultStatus

from chuangwen.escalation.models import EscalationRule
from chuangwen.escalation.services import escalation_run
from chuangwen.escalation.tasks import escalate_daily

SUBJECTS = EscalationRule.Subject


class Command(BaseCommand):
    help = "Escalate overdue tasks, rectification orders and complaints by the escalation rules."

    def add_arguments(self, parser):
        parser.add_argument("--date", default=None, help="the day to run for, YYYY-MM-DD (default: today)")
        parser.add_argument("--subject", action="append", choices=SUBJECTS.values, help="only this kind (repeatable)")
        parser.add_argument("--now", action="store_true", help="run in this process instead of enqueuing")
        parser.add_argument("--dry-run", action="store_true", help="change and send nothing; say what would happen")

    def handle(self, *args, date=None, subject=None, now=False, dry_run=False, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as e:
            raise CommandError(f"日期格式错误：{date}（应为 YYYY-MM-DD）") from e
        if dry_run or now:
            counts = escalation_run(today=day, subjects=subject, dry_run=dry_run)
            head = "试运行（未改动、未发送）" if dry_run else "督办完成"
            self.stdout.write(self.style.SUCCESS(f"{head}：{day.isoformat()}"))
            self.stdout.write(describe(counts, dry_run=dry_run))
            return
        result = escalate_daily.enqueue(today=day.isoformat(), subjects=subject)
        self.stdout.write(self.style.SUCCESS(f"督办任务已加入后台队列（{result.id}，状态 {result.status}）。"))
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(describe(result.return_value))
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError("督办任务执行失败，详见日志。")


def describe(counts: dict, *, dry_run: bool = False) -> str:
    """The counts of a run in Chinese, one line per kind with each step's name, then the totals."""
    names = {(r.subject, r.code): r.name for r in EscalationRule.objects.filter(owner=None)}
    lines = []
    with translation.override(settings.LANGUAGE_CODE):
        labels = {s.value: str(s.label) for s in SUBJECTS}
    for subject in SUBJECTS:
        steps = counts.get(subject.value)
        if steps is None:
            continue
        parts = "，".join(f"{names.get((subject.value, code), code)} {n}" for code, n in steps.items()) or "无规则"
        lines.append(f"{labels[subject.value]}：{parts}")
    new = "将新发消息" if dry_run else "新消息"
    lines.append(f"升级 {counts['raised']}，{new} {counts['created']}，邮件 {counts['emailed']}")
    return "\n".join(lines)
