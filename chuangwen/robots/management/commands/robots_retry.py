"""``manage.py robots_retry``: queue the job that sends robot messages due for a retry (cron, every
few minutes; ``--now`` sends them in this process)."""

from django.core.management.base import BaseCommand

from chuangwen.robots import tasks


class Command(BaseCommand):
    help = "Send the group robots' messages waiting or due for a retry."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing the job")

    def handle(self, *args, now=False, **options):
        if now:
            counts = tasks.retry_due()
            self.stdout.write(", ".join(f"{k} {v}" for k, v in counts.items()))
        else:
            tasks.deliveries_retry.enqueue()
            self.stdout.write("queued")
