"""What the restore drills compare, measured without the backup code: every table's row count
(through the database's own catalogue) and the sha256 of every file under the media folder."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from django.db import connection

# The PDF cache of ledger records: rebuilt from the records on the next ledger, not backed up.
NOT_BACKED_UP = ("ledger-records/",)


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(Path(root).rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and not name.startswith(NOT_BACKED_UP):
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def wipe(media_root: Path) -> None:
    """Everything gone: every table dropped (a database as `createdb` leaves it), the media removed."""
    connection.close()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []
    shutil.rmtree(media_root, ignore_errors=True)
