"""Writing a backup: the database's snapshot, then every file it references, then the manifest.

The list of files is read inside the snapshot (``database.snapshot``), so it names exactly the
files the dumped rows reference, even while uploads continue: uploads are stored before a
record points at them (``core.files``), so every name in the snapshot is already in the storage.
Files are copied after the snapshot's transaction ends (a long copy must not hold PostgreSQL's
vacuum back); a file removed meanwhile (an expired export) is listed in the manifest as missing,
never silently left out."""

from __future__ import annotations

import importlib.metadata
import subprocess
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import database, manifest
from .files import copy_out
from .references import file_columns, storage_of


def _version() -> dict[str, str]:
    try:
        version = importlib.metadata.version("chuangwen")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    done = subprocess.run(["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True)
    return {"version": version, "commit": done.stdout.strip() if done.returncode == 0 else ""}


def backup_write(root: Path, log=print) -> dict:
    """Write a backup of the database and its files into ``root`` (new or empty) and return its
    manifest with a ``seconds`` entry."""
    root = Path(root)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise manifest.BackupError(f"{root} is not empty: a backup goes into a new or empty directory")
    root.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    engine = database.engine()
    dump = root / database.DUMP_FILES[engine]
    columns = file_columns()
    referenced: dict[tuple[str, str], set[str]] = {}
    with database.snapshot(dump) as snap:
        tables = snap.row_counts()
        migrations = snap.migrations()
        for column in columns:
            for name in snap.file_names(column):
                referenced.setdefault((column.storage, name), set()).add(column.label)
    log(f"Database: {sum(tables.values())} rows in {len(tables)} tables ({dump.name}).")
    files, missing = [], []
    for (alias, name), labels in sorted(referenced.items()):
        got = None
        if manifest.safe_name(name) is not None:
            target = manifest.file_path(root, alias, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            got = copy_out(storage_of(alias), name, target)
        if got is None:
            missing.append({"storage": alias, "name": name, "referenced_by": sorted(labels)})
        else:
            files.append({"storage": alias, "name": name, "sha256": got[0], "size": got[1]})
    sha256, size = manifest.sha256_of(dump)
    body = {
        "format": manifest.FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "chuangwen": _version(),
        "database": {
            "engine": engine,
            "server_version": database.server_version(),
            "file": dump.name,
            "sha256": sha256,
            "size": size,
        },
        "migrations": migrations,
        "tables": tables,
        "files": files,
        "missing_files": missing,
    }
    manifest.write(root, body)
    log(f"Files: {len(files)} ({sum(f['size'] for f in files)} bytes).")
    for entry in missing:
        where = ", ".join(entry["referenced_by"])
        log(f"WARNING: {entry['storage']}/{entry['name']} is referenced ({where}) but not stored")
    return {**body, "seconds": time.monotonic() - started}
