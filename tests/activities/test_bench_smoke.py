"""The sign-in benchmark at a tiny size against the live test server: the same phones, screen
and checks the PostgreSQL run uses, so a change that breaks it fails here first (one phone at a
time: the SQLite test database locks a table per writer)."""

import pytest

from bench import bench_signin as bench


@pytest.mark.django_db(transaction=True)
def test_the_benchmark_signs_everyone_in_once(live_server):
    activity, office, users = bench.load(12)
    sessions = bench.session_cookies(users)
    screen = bench.Screen(live_server.url, activity.pk, bench.session_cookies([office])[0], every=0.5)
    try:
        result = bench.run_phones(live_server.url, screen, sessions, spread=0.5, concurrency=1, at_once=False)
    finally:
        screen.stop()
    data = bench.check(activity, 12, result)
    assert (data["lost"], data["doubled"], data["attendance_rows"]) == (0, 0, 12)
    assert data["answers"]["done"] == 12 and data["answers"]["already"] == 2
    assert data["sign_in_post"]["n"] == 14
