"""Backups of an installation (``manage.py backup`` / ``restore``): the database as one consistent
snapshot, every stored file its rows reference, and a manifest of hashes (docs/backup.md).

``manifest`` (the manifest and its checks), ``references`` (which columns name stored files),
``database`` (snapshot and restore per engine), ``files`` (through the Storage API), ``write``
and ``restore`` (the two operations)."""

from .manifest import BackupError
from .restore import backup_restore, backup_verify
from .write import backup_write

__all__ = ["BackupError", "backup_restore", "backup_verify", "backup_write"]
