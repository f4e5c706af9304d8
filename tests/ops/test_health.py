"""/healthz and /readyz (chuangwen/ops/health.py): what the load balancer asks each app server.
Liveness touches nothing; readiness checks the database, the migrations, the shared cache and the
storage, and names what failed with a 503, never a 500 nor an exception's text."""

import json

import boto3
import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db import OperationalError
from moto import mock_aws

from chuangwen.audit.models import AuditEvent
from chuangwen.ops import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_database_session_or_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.json() == {"status": "ok"}
    assert not resp.cookies and "content-security-policy" not in resp.headers
    assert len(resp["X-Request-ID"]) == 32
    assert not Session.objects.exists()


def test_a_probe_sending_a_session_cookie_reads_no_session_and_leaves_no_audit_row(
    world, login, django_assert_num_queries
):
    client = login(world.office)
    events = AuditEvent.objects.count()  # the sign-in's
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert AuditEvent.objects.count() == events


def test_readyz_reports_each_check_with_its_time_in_two_queries(client, django_assert_max_num_queries):
    # One "SELECT 1" and one read of the applied migrations (none when the run switches
    # migrations off); the tests' cache is in memory.
    with django_assert_max_num_queries(2):
        resp = client.get("/readyz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok" and list(body["checks"]) == ["database", "migrations", "cache", "storage"]
    assert not resp.cookies and "content-security-policy" not in resp.headers
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


def test_a_database_that_does_not_answer_is_named_without_its_address(client, monkeypatch):
    def refuse(alias):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password authentication')

    monkeypatch.setattr(health, "check_database", refuse)
    resp = client.get("/readyz")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unavailable" and body["failed"] == ["database"]
    assert body["checks"]["database"]["ok"] is False and body["checks"]["database"]["error"] == "OperationalError"
    assert "10.0.0.5" not in resp.content.decode() and "password" not in resp.content.decode()


def test_a_read_replica_is_checked_too(client, monkeypatch, settings):
    monkeypatch.setitem(settings.DATABASES, "replica", {**settings.DATABASES["default"]})
    asked = []
    monkeypatch.setattr(health, "check_database", asked.append)
    resp = client.get("/readyz")
    assert resp.status_code == 200 and asked == ["default", "replica"]
    assert list(resp.json()["checks"]) == ["database", "database_replica", "migrations", "cache", "storage"]


def test_an_unreachable_redis_fails_the_cache_check(client, settings):
    # Nothing listens on port 1: the connection is refused at once.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["failed"] == ["cache"]
    assert "127.0.0.1" not in resp.content.decode()


def test_a_migration_not_applied_makes_the_server_not_ready(client, monkeypatch):
    monkeypatch.setattr(health, "migrations_on_disk", lambda: frozenset({("org", "9999_from_the_next_release")}))
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["failed"] == ["migrations"]


def test_a_storage_that_does_not_answer_fails_the_storage_check(client, monkeypatch):
    def unreachable(name):
        raise ConnectionError("Could not connect to the endpoint URL: http://10.0.0.9:9000/evidence")

    monkeypatch.setattr(default_storage, "listdir", unreachable)
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["failed"] == ["storage"]
    assert "10.0.0.9" not in resp.content.decode()


@pytest.fixture
def s3_storage(settings):
    """The default storage on a (moto) S3 endpoint whose bucket "cw-evidence" is not made yet."""
    with mock_aws():
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": "cw-evidence", "region_name": "us-east-1"},
            },
        }
        yield boto3.client("s3", region_name="us-east-1")


def test_the_object_store_is_ready_once_its_bucket_exists(client, s3_storage):
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.json()["failed"] == ["storage"]
    s3_storage.create_bucket(Bucket="cw-evidence")
    assert client.get("/readyz").status_code == 200


def test_a_local_media_directory_not_made_yet_is_ready(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-yet"  # made by the first upload
    assert client.get("/readyz").json()["checks"]["storage"]["ok"] is True


def test_a_check_failing_in_an_unexpected_way_is_still_a_503(client, monkeypatch):
    monkeypatch.setattr(health, "check_migrations", lambda: 1 / 0)
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert json.loads(resp.content)["checks"]["migrations"]["error"] == "ZeroDivisionError"


def test_probes_over_plain_http_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/login/").status_code == 301


def test_a_host_outside_allowed_hosts_is_refused(client, settings):
    # The balancer must send a Host the site allows (docs/observability.md).
    settings.ALLOWED_HOSTS = ["cw.example-hospital.cn"]
    assert client.get("/healthz", headers={"host": "10.0.0.7:8000"}).status_code == 400
    assert client.get("/readyz", headers={"host": "10.0.0.7:8000"}).status_code == 400
    assert client.get("/healthz", headers={"host": "cw.example-hospital.cn"}).status_code == 200
