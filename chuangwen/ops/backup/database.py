"""The database part of a backup: one consistent snapshot, and bringing it back.

PostgreSQL: a REPEATABLE READ, READ ONLY transaction exports its snapshot and ``pg_dump -Fc
--snapshot`` dumps exactly that state, while the same transaction reads the row counts, the
migrations and the stored file names: the dump, the counts and the file list agree, however many
writes arrive meanwhile. ``pg_restore --clean --if-exists --single-transaction`` brings it back
(all or nothing). The client tools are Debian's of the server's major version
(``/usr/lib/postgresql/<major>/bin``) unless ``CHUANGWEN_PG_BIN`` names their directory.

SQLite: Python's online backup API copies the whole database in one step (a consistent
snapshot while writers continue); counts and file names are then read from the copy. Restoring
copies it back over the live database with the same API."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .manifest import BackupError
from .references import FileColumn

DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
ENGINE_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Snapshot:
    """Reads of one consistent state of the database through a DB-API cursor."""

    def __init__(self, cursor, tables: list[str]):
        self.cursor = cursor
        self.tables = sorted(tables)

    def row_counts(self) -> dict[str, int]:
        counts = {}
        for table in self.tables:
            self.cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = self.cursor.fetchone()[0]
        return counts

    def migrations(self) -> dict[str, str]:
        """The last migration applied of each app."""
        if "django_migrations" not in self.tables:
            return {}
        self.cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return dict(self.cursor.fetchall())

    def file_names(self, column: FileColumn) -> list[str]:
        if column.table not in self.tables:
            return []
        col, table = quote(column.column), quote(column.table)
        self.cursor.execute(f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL AND {col} <> ''")
        return [row[0] for row in self.cursor.fetchall()]


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


def live_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def server_version() -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        major, minor = divmod(connection.pg_version, 10000)
        return f"{major}.{minor}"
    return sqlite3.sqlite_version


@contextmanager
def snapshot(dump: Path) -> Iterator[Snapshot]:
    """Write the database's dump to ``dump`` and yield reads of the very state it holds."""
    if connection.in_atomic_block:
        raise BackupError("a backup must run outside a transaction (it opens its own snapshot)")
    connection.ensure_connection()
    if engine() == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            _pg_run("pg_dump", "-Fc", f"--snapshot={snapshot_id}", "-f", str(dump))
            yield Snapshot(cursor, connection.introspection.table_names(cursor))
        return
    with closing(sqlite3.connect(dump)) as copy:
        connection.connection.backup(copy)  # pages=-1: the whole database in one step
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as copy:
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        yield Snapshot(cursor, [row[0] for row in cursor.fetchall()])


def restore(dump: Path) -> None:
    """Replace the database's content with the dump's (in one transaction on PostgreSQL)."""
    if connection.in_atomic_block:
        raise BackupError("a restore must run outside a transaction")
    if engine() == "postgresql":
        connection.close()  # no session of ours holds a lock pg_restore's DROPs wait for
        options = ["--clean", "--if-exists", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
        _pg_run("pg_restore", *options, "--dbname", connection.settings_dict["NAME"], str(dump))
        return
    connection.ensure_connection()
    with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as source:
        source.backup(connection.connection)


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client tool matching the server's major version."""
    if settings.PG_BIN:
        path = Path(settings.PG_BIN) / name
        if not path.is_file():
            raise BackupError(f"CHUANGWEN_PG_BIN={settings.PG_BIN} holds no {name}")
        return str(path)
    connection.ensure_connection()
    debian = Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin") / name
    found = str(debian) if debian.is_file() else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install PostgreSQL's client tools or set CHUANGWEN_PG_BIN")
    return found


def _pg_run(tool: str, *args: str) -> None:
    params = connection.settings_dict
    command = [pg_tool(tool), "--no-password", *args]
    env = {**os.environ, "PGDATABASE": params["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if params.get(key):
            env[var] = str(params[key])
    if sslmode := params.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
