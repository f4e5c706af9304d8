"""Checking a backup, and restoring it on an empty installation.

Nothing is changed until the whole backup is proven intact (every hash), the engine matches,
the backup's migrations are known to this code, the database holds no one's data (no region, unit
or user; ``force`` replaces them) and the storage holds no other content under the backup's
names. Files are stored before the database is restored, as uploads are: a failed restore never
leaves rows pointing at files that are not there."""

from __future__ import annotations

import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from chuangwen.org.models import Region, Unit

from . import database, manifest
from .files import copy_in, holds_other
from .manifest import BackupError
from .references import storage_of

SHOWN = 10  # problems listed in a message


def _listed(problems: list[str]) -> str:
    more = f"\n  … and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return "\n  " + "\n  ".join(problems[:SHOWN]) + more


def backup_verify(root: Path) -> dict:
    """The manifest of an intact backup; a BackupError naming every part that is not."""
    root = Path(root)
    body = manifest.read(root)
    problems = manifest.verify(root, body)
    if problems:
        raise BackupError(f"the backup in {root} is damaged:{_listed(problems)}")
    return body


def held_data() -> dict[str, int]:
    """The people and organisations the database holds (every record hangs off a unit or a user),
    by table; empty on a new installation, migrated or not."""
    tables = set(database.live_tables())
    models = (Region, Unit, get_user_model())
    counts = {m._meta.db_table: m.objects.count() for m in models if m._meta.db_table in tables}
    return {table: n for table, n in counts.items() if n}


def _check_migrations(body: dict, loader: MigrationLoader) -> None:
    unknown = [f"{app}.{name}" for app, name in body["migrations"].items() if (app, name) not in loader.disk_migrations]
    if unknown:
        raise BackupError(
            "the backup was taken by a newer version of Chuangwen (migrations unknown here: "
            f"{', '.join(unknown[:SHOWN])}): restore it with that version, then upgrade"
        )


def _compare_counts(expected: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        counts = database.Snapshot(cursor, database.live_tables()).row_counts()
    wrong = [f"{t}: missing, the backup had {n} rows" for t, n in expected.items() if t not in counts]
    wrong += [f"{t}: {counts[t]} rows, the backup had {n}" for t, n in expected.items() if counts.get(t, n) != n]
    if wrong:
        raise BackupError(f"the restored database does not match the manifest:{_listed(wrong)}")


def _refuse_data_in_the_way() -> None:
    held = held_data()
    if held:
        shown = ", ".join(f"{table}: {n} rows" for table, n in held.items())
        raise BackupError(
            f"the database already holds data ({shown}): restore goes into an empty installation; "
            "--force replaces everything with the backup"
        )


def _files_to_store(entries: list[dict], force: bool) -> tuple[list[dict], int]:
    """The backup's files the storage lacks (or, with ``force``, holds with other content), and
    how many it already holds as they are; other content under a backup's name is refused."""
    todo, present, conflicts = [], 0, []
    for entry in entries:
        other = holds_other(storage_of(entry["storage"]), entry["name"], entry["sha256"])
        if other is None or (other and force):
            todo.append(entry)
        elif other:
            conflicts.append(f"{entry['storage']}/{entry['name']}")
        else:
            present += 1
    if conflicts:
        raise BackupError(
            f"the storage already holds other files under the backup's names:{_listed(conflicts)}\n"
            "restore goes into an empty installation; --force replaces them"
        )
    return todo, present


def backup_restore(root: Path, *, force: bool = False, log=print) -> dict:
    """Restore the backup in ``root``: its files into the configured storages, then its database;
    then check every table's row count against the manifest. Returns a summary."""
    root = Path(root)
    started = time.monotonic()
    body = backup_verify(root)
    engine, taken = database.engine(), body["database"]["engine"]
    if taken != engine:
        raise BackupError(
            f"this backup holds a {database.ENGINE_NAMES.get(taken, taken)} database and this installation runs on "
            f"{database.ENGINE_NAMES[engine]}: restore it on an installation of the same engine"
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    _check_migrations(body, loader)
    if not force:
        _refuse_data_in_the_way()
    todo, present = _files_to_store(body["files"], force)
    for entry in todo:
        source = manifest.file_path(root, entry["storage"], entry["name"])
        copy_in(storage_of(entry["storage"]), entry["name"], source, entry["sha256"])
    database.restore(root / body["database"]["file"])
    ContentType.objects.clear_cache()
    _compare_counts(body["tables"])
    restored = body["migrations"]
    behind = sorted(app for app, name in loader.graph.leaf_nodes() if restored and restored.get(app) != name)
    summary = {
        "engine": engine,
        "tables": len(body["tables"]),
        "rows": sum(body["tables"].values()),
        "files": len(todo),
        "files_present": present,
        "bytes": sum(e["size"] for e in todo),
        "missing_at_backup": len(body["missing_files"]),
        "migrate_needed": behind,
        "seconds": time.monotonic() - started,
    }
    log(
        f"Database ({database.ENGINE_NAMES[engine]}): {summary['rows']} rows in {summary['tables']} tables, "
        "every table's count matches the manifest."
    )
    log(f"Files: {summary['files']} restored ({summary['bytes']} bytes), {present} already there, every hash checked.")
    if body["missing_files"]:
        log(f"WARNING: {len(body['missing_files'])} referenced files were already missing when the backup was taken.")
    if behind:
        log(f"This code has newer migrations ({', '.join(behind)}): run manage.py migrate.")
    log(f"Took {summary['seconds']:.1f} s.")
    return summary
