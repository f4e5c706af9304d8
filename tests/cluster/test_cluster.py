"""Chuangwen as a province runs it, on this machine: PostgreSQL, Redis, an S3 store (moto's
server), two Granian application servers and a background worker, started by scripts/cluster.py
as docs/deployment.md says, and used only over HTTP, as nginx would pass requests on.

Nothing is shared between the servers but the three services: what one server takes in, the
other serves; what one counts (rate limits, failed logins), the other sees; a job asked for on
one is built by the worker; a server killed in the middle of an upload leaves nothing
half-written."""

from __future__ import annotations

import hashlib
import http.client
import re
import signal
import time
import uuid

import boto3
import pytest
import requests
from django.db import connection, connections

from scripts.cluster import BUCKET, PROXY_HEADERS, S3_KEY, S3_SECRET, cluster
from tests.cluster.seed import pdf_of

LOCKED = "登录失败次数过多"
CLIENT_IP = "203.0.113.7"  # the patient's or nurse's address, as nginx passes it on
PDF = pdf_of(600_000)


@pytest.fixture(scope="module")
def cl(django_db_setup, django_db_blocker):
    """The cluster, on a copy of the suite's migrated test database when that is PostgreSQL
    (CI: saves migrating from scratch), else on a throwaway PostgreSQL it migrates."""
    template = None
    if connection.vendor == "postgresql":
        template = connection.settings_dict["NAME"]
        connections.close_all()
    env = {"CHUANGWEN_LOGIN_MAX_FAILURES": "4", "LOG_LEVEL": "INFO"}
    with cluster(servers=2, worker=True, extra_env=env, template=template) as c:
        c.data = c.shell_json("from tests.cluster.seed import seed; seed()")
        yield c


def url(cl, server: str, path: str) -> str:
    return cl.servers[server].url + path


def headers(ip: str = CLIENT_IP, **extra) -> dict:
    return {**PROXY_HEADERS, "X-Forwarded-For": ip, "User-Agent": "Mozilla/5.0 (cluster test)", **extra}


def api(cl, server: str, method: str, path: str, token: str, **kw) -> requests.Response:
    h = headers(Authorization=f"Bearer {token}")
    return requests.request(method, url(cl, server, "/api" + path), headers=h, allow_redirects=False, timeout=60, **kw)


def bucket_client(cl):
    return boto3.client(
        "s3",
        endpoint_url=cl.env["CHUANGWEN_S3_ENDPOINT_URL"],
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
    )


def stored_files(cl) -> list[dict]:
    code = (
        "import json; from chuangwen.evidence.models import EvidenceFile as F; "
        "print(json.dumps(list(F.objects.values('id', 'file', 'sha256', 'size'))))"
    )
    return cl.shell_json(code)


def upload_fields(cl, title: str) -> dict:
    return {
        "task": str(cl.data["task"]),
        "item": str(cl.data["item"]),
        "title": title,
        "occurred_on": "2026-11-20",
    }


def test_evidence_uploaded_through_a_is_downloaded_through_b_from_the_store(cl):
    token = cl.data["head_token"]
    r = api(
        cl,
        "A",
        "POST",
        "/evidence/records",
        token,
        data=upload_fields(cl, "十一月政治学习记录"),
        files=[("files", ("学习记录.pdf", PDF, "application/pdf"))],
    )
    assert r.status_code == 201, r.text
    file_id = r.json()["files"][0]["id"]

    r = api(cl, "B", "GET", f"/evidence/files/{file_id}/download", token)
    assert r.status_code == 302 and not r.content  # B hands over a signed URL, it sends no bytes
    location = r.headers["Location"]
    assert location.startswith(cl.env["CHUANGWEN_S3_ENDPOINT_URL"] + f"/{BUCKET}/evidence/")
    body = requests.get(location, timeout=60)
    assert body.status_code == 200 and body.content == PDF
    assert body.headers["Content-Type"] == "application/pdf"
    assert "attachment" in body.headers["Content-Disposition"]
    # The store itself refuses the same object without the signature: the bucket is private.
    assert requests.get(location.split("?")[0], timeout=60).status_code == 403
    row = next(f for f in stored_files(cl) if f["id"] == file_id)
    assert row["sha256"] == hashlib.sha256(PDF).hexdigest()


def _survey_post(cl, server: str, ip: str) -> int:
    path = cl.data["survey_path"]
    page = requests.get(url(cl, server, path), headers=headers(ip), timeout=60)
    assert page.status_code == 200
    fields = dict(re.findall(r'name="(ft|key)" value="([^"]+)"', page.text))
    for name in set(re.findall(r'name="(q\d+)"', page.text)):
        fields[name] = "4"
    r = requests.post(url(cl, server, path), data=fields, headers=headers(ip), allow_redirects=False, timeout=60)
    return r.status_code


def test_the_survey_rate_limit_is_counted_across_both_servers(cl):
    """5 submissions per phone and department in 10 minutes (CHUANGWEN_SURVEYS_RATE_CLIENT)."""
    ip = "198.51.100.20"
    statuses = [_survey_post(cl, server, ip) for server in ("A", "B", "A", "B", "A")]
    assert statuses == [302] * 5
    assert _survey_post(cl, "B", ip) == 429 and _survey_post(cl, "A", ip) == 429
    assert _survey_post(cl, "B", "198.51.100.21") == 302  # another phone is not affected


def _login(cl, server: str, password: str, ip: str) -> requests.Response:
    session = requests.Session()
    page = session.get(url(cl, server, "/login/"), headers=headers(ip), timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    data = {"csrfmiddlewaretoken": token, "username": cl.data["login"]["username"], "password": password}
    h = headers(ip, Origin="https://127.0.0.1", Referer="https://127.0.0.1/login/")
    return session.post(url(cl, server, "/login/"), data=data, headers=h, allow_redirects=False, timeout=60)


def test_a_login_lockout_is_counted_across_both_servers(cl):
    """Four failures (CHUANGWEN_LOGIN_MAX_FAILURES=4 here), alternately on A and B, lock the
    account at this address on both: even the right password is refused."""
    ip = "198.51.100.30"
    right = cl.data["login"]["password"]
    for server in ("A", "B", "A"):
        r = _login(cl, server, "wrong-password", ip)
        assert r.status_code == 200 and LOCKED not in r.text  # the form again, with its error
    r = _login(cl, "B", "wrong-password", ip)
    assert r.status_code == 429 and LOCKED in r.text
    for server in ("A", "B"):
        r = _login(cl, server, right, ip)
        assert r.status_code == 429 and LOCKED in r.text
    assert _login(cl, "A", right, "198.51.100.31").status_code == 302  # signed in from elsewhere


def test_a_bulletin_requested_on_a_is_built_by_the_worker_and_downloaded_through_b(cl):
    token = cl.data["office_token"]
    body = {"unit": cl.data["unit"], "period_start": "2026-11-01", "period_end": "2026-11-30"}
    r = api(cl, "A", "POST", "/inspections/bulletins", token, json=body)
    assert r.status_code == 201, r.text
    bulletin = r.json()
    deadline = time.monotonic() + 180
    while bulletin["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        bulletin = api(cl, "B", "GET", f"/inspections/bulletins/{bulletin['id']}", token).json()
    assert bulletin["status"] == "done", bulletin
    assert "build_bulletin" in cl.worker.log.read_text()  # the worker ran it, not a web server
    r = api(cl, "B", "GET", f"/inspections/bulletins/{bulletin['id']}/docx", token)
    assert r.status_code == 302
    docx = requests.get(r.headers["Location"], timeout=60)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"  # a Word document (a zip)


def test_the_download_benchmark_runs_on_this_cluster(cl):
    """bench/bench_cluster_download.py's measurement, small, so that it cannot rot."""
    from bench.bench_cluster_download import measure_on

    out = measure_on(cl, cl.data, 2, delivery="redirect", size=1024 * 1024, log=lambda *_: None)
    assert out["downloads"] == 2 and out["app_cpu_ms_per_download"] >= 0 and out["wall"]["p95_ms"] > 0


def test_killing_a_server_mid_upload_leaves_nothing_half_written(cl):
    before = stored_files(cl)
    staged = cl.root / "staged-A"
    # A 8 MB upload of which only half arrives before server A is killed.
    boundary = uuid.uuid4().hex
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in upload_fields(cl, "被中断的上传").items()
    )
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.pdf"\r\n'
    head += "Content-Type: application/pdf\r\n\r\n"
    payload = pdf_of(8 * 1024 * 1024)
    tail = f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", cl.servers["A"].port, timeout=60)
    conn.putrequest("POST", "/api/evidence/records", skip_host=True)
    for k, v in headers(Authorization=f"Bearer {cl.data['head_token']}").items():
        conn.putheader(k, v)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    conn.putheader("Content-Length", str(len(head.encode()) + len(payload) + len(tail)))
    conn.endheaders()
    conn.send(head.encode())
    conn.send(payload[: len(payload) // 2])
    deadline = time.monotonic() + 30
    while not any(staged.glob("*.upload*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any(staged.glob("*.upload*")), "the upload was being received"
    cl.servers["A"].stop(signal.SIGKILL)
    conn.close()

    # A stored file whose row was never committed, as a kill between the two steps leaves it.
    store = bucket_client(cl)
    orphan = "evidence/999/2026/11/unrecorded.pdf"
    store.put_object(Bucket=BUCKET, Key=orphan, Body=b"%PDF-1.4 orphan")

    after = stored_files(cl)
    assert after == before  # no record was written
    for row in after:  # and every record has its file, whole
        obj = store.get_object(Bucket=BUCKET, Key=row["file"])["Body"].read()
        assert hashlib.sha256(obj).hexdigest() == row["sha256"]

    out = cl.manage("storage_cleanup", "--min-age-seconds", "0", env=cl.server_env("A"))
    assert f"unrecorded stored file removed: {orphan}" in out
    assert not any(staged.glob("*.upload*"))
    keys = {o["Key"] for o in store.list_objects_v2(Bucket=BUCKET, Prefix="evidence/").get("Contents", [])}
    assert orphan not in keys and {row["file"] for row in after} <= keys
    # Server B went on serving throughout.
    r = api(cl, "B", "GET", "/evidence/records", cl.data["head_token"])
    assert r.status_code == 200
