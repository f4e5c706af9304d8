"""The backup benchmark's measurement on a small installation in the test database: the same
code the demo runs use, so a change that breaks it fails here first."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bench import bench_backup as bench
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmark_measures_a_round_trip(settings, tmp_path):
    for n in range(2):
        f.evidence_file(file=default_storage.save(f"evidence/bench/{n}.pdf", ContentFile(b"%PDF-1.4\n" * (n + 1))))
    out = bench.measure(tmp_path / "work", settings.MEDIA_ROOT, log=lambda *a: None)
    assert out["same_row_counts"] and out["same_file_hashes"]
    assert out["files"] == 2 and out["rows"] > 0 and out["backup_bytes"] > 0
    assert set(out) >= {"backup_s", "restore_s", "meets_target"}
