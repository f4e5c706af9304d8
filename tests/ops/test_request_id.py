"""The request id (chuangwen/ops/request_id.py): made here unless a trusted proxy sent a
well-formed one, returned in ``X-Request-ID``, on every log line of the request, and linking a
request to the background jobs it enqueued."""

import logging
import re

import pytest
from django_tasks import task

from chuangwen.ops import request_id
from chuangwen.ops.request_id import RequestIdFilter

from .records import captured

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"[0-9a-f]{32}")


@task()
def log_inside_a_job():
    logging.getLogger("chuangwen.jobs.test").warning("working")


def test_each_answer_gets_its_own_new_id(client):
    first, second = client.get("/healthz")["X-Request-ID"], client.get("/login/")["X-Request-ID"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second) and first != second


def test_a_refused_request_carries_an_id_too(client):
    resp = client.get("/no-such-page/")
    assert resp.status_code == 404 and HEX_ID.fullmatch(resp["X-Request-ID"])


def test_a_client_talking_directly_cannot_choose_its_id(client, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 0
    resp = client.get("/healthz", headers={"x-request-id": "chosen-by-me"})
    assert resp["X-Request-ID"] != "chosen-by-me" and HEX_ID.fullmatch(resp["X-Request-ID"])


def test_behind_a_trusted_proxy_its_id_is_kept(client, settings):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    resp = client.get("/healthz", headers={"x-request-id": "nginx-7f3a.01_b"})
    assert resp["X-Request-ID"] == "nginx-7f3a.01_b"


@pytest.mark.parametrize("sent", ["a" * 65, "two words", "id\r\nSet-Cookie: x=1", "a/b", "<script>", ""])
def test_a_malformed_id_from_the_proxy_is_replaced(client, settings, sent):
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    assert HEX_ID.fullmatch(client.get("/healthz", headers={"x-request-id": sent})["X-Request-ID"])


def test_the_log_lines_of_a_request_carry_its_id(client):
    with captured("chuangwen.access") as records, captured("django.request") as django_records:
        resp = client.get("/no-such-page/")
    assert [r.request_id for r in records] == [resp["X-Request-ID"]]
    # Django logs the 404 after the middleware have returned: the id comes from the request.
    assert [r.request_id for r in django_records] == [resp["X-Request-ID"]]


def test_outside_a_request_the_id_is_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_a_job_logs_under_its_own_id_and_the_request_names_the_job():
    # Under the immediate backend (tests) the job runs inside the enqueuing request.
    token = request_id.current.set("req-1")
    try:
        with captured("chuangwen.jobs") as records:
            result = log_inside_a_job.enqueue()
            after = request_id.current.get()
    finally:
        request_id.current.reset(token)
    enqueued, inside = records
    with captured("django_tasks", logging.INFO) as library_records:
        log_inside_a_job.enqueue()
    # django-tasks' own lines about the job (started, finished) carry the job's id too.
    assert [r.request_id[:4] for r in library_records] == ["job-", "job-"]
    assert enqueued.getMessage() == "job enqueued" and enqueued.request_id == "req-1"
    assert enqueued.job_id == str(result.id) and enqueued.job.endswith("log_inside_a_job")
    assert inside.getMessage() == "working" and inside.request_id == f"job-{result.id}"
    assert after == "req-1"  # the request's later lines keep its id
