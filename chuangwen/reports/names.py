"""Safe names for the ledger's folders and files: what an uploader called a file becomes a name
every unzip tool (Windows Explorer included) accepts, inside its folder, once.

No directory part survives (``/`` and ``\\`` become ``_``), no ``..``, no control or invisible
formatting character, none of Windows' forbidden characters or device names; a long name is cut
to ``limit`` characters keeping its extension; a name already taken in the folder (compared
case-insensitively) gets " (2)", " (3)" … before the extension."""

from __future__ import annotations

import re
import unicodedata

NAME_LIMIT = 200  # characters (not bytes) of one file name
FOLDER_LIMIT = 80
FORBIDDEN = re.compile(r'[<>:"|?*/\\]')
DOTS = re.compile(r"\.{2,}")
EXT = re.compile(r"(\.[A-Za-z0-9]{1,10})$")
DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
UNNAMED = "未命名"


def safe_component(name: str, *, limit: int = NAME_LIMIT) -> str:
    """One path component made safe (see the module's docstring), at most ``limit`` characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(
        "_" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name if c not in "\u200b\ufeff"
    )
    name = FORBIDDEN.sub("_", name)
    name = DOTS.sub(".", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        name = UNNAMED
    stem, ext = _split(name)
    if stem.split(".")[0].upper() in DEVICES:
        stem = f"_{stem}"
    return _fit(stem, ext, limit)


def _split(name: str) -> tuple[str, str]:
    m = EXT.search(name)
    if m and m.start() > 0:
        return name[: m.start()], m.group(1).lower()
    return name, ""


def _fit(stem: str, ext: str, limit: int) -> str:
    room = max(1, limit - len(ext))
    stem = stem[:room].rstrip(" .") or UNNAMED[:room]
    return f"{stem}{ext}"


class Folder:
    """The names given so far in one folder; ``take`` returns a safe name not yet used there."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, name: str, *, limit: int = NAME_LIMIT) -> str:
        name = safe_component(name, limit=limit)
        candidate, n = name, 1
        stem, ext = _split(name)
        while candidate.casefold() in self.used:
            n += 1
            suffix = f" ({n})"
            candidate = _fit(stem[: max(1, limit - len(ext) - len(suffix))], "", limit) + suffix + ext
        self.used.add(candidate.casefold())
        return candidate
