"""The shared cache of rate limits, lockouts and locks: the embedded mode's database cache (its
table in every database `migrate` makes, the test database included) and Redis in production,
where two app-server processes count together."""

import contextlib
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.utils import timezone

import chuangwen.settings as project_settings
from chuangwen.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_cache(settings):
    """The embedded mode's cache, as settings.py configures it (tests run on a local-memory one)."""
    settings.CACHES = project_settings.CACHES
    assert settings.CACHES["default"]["BACKEND"] == "chuangwen.core.cache.DatabaseCache"
    return cache


def _expires(key: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM chuangwen_cache WHERE cache_key = %s", [cache.make_key(key)])
        (value,) = cursor.fetchone()
    return value


def test_the_test_database_has_the_cache_table(db_cache):
    assert "chuangwen_cache" in connection.introspection.table_names()
    assert db_cache.add("lock:fold", 1, 60) and not db_cache.add("lock:fold", 1, 60)


def test_a_counter_keeps_its_window(db_cache):
    # Django's generic incr wrote the count back with the default timeout (300 s): an hour-long
    # window became "five minutes after the last hit".
    db_cache.add("rl:x", 1, 3600)
    before = _expires("rl:x")
    assert db_cache.incr("rl:x") == 2 and db_cache.incr("rl:x", 5) == 7
    assert db_cache.get("rl:x") == 7 and _expires("rl:x") == before
    with pytest.raises(ValueError):
        db_cache.incr("rl:absent")


def test_an_expired_counter_is_not_counted_on(db_cache):
    db_cache.add("rl:old", 4, 60)
    with connection.cursor() as cursor:
        past = timezone.now() - timedelta(seconds=5)
        cursor.execute(
            "UPDATE chuangwen_cache SET expires = %s WHERE cache_key = %s",
            [connection.ops.adapt_datetimefield_value(past), cache.make_key("rl:old")],
        )
    with pytest.raises(ValueError):
        db_cache.incr("rl:old")
    # The limit opens a new window.
    assert ratelimit.hit("rl:old", 1, 60) and not ratelimit.hit("rl:old", 1, 60)


def test_a_limit_holds_in_the_database_cache(db_cache):
    assert [ratelimit.hit("rl:y", 3, 600) for _ in range(5)] == [True, True, True, False, False]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    """A throwaway redis-server (Debian's package) on a free port, stopped afterwards."""
    server = shutil.which("redis-server")
    assert server, "redis-server is required (apt-get install redis-server; `make test` installs it)"
    port = _free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(500):
            with contextlib.suppress(redis.ConnectionError):
                client.ping()
                break
            assert proc.poll() is None, "redis-server stopped at start"
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


def test_two_app_servers_share_one_count_in_redis(redis_url, monkeypatch):
    # Two cache clients with their own connections, as two app-server processes have.
    servers = [RedisCache(redis_url, {"KEY_PREFIX": "chuangwen"}) for _ in range(2)]
    answers = []
    for i in range(5):
        monkeypatch.setattr(ratelimit, "cache", servers[i % 2])
        answers.append(ratelimit.hit("rl:shared", 3, 600))
    assert answers == [True, True, True, False, False]
    assert servers[0].get("rl:shared") == servers[1].get("rl:shared") == 5
    assert 590 <= servers[1]._cache.get_client().ttl(servers[1].make_key("rl:shared")) <= 600


def test_a_counter_made_by_a_late_incr_gets_its_window(redis_url, monkeypatch):
    # The window expired between Redis's EXISTS and INCR: INCR made a counter without expiry.
    server = RedisCache(redis_url, {"KEY_PREFIX": "chuangwen"})
    monkeypatch.setattr(ratelimit, "cache", server)
    monkeypatch.setattr(server, "incr", lambda key: server._cache.get_client(write=True).incr(server.make_key(key)))
    assert ratelimit.hit("rl:late", 3, 600)
    assert 0 < server._cache.get_client().ttl(server.make_key("rl:late")) <= 600
