"""The UI is Simplified Chinese through gettext: every app's catalogue is complete and current."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
ROOT = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.parent.parent.parent.name for p in ROOT.glob("chuangwen/*/locale/zh_Hans/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("app", APPS)
def test_catalogue_complete(app):
    po = polib.pofile(str(ROOT / "chuangwen" / app / "locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po if not (e.msgstr or e.msgstr_plural.get(0)) or "fuzzy" in e.flags]
    assert not missing, f"untranslated in {app}: {missing}"
    mismatched = [
        e.msgid
        for e in po
        if set(PLACEHOLDER.findall(e.msgid)) != set(PLACEHOLDER.findall(e.msgstr or e.msgstr_plural.get(0, "")))
    ]
    assert not mismatched, f"placeholders differ between English and Chinese in {app}: {mismatched}"


@pytest.mark.parametrize("app", APPS)
def test_catalogue_current(app, tmp_path):
    """Re-extracting the app's strings finds nothing that is not already in its catalogue."""
    assert shutil.which("xgettext"), "GNU gettext is required (apt-get install gettext; `make test` installs it)"
    app_dir = ROOT / "chuangwen" / app
    copy = tmp_path / app
    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        # django-admin (a script) rather than `python -m`: the app folder must not shadow stdlib
        # modules such as `selectors` on sys.path.
        [
            str(Path(sys.executable).parent / "django-admin"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "chuangwen.settings", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(app_dir / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    assert fresh <= known, f"run `make messages-extract APP={app}`: new strings {sorted(fresh - known)}"


def test_pages_render_in_chinese(world, client):
    client.force_login(world.office)
    html = client.get("/org/staff/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "职工" in html and "科室" in html
