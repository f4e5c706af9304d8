"""``manage.py restore DIR``: bring a backup back on an empty installation of the same database
engine (docs/backup.md). Stop the application servers and workers first.

    manage.py restore /srv/backups/2026-12-01
    manage.py restore --verify /srv/backups/2026-12-01   # check the hashes, change nothing
    manage.py restore --force /srv/backups/2026-12-01    # replace an installation's data"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuangwen.ops.backup import BackupError, backup_restore

from .backup import verify_and_report


class Command(BaseCommand):
    help = "Restore a backup written by manage.py backup into this (empty) installation."
    requires_system_checks = []  # the database may be empty or not migrated yet

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A directory written by manage.py backup.")
        parser.add_argument("--verify", action="store_true", help="Only check the backup's hashes.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the data of an installation that is not empty."
        )

    def handle(self, *args, directory, verify, force, **options):
        try:
            if verify:
                verify_and_report(self, Path(directory))
                return
            backup_restore(Path(directory), force=force, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {directory}."))
