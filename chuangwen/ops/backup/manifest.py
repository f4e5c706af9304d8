"""The manifest of a backup (``manifest.json``): what it holds, and the sha256 of every part.

A backup directory holds ``manifest.json``, the database (``database.pgdump`` or
``database.sqlite3``) and ``files/<storage alias>/<name>``. The manifest carries a checksum of its
own content, so an edited or truncated manifest is refused as such, not trusted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_DIR = "files"
CHUNK_SIZE = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written, verified or restored; the message says why, naming the part."""


def sha256_of(path: Path) -> tuple[str, int]:
    """The sha256 (hex) and size of a local file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def safe_name(name: str) -> PurePosixPath | None:
    """``name`` as a relative path that stays inside its folder, or None (absolute, ``..``)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or "\\" in name or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def file_path(root: Path, storage: str, name: str) -> Path:
    """Where a stored file lives in a backup; refuses names that would leave the backup."""
    relative = safe_name(name)
    if relative is None or safe_name(storage) is None or len(PurePosixPath(storage).parts) != 1:
        raise BackupError(f"unsafe file name in the manifest: {storage}/{name!r}")
    return root / FILES_DIR / storage / relative


def _checksum(body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def write(root: Path, body: dict) -> None:
    data = {**body, "checksum": _checksum(body)}
    (root / MANIFEST).write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def read(root: Path) -> dict:
    """The manifest of the backup in ``root``, its checksum and format checked."""
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} does not exist: not a backup directory")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is corrupted (not readable JSON: {exc})") from None
    if not isinstance(data, dict) or "checksum" not in data:
        raise BackupError(f"{path} is corrupted (no checksum)")
    body = {k: v for k, v in data.items() if k != "checksum"}
    if _checksum(body) != data["checksum"]:
        raise BackupError(f"{path} is corrupted (its content does not match its checksum)")
    if body.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} has format {body.get('format')!r}; this version reads format {FORMAT_VERSION}")
    return body


def verify(root: Path, body: dict) -> list[str]:
    """Every part of the backup whose content does not match the manifest, as messages naming it."""
    problems = []
    parts = [(root / body["database"]["file"], body["database"])]
    parts += [(file_path(root, f["storage"], f["name"]), f) for f in body["files"]]
    for path, expected in parts:
        shown = path.relative_to(root)
        if not path.is_file():
            problems.append(f"{shown} is missing from the backup")
            continue
        sha, size = sha256_of(path)
        if (sha, size) != (expected["sha256"], expected["size"]):
            problems.append(f"{shown} does not match the manifest (sha256 {sha}, {size} bytes)")
    return problems
