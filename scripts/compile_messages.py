"""Compile every app's locale/*/LC_MESSAGES/django.po into .mo with polib (no GNU gettext needed
at run time; extraction uses Django's makemessages, see `make messages-extract`)."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent

for po_path in sorted(ROOT.glob("chuangwen/*/locale/*/LC_MESSAGES/django.po")):
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        continue
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    print(f"compiled {mo_path.relative_to(ROOT)}")
