"""The big-screen benchmark's generator and measurements, at a tiny size on the test database:
the same code the PostgreSQL run uses, so a change that breaks it fails here first."""

import pytest
from django.test import Client

from bench import bench_big_screen as bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small():
    world = bench.generate(hospitals=2, departments=3, findings=12, complaints=6, log=lambda *a: None)
    assert set(world["tokens"]) == {"county", "H0001", "H0002"}
    out = bench.cold(world["tokens"], n=1)
    assert set(out) == {"hospital", "county"} and out["county"]["n"] == 1
    paths = bench.screen_paths(world["tokens"], 4)
    assert len(paths) == 4 and len(set(paths)) == 3
    client = Client()
    answers = [client.get(p) for p in paths]
    assert [a.status_code for a in answers] == [200] * 4
    county = answers[0].json()
    assert county["scope"] == "region" and len(county["ranking"]["rows"]) == 2
    assert len(answers[1].json()["ranking"]["rows"]) == 3  # the hospital's departments
    # The schedules, with a stand-in for the HTTP client.
    run = bench.steady(lambda p: (200, 0.001), paths, every=0.05, seconds=0.12)
    assert run["answers"] == {200: len(run["samples"])} and len(run["samples"]) >= 4
    burst = bench.bursts(lambda p: (200, 0.002), paths, rounds=2, gap=0)
    assert len(burst["samples"]) == 8 and bench.stats(burst["samples"])["p95_ms"] == 2.0
