"""Daily (cron): remove the files of background exports older than ``EXPORT_KEEP_DAYS``."""

from django.core.management.base import BaseCommand

from chuangwen.core.export_jobs import exports_expire


class Command(BaseCommand):
    help = "Remove the files of finished background exports older than EXPORT_KEEP_DAYS (the job rows stay)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="keep files this many days instead")

    def handle(self, *args, days=None, **options):
        removed = exports_expire(days=days)
        self.stdout.write(f"{removed} export file(s) removed")
