"""Evidence download of a 20 MB file through the cluster: the application server's CPU time per
download (issue 18: < 5 ms; the storage serves the bytes).

Starts the cluster of scripts/cluster.py (PostgreSQL, Redis, moto's S3 server, one Granian
server, no worker), uploads a 20 MB PDF through the API, then downloads it N times through the
scope-checking endpoint and follows each signed URL to the store, reading every byte. The CPU
time of the server's processes (user + system, from /proc, all processes of its group) is read
before and after; the same is measured with ``CHUANGWEN_FILE_DELIVERY=app`` (the application
streams the bytes itself) for comparison.

    .venv/bin/python bench/bench_cluster_download.py [--n 100]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, summarize  # noqa: E402
from scripts.cluster import PROXY_HEADERS, cluster  # noqa: E402
from tests.cluster.seed import pdf_of  # noqa: E402

SIZE = 20 * 1024 * 1024
TICK = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every live process in process group ``pgid``."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[2]) == pgid:  # field 5 of stat: pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def measure(n: int, delivery: str, log=print) -> dict:
    with cluster(servers=1, worker=False, extra_env={"CHUANGWEN_FILE_DELIVERY": delivery}) as c:
        data = c.shell_json("from tests.cluster.seed import seed; seed()")
        return measure_on(c, data, n, delivery=delivery, log=log)


def measure_on(c, data: dict, n: int, *, delivery: str, size: int = SIZE, log=print) -> dict:
    """Upload one file of ``size`` on server A of the running cluster ``c`` and time ``n``
    downloads of it (``data``: tests/cluster/seed.py's)."""
    server = c.servers["A"]
    auth = {**PROXY_HEADERS, "X-Forwarded-For": "203.0.113.9", "Authorization": f"Bearer {data['head_token']}"}
    content = pdf_of(size)
    fields = {"task": data["task"], "item": data["item"], "title": "20 MB 台账", "occurred_on": "2026-11-20"}
    r = requests.post(
        server.url + "/api/evidence/records",
        data=fields,
        files=[("files", ("大文件.pdf", content, "application/pdf"))],
        headers=auth,
        timeout=300,
    )
    r.raise_for_status()
    file_id = r.json()["files"][0]["id"]
    digest = hashlib.sha256(content).hexdigest()
    path = f"/api/evidence/files/{file_id}/download"
    session = requests.Session()

    def download() -> None:
        r = session.get(server.url + path, headers=auth, allow_redirects=False, stream=True, timeout=300)
        if r.status_code == 302:
            r = requests.get(r.headers["Location"], stream=True, timeout=300)
        h = hashlib.sha256()
        for chunk in r.iter_content(1024 * 1024):
            h.update(chunk)
        assert r.status_code == 200 and h.hexdigest() == digest, r.status_code

    for _ in range(3):
        download()
    pgid = server.popen.pid
    cpu0 = group_cpu_seconds(pgid)
    walls = []
    for _ in range(n):
        t = time.perf_counter()
        download()
        walls.append(time.perf_counter() - t)
    cpu = group_cpu_seconds(pgid) - cpu0
    out = {
        "delivery": delivery,
        "downloads": n,
        "bytes_each": size,
        "app_cpu_ms_per_download": round(1000 * cpu / n, 2),
        "wall": summarize(walls),
    }
    log(f"  {delivery}: {out['app_cpu_ms_per_download']} ms of server CPU per {size >> 20} MB download")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--no-compare", action="store_true", help="skip the app-streams-it comparison")
    args = parser.parse_args(argv)
    results = {"redirect": measure(args.n, "redirect")}
    if not args.no_compare:
        results["app"] = measure(max(10, args.n // 5), "app")
    cpu = results["redirect"]["app_cpu_ms_per_download"]
    results["target_ms"] = 5
    results["pass"] = cpu < 5
    results = {"benchmark": "cluster_download", "database": "postgresql", **results}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_download.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"server CPU per download through the store: {cpu} ms (target < 5 ms): {'PASS' if cpu < 5 else 'FAIL'}")
    return 0 if results["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
