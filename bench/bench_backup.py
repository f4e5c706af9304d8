"""Backup and restore of the demo (issue 18: each < 60 s), on SQLite and on PostgreSQL.

    .venv/bin/python bench/bench_backup.py [--engine sqlite|postgresql|both]

Each engine runs in its own process, in a fresh data directory: SQLite in a temp file; PostgreSQL
in a throwaway cluster (Debian's postgresql, as bench_survey_submit.py starts it, on
127.0.0.1:$BENCH_PGPORT, default 55472) unless DATABASE_URL is set. The process migrates, loads
the demo (``manage.py load_demo``), then times ``backup`` into an empty directory, wipes
everything (every table dropped, the media folder removed), times ``restore`` and checks that
every table's row count and every file's sha256 are those of before. Figures go to
bench/results/backup_<engine>.json."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 60
ENGINES = ("sqlite", "postgresql")


def row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(root: Path, skip: tuple[str, ...] = ("ledger-records/",)) -> dict[str, str]:
    """Every file under ``root`` but the PDF cache of ledger records (rebuilt, not backed up)."""
    out = {}
    for path in sorted(Path(root).rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and not name.startswith(skip):
            out[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def wipe(media_root: Path) -> None:
    """Every table dropped (a database as ``createdb`` leaves it), the media folder removed."""
    from django.db import connection

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
    shutil.rmtree(media_root, ignore_errors=True)


def measure(workdir: Path, media_root: Path, log=print) -> dict:
    """Back up what the database holds, wipe it, restore it: the timings and the checks."""
    from chuangwen.ops.backup import backup_restore, backup_write

    rows, files = row_counts(), file_hashes(media_root)
    t0 = time.perf_counter()
    written = backup_write(workdir / "backup", log=lambda *a: None)
    backup_s = time.perf_counter() - t0
    wipe(media_root)
    t0 = time.perf_counter()
    restored = backup_restore(workdir / "backup", log=lambda *a: None)
    restore_s = time.perf_counter() - t0
    same_rows, same_files = row_counts() == rows, file_hashes(media_root) == files
    size = sum(p.stat().st_size for p in (workdir / "backup").rglob("*") if p.is_file())
    out = {
        "rows": sum(rows.values()),
        "tables": len(rows),
        "files": restored["files"],
        "backup_bytes": size,
        "backup_s": round(backup_s, 2),
        "restore_s": round(restore_s, 2),
        "target_s": TARGET_SECONDS,
        "meets_target": backup_s < TARGET_SECONDS and restore_s < TARGET_SECONDS,
        "same_row_counts": same_rows,
        "same_file_hashes": same_files,
        "missing_at_backup": len(written["missing_files"]),
    }
    log(f"  backup {backup_s:.1f} s, restore {restore_s:.1f} s ({out['rows']} rows, {out['files']} files)")
    return out


def run_one(engine: str) -> int:
    """In this process: a fresh installation of ``engine`` with the demo, measured."""
    from bench import common

    data_dir = Path(os.environ["CHUANGWEN_VAR_DIR"])
    media = data_dir / "media"
    os.environ["CHUANGWEN_MEDIA_ROOT"] = str(media)
    print(f"  {engine}: migrating and loading the demo in {data_dir}", flush=True)
    common.setup_django(str(data_dir))
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("load_demo", stdout=StringIO())
    print(f"  demo loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    out = measure(data_dir / "work", media)
    common.report(f"backup_{engine}", out)
    return 0 if out["same_row_counts"] and out["same_file_hashes"] else 1


def run_engine(engine: str) -> int:
    data_dir = tempfile.mkdtemp(prefix=f"chuangwen-bench-backup-{engine}-")
    env = {**os.environ, "CHUANGWEN_VAR_DIR": data_dir}
    try:
        if engine == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{data_dir}/chuangwen.sqlite3"
            return subprocess.call([sys.executable, __file__, "--in-process", engine], env=env, cwd=ROOT)
        from bench import bench_survey_submit as cluster

        cluster.PG_PORT = int(os.environ.get("BENCH_PGPORT", "55472"))
        with cluster.postgres() as url:
            env["DATABASE_URL"] = url
            return subprocess.call([sys.executable, __file__, "--in-process", engine], env=env, cwd=ROOT)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=(*ENGINES, "both"), default="both")
    parser.add_argument("--in-process", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        return run_one(args.in_process)
    engines = ENGINES if args.engine == "both" else (args.engine,)
    return max(run_engine(engine) for engine in engines)


if __name__ == "__main__":
    sys.exit(main())
