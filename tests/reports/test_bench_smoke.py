"""The ledger benchmark's generator and measurements, tiny, on the test database: the same code
the 2 GB run uses, so a change that breaks it fails here first."""

import io
import zipfile

import pytest

from bench import bench_ledger_export as bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small():
    data = bench.generate(files_n=12, total_bytes=12 * 4096, log=lambda *a: None)
    b = bench.start(data)
    built = bench.build_here(b.pk)
    assert built["status"] == "done" and built["peak_rss_mb"] > 0
    b.refresh_from_db()
    assert b.files_total == b.files_done == 12
    with b.file.open("rb") as fh:
        z = zipfile.ZipFile(io.BytesIO(fh.read()))
    assert sum(n.endswith(".pdf") for n in z.namelist()) == 12
    assert bench.zip_baseline(data["root"]) >= 0
    resumed = bench.first_byte(b.pk)
    assert resumed["status"] == 206 and resumed["first_chunk"] > 0


def test_the_summary_benchmark_runs_small(plan_world):
    from bench import bench_summary

    result = bench_summary.run(plan_world.campaign, plan_world.office, 1)
    assert result["queries"] > 10 and result["max_s"] > 0 and result["runs"]["n"] == 1


def test_the_linked_records_benchmark_runs_small():
    from bench import bench_ledger_linked as linked_bench

    data = linked_bench.generate(records=2, roster=3, log=lambda *a: None)
    cold = linked_bench.build(data)
    warm = linked_bench.build(data)
    assert cold["status"] == warm["status"] == "done"
    linked_bench.edit_one(data)
    assert linked_bench.build(data)["status"] == "done"
    single = linked_bench.one_by_one(data, 1)
    assert single["sampled"] == 1 and single["all_records_s"] > 0
