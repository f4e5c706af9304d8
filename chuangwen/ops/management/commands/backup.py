"""``manage.py backup DIR``: a consistent backup of the database and every file it references,
with a manifest of hashes, into a new or empty directory (docs/backup.md).

    manage.py backup /srv/backups/2026-12-01
    manage.py backup --verify /srv/backups/2026-12-01   # check a backup's hashes only"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuangwen.ops.backup import BackupError, backup_verify, backup_write


class Command(BaseCommand):
    help = "Back up the database and its stored files, with a manifest of sha256 hashes, into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty directory.")
        parser.add_argument("--verify", action="store_true", help="Only check an existing backup's hashes.")

    def handle(self, *args, directory, verify, **options):
        try:
            if verify:
                verify_and_report(self, Path(directory))
                return
            out = backup_write(Path(directory), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {directory} in {out['seconds']:.1f} s."))


def verify_and_report(command: BaseCommand, directory: Path) -> None:
    body = backup_verify(directory)
    size = body["database"]["size"] + sum(f["size"] for f in body["files"])
    command.stdout.write(
        command.style.SUCCESS(
            f"Backup {directory} is intact: the database and {len(body['files'])} files ({size} bytes) "
            f"match the manifest of {body['created_at']}."
        )
    )
