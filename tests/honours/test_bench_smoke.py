"""The vote benchmark's builder, casting loop and check, at a tiny size on the test database
(through the test client, one voter at a time): the code the PostgreSQL run uses."""

import pytest

from bench import bench_honours_vote as bench

pytestmark = pytest.mark.django_db


def test_the_benchmark_runs_small_and_the_tally_equals_the_ballots(client):
    session, office, jobs = bench.build(12)

    def send(key, choices):
        path = f"/api/honours/votes/{session.pk}/ballot"
        headers = {"Authorization": f"Bearer {key}"}
        return client.post(path, {"choices": choices}, content_type="application/json", headers=headers).status_code

    run = bench.cast_all(send, jobs, concurrency=1)
    assert len(run["latencies"]) == 12 and not run["refused"]
    assert send(*jobs[0]) == 422  # a second ballot
    checks = bench.verify(session, office, jobs, len(run["latencies"]))
    assert checks["tally_equals_ballots"] and checks["ballots"] == 12
