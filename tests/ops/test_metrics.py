"""Prometheus metrics (chuangwen/ops/metrics.py): requests by view name and status class, their
duration, the job queue, lockouts; /metrics only for the monitoring (404 to anyone else); no
query added to a page; several processes of a server added up in multiprocess mode."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
OBSERVE_MIDDLEWARE = {
    "chuangwen.ops.request_id.RequestIdMiddleware",
    "chuangwen.ops.metrics.MetricsMiddleware",
    "chuangwen.ops.logs.AccessLogMiddleware",
}


@task()
def queued_job():
    """Enqueued, never run: the database backend keeps it waiting."""


def requests_counted(view: str, status: str = "2xx", method: str = "GET") -> float:
    labels = {"method": method, "view": view, "status": status}
    return REGISTRY.get_sample_value("chuangwen_http_requests_total", labels) or 0.0


def samples(text: str) -> dict:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_requests_are_counted_by_view_name_and_status_class(client, world):
    before = requests_counted("login"), requests_counted("<unmatched>", "4xx")
    timed = "chuangwen_http_request_duration_seconds_count"
    durations = REGISTRY.get_sample_value(timed, {"view": "login"}) or 0
    client.get("/login/?next=/x/")
    client.get("/login/")
    client.get("/no-such-page/12345/")
    assert requests_counted("login") == before[0] + 2
    assert requests_counted("<unmatched>", "4xx") == before[1] + 1  # never the raw path
    static = requests_counted("<static>", "4xx")
    client.get("/static/no-such-file.css")
    assert requests_counted("<static>", "4xx") == static + 1
    assert REGISTRY.get_sample_value(timed, {"view": "login"}) == durations + 2
    assert REGISTRY.get_sample_value("chuangwen_http_requests_in_flight") == 0


def test_metrics_are_404_without_the_token_or_an_allowed_address(client, settings):
    settings.CHUANGWEN_METRICS_TOKEN = "m-3f9a2c"
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 404
    assert client.get("/metrics", headers={"authorization": "Bearer wrong"}, **outside).status_code == 404
    assert client.get("/metrics", headers={"authorization": "m-3f9a2c"}, **outside).status_code == 404
    resp = client.get("/metrics", headers={"authorization": "Bearer m-3f9a2c"}, **outside)
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/plain")
    # The default list holds only 127.0.0.1 (the test client's address); networks are accepted.
    assert client.get("/metrics").status_code == 200
    settings.CHUANGWEN_METRICS_ALLOWED_IPS = ["10.0.5.0/24"]
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="10.0.5.17").status_code == 200


def test_behind_nginx_on_the_same_machine_an_outside_client_is_refused(client, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1  # nginx on 127.0.0.1 sets X-Forwarded-For
    assert client.get("/metrics", headers={"x-forwarded-for": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics").status_code == 200  # the monitoring on the machine, directly


def test_without_a_token_configured_no_bearer_opens_the_metrics(client, settings):
    settings.CHUANGWEN_METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"authorization": "Bearer "}, REMOTE_ADDR="203.0.113.9").status_code == 404


def test_the_scrape_reports_the_job_queue_in_two_queries(client, settings, django_assert_num_queries):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued_job.enqueue()
    queued_job.enqueue()
    DBTaskResult.objects.filter(pk=queued_job.enqueue().id).update(enqueued_at=timezone.now() - timedelta(minutes=5))
    with django_assert_num_queries(2):
        resp = client.get("/metrics")
    got = samples(resp.content.decode())
    assert got[("chuangwen_jobs", (("status", "READY"),))] == 3
    assert got[("chuangwen_jobs", (("status", "RUNNING"),))] == 0
    assert 300 <= got[("chuangwen_jobs_oldest_waiting_seconds", ())] < 3600
    assert ("chuangwen_http_requests_total", (("method", "GET"), ("status", "2xx"), ("view", "ops:metrics"))) in got


def test_an_empty_queue_has_waited_zero_seconds(client):
    got = samples(client.get("/metrics").content.decode())
    assert got[("chuangwen_jobs", (("status", "READY"),))] == 0
    assert got[("chuangwen_jobs_oldest_waiting_seconds", ())] == 0


def test_lockouts_are_counted(world, client):
    before = REGISTRY.get_sample_value("chuangwen_login_lockouts_total") or 0
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "office", "password": "wrong"})
    assert REGISTRY.get_sample_value("chuangwen_login_lockouts_total") == before + 1


def test_observing_a_page_adds_no_query(world, settings):
    def queries_of_the_home_page() -> tuple[int, bool]:
        client = Client()  # a new client loads the middleware as they are now
        client.force_login(world.office)
        client.get("/")  # warm: the unit chosen, caches filled
        with CaptureQueriesContext(connection) as queries:
            resp = client.get("/")
        assert resp.status_code == 200
        return len(queries), "X-Request-ID" in resp

    observed, with_id = queries_of_the_home_page()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in OBSERVE_MIDDLEWARE]
    bare, bare_with_id = queries_of_the_home_page()
    assert with_id and not bare_with_id  # really without them the second time
    assert observed == bare


# Requests in a fresh process in multiprocess mode (no database needed for these paths).
REQUESTS_THEN_SCRAPE = """
import django, sys; django.setup()
from django.test import Client
c = Client()
for _ in range(int(sys.argv[1])):
    c.get("/healthz")
if sys.argv[2] == "scrape":
    print(c.get("/metrics").content.decode())
"""


def test_several_processes_of_a_server_are_added_up(tmp_path):
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    env.update(DJANGO_SETTINGS_MODULE="chuangwen.settings", CHUANGWEN_VAR_DIR=str(tmp_path / "var"))
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path / "metrics")
    (tmp_path / "metrics").mkdir()

    def run(count, then):
        return subprocess.run(
            [sys.executable, "-c", REQUESTS_THEN_SCRAPE, str(count), then],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    assert run(3, "exit").returncode == 0
    scrape = run(2, "scrape")
    assert scrape.returncode == 0, scrape.stderr
    got = samples(scrape.stdout)
    assert got[("chuangwen_http_requests_total", (("method", "GET"), ("status", "2xx"), ("view", "ops:healthz")))] == 5
