"""The secret key of the embedded mode: random, made on first start, kept in ``var/``.

Production sets ``DJANGO_SECRET_KEY``. Without it (the embedded default, the demo, tests) a key
published in the repository would let anyone sign our tokens, so each installation makes its own
at first start and keeps it in ``<VAR_DIR>/secret_key`` (mode 600, outside the repository).

The file appears whole or not at all: the key is written to a private temporary file which is
then hard-linked to its final name. A link fails if the name exists, so when several processes
start together (the web server and the worker) exactly one key wins and all of them read it.

No Django import here: settings.py calls it before Django is set up."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

FILE_NAME = "secret_key"
KEY_BYTES = 50  # token_urlsafe(50): 67 characters, well past check --deploy's minimum of 50


def embedded_secret_key(var_dir: Path) -> str:
    """The installation's key from ``var_dir``, made (mode 600) if there is none yet."""
    path = Path(var_dir) / FILE_NAME
    key = _read(path)
    if key:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process made it first: its key is the key
            pass
    finally:
        tmp.unlink(missing_ok=True)
    key = _read(path)
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start again to make a new secret key")
    return key


def _read(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return ""
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        # Copied in with a permissive mode: nobody else on the machine may read it.
        path.chmod(0o600)
    return path.read_text().strip()
