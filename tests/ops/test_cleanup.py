"""``storage_cleanup`` removes what a crashed upload left, and nothing a record names."""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from chuangwen.ops import cleanup
from chuangwen.reports.pdf_cache import stored_name
from tests import factories as f

pytestmark = pytest.mark.django_db
NOW = datetime.timedelta(0)


def test_a_stored_file_no_row_names_is_removed_and_named_files_stay():
    kept = f.evidence_file(file=default_storage.save("evidence/1/2026/11/kept.pdf", ContentFile(b"%PDF-1")))
    orphan = default_storage.save("evidence/1/2026/11/orphan.pdf", ContentFile(b"%PDF-2"))
    cache = default_storage.save(stored_name(1, "abc"), ContentFile(b"%PDF-3"))
    report = cleanup.storage_cleanup(min_age=NOW)
    assert report.orphans_removed == [orphan] and report.stored_examined == 2
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept.file.name) and default_storage.exists(cache)


def test_a_name_kept_only_in_history_stays():
    """A replaced file is history: its historical row still names it."""
    ev = f.evidence_file(file=default_storage.save("evidence/1/old.pdf", ContentFile(b"%PDF-old")))
    ev.file = default_storage.save("evidence/1/new.pdf", ContentFile(b"%PDF-new"))
    ev.save()
    assert cleanup.storage_cleanup(min_age=NOW).orphans_removed == []
    assert default_storage.exists("evidence/1/old.pdf")


def test_young_files_are_left_to_uploads_in_progress(settings):
    settings.ORPHAN_FILE_HOURS = 6
    orphan = default_storage.save("evidence/1/just-now.pdf", ContentFile(b"%PDF-2"))
    assert cleanup.storage_cleanup().orphans_removed == []
    assert default_storage.exists(orphan)


def test_staged_uploads_of_a_killed_request_are_removed(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "staged")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    old = tmp_path / "staged" / "tmpab12.upload.pdf"
    old.write_bytes(b"half a file")
    stamp = time.time() - 7 * 3600
    os.utime(old, (stamp, stamp))
    fresh = tmp_path / "staged" / "cw-upload-xyz.pdf"
    fresh.write_bytes(b"arriving")
    other = tmp_path / "staged" / "notes.txt"
    other.write_bytes(b"not ours")
    report = cleanup.storage_cleanup()
    assert report.staged_removed == [str(old)]
    assert not old.exists() and fresh.exists() and other.exists()


def test_the_command_reports_and_dry_run_removes_nothing(capsys):
    orphan = default_storage.save("evidence/1/orphan.pdf", ContentFile(b"%PDF-2"))
    call_command("storage_cleanup", "--min-age-seconds", "0", "--dry-run")
    assert "would remove: evidence/1/orphan.pdf" in capsys.readouterr().out
    assert default_storage.exists(orphan)
    call_command("storage_cleanup", "--min-age-seconds", "0")
    assert not default_storage.exists(orphan)
