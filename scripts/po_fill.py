"""Fill the translations in every app's zh_Hans .po from scripts/glossary/*.tsv
(msgid<TAB>msgstr, one per line; plural forms are filled with the same text), then list what
is still missing. Usage: python scripts/po_fill.py"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def load_glossary() -> dict[str, str]:
    glossary = {}
    for path in sorted((ROOT / "scripts" / "glossary").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                msgid, _, msgstr = line.partition("\t")
                glossary[msgid] = msgstr
    return glossary


def main() -> int:
    glossary = load_glossary()
    missing = 0
    for po_path in sorted(ROOT.glob("chuangwen/*/locale/zh_Hans/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        for entry in po:
            if "fuzzy" in entry.flags:
                # A fuzzy guess from msgmerge is another string's translation: never keep it.
                entry.flags.remove("fuzzy")
                entry.msgstr = ""
                entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
                entry.previous_msgid = None
            # The glossary is the source of truth: a changed wording there changes every app.
            if entry.msgid_plural:
                if entry.msgid in glossary:
                    entry.msgstr_plural = {0: glossary[entry.msgid]}
                done = bool(entry.msgstr_plural.get(0))
            else:
                if entry.msgid in glossary:
                    entry.msgstr = glossary[entry.msgid]
                done = bool(entry.msgstr)
            if not done:
                missing += 1
                print(f"{po_path.relative_to(ROOT)}: {entry.msgid!r}")
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Language"] = "zh_Hans"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
