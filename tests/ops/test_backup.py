"""manage.py backup / restore on a small installation: what the manifest holds, the round trip
onto an emptied database, and every refusal (damaged backup, wrong engine, data in the way)."""

import json
import shutil

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.bench_backup import file_hashes, row_counts
from chuangwen.evidence.models import EvidenceFile
from chuangwen.ops.backup import BackupError, backup_restore, backup_verify, backup_write, manifest
from chuangwen.ops.backup.references import file_columns
from chuangwen.org.models import Unit
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def installation(settings):
    """Three evidence files stored, one of them replaced (its first name now only in history)."""
    files = []
    for n in range(3):
        name = default_storage.save(f"evidence/test/{n}.pdf", ContentFile(b"%PDF-1.4\n" + bytes([n]) * 5000))
        files.append(f.evidence_file(file=name))
    first = files[0]
    replacement = default_storage.save("evidence/test/replaced.pdf", ContentFile(b"%PDF-1.4\nnew"))
    first.file = replacement
    first.save()
    return settings.MEDIA_ROOT


def flush_everything(media_root):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)


def test_the_manifest_names_every_part_with_its_hash(installation, tmp_path):
    out = backup_write(tmp_path / "b", log=lambda *a: None)
    body = manifest.read(tmp_path / "b")
    assert body == {k: v for k, v in out.items() if k != "seconds"}
    assert body["format"] == manifest.FORMAT_VERSION and body["created_at"]
    assert body["chuangwen"]["version"] == "0.1.0"
    assert body["database"]["engine"] in ("sqlite", "postgresql")
    assert (tmp_path / "b" / body["database"]["file"]).stat().st_size == body["database"]["size"]
    assert body["tables"]["evidence_evidencefile"] == 3
    assert body["tables"]["org_unit"] == Unit.objects.count()
    names = {e["name"] for e in body["files"]}
    # The replaced file is still named by the history table: it is kept too.
    assert names == {"evidence/test/0.pdf", "evidence/test/1.pdf", "evidence/test/2.pdf", "evidence/test/replaced.pdf"}
    assert body["missing_files"] == []
    entry = next(e for e in body["files"] if e["name"] == "evidence/test/1.pdf")
    assert entry["size"] == 5009 and entry["storage"] == "default"
    assert (tmp_path / "b" / "files" / "default" / "evidence" / "test" / "1.pdf").read_bytes()[-1:] == b"\x01"


def test_history_tables_count_as_file_references():
    columns = {(c.table, c.column) for c in file_columns()}
    assert {("evidence_evidencefile", "file"), ("evidence_historicalevidencefile", "file")} <= columns
    assert ("inspections_findingphoto", "thumbnail") in columns


def test_round_trip_onto_a_flushed_installation(installation, tmp_path):
    before_rows, before_files = row_counts(), file_hashes(installation)
    backup_write(tmp_path / "b", log=lambda *a: None)
    flush_everything(installation)
    assert EvidenceFile.objects.count() == 0
    lines = []
    summary = backup_restore(tmp_path / "b", log=lines.append)
    assert row_counts() == before_rows
    assert file_hashes(installation) == before_files
    assert summary["files"] == 4 and summary["files_present"] == 0
    assert "every table's count matches the manifest" in lines[0]
    assert EvidenceFile.objects.get(file="evidence/test/replaced.pdf").file.read() == b"%PDF-1.4\nnew"


def test_a_file_referenced_but_gone_is_listed_as_missing(installation, tmp_path):
    default_storage.delete("evidence/test/2.pdf")
    lines = []
    out = backup_write(tmp_path / "b", log=lines.append)
    by = ["evidence.EvidenceFile.file", "evidence.HistoricalEvidenceFile.file"]
    assert out["missing_files"] == [{"storage": "default", "name": "evidence/test/2.pdf", "referenced_by": by}]
    assert any("WARNING: default/evidence/test/2.pdf is referenced" in line for line in lines)


def test_a_directory_that_is_not_empty_is_refused(installation, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty: a backup goes into a new or empty directory"):
        call_command("backup", str(tmp_path / "b"))


def test_restore_refuses_an_installation_holding_data(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    with pytest.raises(CommandError, match=r"already holds data \(org_region: \d+ rows"):
        call_command("restore", str(tmp_path / "b"))


def test_force_replaces_an_installation_holding_data(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    counts = row_counts()
    f.unit(f.region("临川县"), "临川县人民医院")
    default_storage.delete("evidence/test/1.pdf")
    default_storage.save("evidence/test/1.pdf", ContentFile(b"other content"))
    with pytest.raises(BackupError, match="already holds data"):
        backup_restore(tmp_path / "b", log=lambda *a: None)
    backup_restore(tmp_path / "b", force=True, log=lambda *a: None)
    assert row_counts() == counts
    assert default_storage.open("evidence/test/1.pdf").read()[-1:] == b"\x01"


def test_other_content_under_a_backup_name_is_refused(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("evidence/test/0.pdf")
    default_storage.save("evidence/test/0.pdf", ContentFile(b"someone else's"))
    with pytest.raises(BackupError, match=r"other files under the backup's names:\n  default/evidence/test/0.pdf"):
        backup_restore(tmp_path / "b", log=lambda *a: None)
    assert EvidenceFile.objects.count() == 0  # nothing restored


def test_a_damaged_file_is_named_and_nothing_restored(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    (tmp_path / "b" / "files" / "default" / "evidence" / "test" / "1.pdf").write_bytes(b"tampered")
    (tmp_path / "b" / "files" / "default" / "evidence" / "test" / "2.pdf").unlink()
    flush_everything(installation)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(tmp_path / "b"))
    message = str(refused.value)
    assert "files/default/evidence/test/1.pdf does not match the manifest" in message
    assert "files/default/evidence/test/2.pdf is missing from the backup" in message
    assert EvidenceFile.objects.count() == 0 and not default_storage.exists("evidence/test/0.pdf")
    with pytest.raises(CommandError, match="is damaged"):
        call_command("restore", "--verify", str(tmp_path / "b"))


def test_a_damaged_database_dump_is_named(installation, tmp_path):
    out = backup_write(tmp_path / "b", log=lambda *a: None)
    with open(tmp_path / "b" / out["database"]["file"], "r+b") as fh:
        fh.seek(200)
        fh.write(b"\xff" * 8)
    with pytest.raises(BackupError, match=f"{out['database']['file']} does not match the manifest"):
        backup_verify(tmp_path / "b")


@pytest.mark.parametrize("damage", ["edited", "truncated"])
def test_a_corrupted_manifest_is_refused(installation, tmp_path, damage):
    backup_write(tmp_path / "b", log=lambda *a: None)
    path = tmp_path / "b" / "manifest.json"
    if damage == "edited":
        data = json.loads(path.read_text())
        data["tables"]["evidence_evidencefile"] = 2
        path.write_text(json.dumps(data))
        expected = "is corrupted \\(its content does not match its checksum\\)"
    else:
        path.write_text(path.read_text()[:100])
        expected = "is corrupted \\(not readable JSON"
    with pytest.raises(CommandError, match=expected):
        call_command("backup", "--verify", str(tmp_path / "b"))


def test_a_backup_of_the_other_engine_is_refused(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    body = manifest.read(tmp_path / "b")
    other = "sqlite" if body["database"]["engine"] == "postgresql" else "postgresql"
    body["database"]["engine"] = other
    manifest.write(tmp_path / "b", body)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="restore it on an installation of the same engine"):
        backup_restore(tmp_path / "b", log=lambda *a: None)


def test_a_backup_of_a_newer_version_is_refused(installation, tmp_path):
    backup_write(tmp_path / "b", log=lambda *a: None)
    body = manifest.read(tmp_path / "b")
    body["migrations"]["evidence"] = "9999_from_the_future"
    manifest.write(tmp_path / "b", body)
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="newer version of Chuangwen .*evidence.9999_from_the_future"):
        backup_restore(tmp_path / "b", log=lambda *a: None)


def test_the_commands_report_what_they_did(installation, tmp_path):
    from io import StringIO

    out = StringIO()
    call_command("backup", str(tmp_path / "b"), stdout=out)
    assert "Files: 4 (" in out.getvalue() and "Backup written to" in out.getvalue()
    out = StringIO()
    call_command("restore", "--verify", str(tmp_path / "b"), stdout=out)
    assert "is intact: the database and 4 files" in out.getvalue()
    flush_everything(installation)
    out = StringIO()
    call_command("restore", str(tmp_path / "b"), stdout=out)
    assert "Files: 4 restored" in out.getvalue() and "Took" in out.getvalue()


def test_round_trip_through_object_storage(settings, tmp_path):
    """The same backup and restore with the files in an S3 bucket (moto's in-process S3): only
    the Storage API is used, so the bucket is read and written like the local folder."""
    from moto import mock_aws

    with mock_aws():
        import boto3

        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="chuangwen-media")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "chuangwen-media", "region_name": "us-east-1", "file_overwrite": False},
            },
        }
        name = default_storage.save("evidence/s3/a.pdf", ContentFile(b"%PDF-1.4\nin the bucket"))
        f.evidence_file(file=name)
        out = backup_write(tmp_path / "b", log=lambda *a: None)
        assert [e["name"] for e in out["files"]] == [name]
        call_command("flush", interactive=False, verbosity=0)
        default_storage.delete(name)
        assert not default_storage.exists(name)
        summary = backup_restore(tmp_path / "b", log=lambda *a: None)
        assert summary["files"] == 1
        assert default_storage.open(name).read() == b"%PDF-1.4\nin the bucket"
        assert EvidenceFile.objects.get().file.name == name


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused(tmp_path):
    with pytest.raises(BackupError, match="must run outside a transaction"):
        backup_write(tmp_path / "b", log=lambda *a: None)
