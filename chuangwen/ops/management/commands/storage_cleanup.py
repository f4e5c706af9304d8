"""``manage.py storage_cleanup``: remove what a crashed upload left (chuangwen/ops/cleanup.py).

Run nightly on every application server (each has its own staged-upload folder); the stored
part is the same on all and harmless to repeat."""

import datetime

from django.core.management.base import BaseCommand

from chuangwen.ops.cleanup import storage_cleanup


class Command(BaseCommand):
    help = "Remove staged uploads and stored files no record names, left by a crash (older than ORPHAN_FILE_HOURS)."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-seconds", type=int, default=None, help="instead of ORPHAN_FILE_HOURS")
        parser.add_argument("--since-days", type=int, default=3, help="examine stored files modified since (days)")
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")

    def handle(self, *args, min_age_seconds=None, since_days=3, dry_run=False, **options):
        min_age = datetime.timedelta(seconds=min_age_seconds) if min_age_seconds is not None else None
        report = storage_cleanup(min_age=min_age, since_days=since_days, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for path in report.staged_removed:
            self.stdout.write(f"staged upload {verb}: {path}")
        for name in report.orphans_removed:
            self.stdout.write(f"unrecorded stored file {verb}: {name}")
        self.stdout.write(
            f"{len(report.staged_removed)} staged uploads and {len(report.orphans_removed)} of "
            f"{report.stored_examined} recent stored files {verb}"
        )
