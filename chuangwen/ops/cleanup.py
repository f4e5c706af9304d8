"""What a crash can leave behind, found and removed (``manage.py storage_cleanup``, nightly).

An upload is kept in two steps: the file goes to storage, then its row is committed. A server
killed in between leaves a stored file that no row names (never a row without its file, since the
row comes last); one killed while the body was still arriving leaves a staged temporary file on
its own disk. Neither is ever shown to anyone; both are removed here once older than
``settings.ORPHAN_FILE_HOURS``, so an upload in progress on another server is never touched.

Stored files are looked up by name in every model's file fields (historical copies included: a
replaced file is still history); names under folders that hold caches keyed by content, which no
row names on purpose, are left alone. Only files modified within ``since`` are examined, so a
nightly run lists the storage but queries the database for the last days' files only."""

from __future__ import annotations

import datetime
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from chuangwen.reports.pdf_cache import FOLDER as PDF_CACHE_FOLDER

# Folders whose files no row names: the ledger's record PDFs, cached by content hash.
UNREFERENCED_FOLDERS = (f"{PDF_CACHE_FOLDER}/",)
# Staged uploads: Django's own (``*.upload*``) and core.files' checked copies (``cw-upload-*``).
STAGED_PATTERNS = ("*.upload*", "cw-upload-*")
BATCH = 500


@dataclass
class Report:
    staged_removed: list[str] = field(default_factory=list)
    stored_examined: int = 0
    orphans_removed: list[str] = field(default_factory=list)


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, column) of every FileField/ImageField of every model, and of its historical copy."""
    out = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        # simple_history keeps a file field's name in a text column of the historical model.
        source = getattr(model, "instance_type", model)
        for f in model._meta.concrete_fields:
            try:
                original = source._meta.get_field(f.name)
            except FieldDoesNotExist:  # a history-only column (history_id, history_date...)
                continue
            if isinstance(original, models.FileField):
                out.append((model, f.attname))
    return out


def walk(storage, top: str = ""):
    """Every stored name under ``top``, through the Storage API (local disk and S3 alike)."""
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in files:
        yield f"{top}/{name}" if top else name
    for d in dirs:
        yield from walk(storage, f"{top}/{d}" if top else d)


def referenced(names: list[str]) -> set[str]:
    """Those of ``names`` some row's file field holds."""
    found: set[str] = set()
    fields = file_fields()
    for i in range(0, len(names), BATCH):
        chunk = names[i : i + BATCH]
        for model, attname in fields:
            found.update(model._base_manager.filter(**{f"{attname}__in": chunk}).values_list(attname, flat=True))
    return found


def staged_dir() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())


def clean_staged(cutoff: datetime.datetime, *, dry_run: bool) -> list[str]:
    removed = []
    stamp = cutoff.timestamp()
    for pattern in STAGED_PATTERNS:
        for path in staged_dir().glob(pattern):
            try:
                if path.is_file() and path.stat().st_mtime < stamp:
                    if not dry_run:
                        path.unlink()
                    removed.append(str(path))
            except FileNotFoundError:  # its request finished meanwhile
                continue
    return removed


def clean_stored(cutoff, since, *, dry_run: bool, storage=None) -> tuple[int, list[str]]:
    """(files examined, unreferenced ones removed) among those modified in [since, cutoff)."""
    storage = storage or default_storage
    candidates = []
    for name in walk(storage):
        if name.startswith(UNREFERENCED_FOLDERS):
            continue
        modified = storage.get_modified_time(name)
        if since <= modified < cutoff:
            candidates.append(name)
    keep = referenced(candidates)
    orphans = [n for n in candidates if n not in keep]
    if not dry_run:
        for name in orphans:
            storage.delete(name)
    return len(candidates), orphans


def storage_cleanup(*, min_age: datetime.timedelta | None = None, since_days: int = 3, dry_run: bool = False) -> Report:
    """Remove staged uploads and unreferenced stored files older than ``min_age``
    (default ``settings.ORPHAN_FILE_HOURS``) and, for stored files, newer than ``since_days``."""
    now = timezone.now()
    cutoff = now - (min_age if min_age is not None else datetime.timedelta(hours=settings.ORPHAN_FILE_HOURS))
    since = now - datetime.timedelta(days=since_days)
    report = Report()
    report.staged_removed = clean_staged(cutoff, dry_run=dry_run)
    report.stored_examined, report.orphans_removed = clean_stored(cutoff, since, dry_run=dry_run)
    return report


def staged_files() -> list[str]:
    """The staged uploads present now (tests and the cluster check read it)."""
    return sorted(str(p) for pattern in STAGED_PATTERNS for p in staged_dir().glob(pattern) if os.path.isfile(p))
