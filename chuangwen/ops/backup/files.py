"""The stored files of a backup, read and written through Django's Storage API only (``open``,
``exists``, ``save``, ``delete``), so local disk and S3-compatible storage are handled alike."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.files import File

from .manifest import CHUNK_SIZE, BackupError


def copy_out(storage, name: str, target: Path) -> tuple[str, int] | None:
    """Copy a stored file to ``target`` while hashing it: (sha256, size), or None when the
    storage no longer holds it."""
    digest, size = hashlib.sha256(), 0
    try:
        source = storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with source, open(target, "wb") as out:
        while chunk := source.read(CHUNK_SIZE):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def stored_sha256(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as fh:
        while chunk := fh.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def holds_other(storage, name: str, sha256: str) -> bool | None:
    """Whether the storage holds ``name`` with other content (None: it does not hold it)."""
    if not storage.exists(name):
        return None
    return stored_sha256(storage, name) != sha256


def copy_in(storage, name: str, source: Path, sha256: str) -> None:
    """Store ``source`` under exactly ``name`` (replacing what is there) and check the stored
    content's hash."""
    if storage.exists(name):
        storage.delete(name)
    with open(source, "rb") as fh:
        saved = storage.save(name, File(fh, name=name))
    if saved != name:
        raise BackupError(f"the storage kept {name} under another name ({saved})")
    if stored_sha256(storage, name) != sha256:
        raise BackupError(f"{name} reads back from the storage with another hash than the backup's")
