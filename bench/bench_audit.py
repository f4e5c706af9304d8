"""The audit log's cost: p95 of an evidence download and of the complaint detail page (whose
contact the office sees in clear, so both requests leave an event), with the audit log on and
off (``settings.AUDIT_LOG_ENABLED``) in the same run, interleaved request by request.

    .venv/bin/python bench/bench_audit.py [--n 300]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_audit.py

Runs on the demo data (``load_demo``), as the demo hospital's office (chuangban). Requests go
through the WSGI application itself, as a server drives it: two times per request,

- ``latency``: from the call until the last byte of the body is in hand (what the user waits for);
- ``cycle``: until the server has closed the response too, which is when the log's events are
  handed to the background writer (what the worker spends before it takes the next request).

Target: on ≤ 1.05 × off at p95, for both. On SQLite a second connection stays open, as the
background worker's does beside the server (``--lone-connection`` measures without it)."""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, summarize  # noqa: E402

TARGET_RATIO = 1.05


def environ_for(path: str, session: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": f"sessionid={session}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (bench_audit)",
        "REMOTE_ADDR": "10.20.1.15",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def one_request(app, path: str, session: str) -> tuple[float, float]:
    status = []
    t0 = time.perf_counter()
    result = app(environ_for(path, session), lambda s, h, exc_info=None: status.append(s))
    size = sum(len(chunk) for chunk in result)
    t1 = time.perf_counter()
    result.close()
    t2 = time.perf_counter()
    assert status and status[0].startswith("200"), (path, status)
    assert size > 0
    return t1 - t0, t2 - t0


def _other_connection():
    """On SQLite, a second connection held open, as the background worker (``db_worker``) beside
    the web server holds one: otherwise each request, closing the only connection (CONN_MAX_AGE=0),
    checkpoints and removes the WAL whenever the request wrote anything, which is not what a
    running system does. None on PostgreSQL."""
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    keeper = sqlite3.connect(connection.settings_dict["NAME"])
    keeper.execute("SELECT count(*) FROM django_migrations").fetchone()
    return keeper


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="requests per page and mode")
    parser.add_argument(
        "--lone-connection", action="store_true", help="SQLite: no second connection (no worker beside the server)"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a page misses the target")
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from chuangwen.audit.models import AuditEvent
    from chuangwen.audit.writer import background
    from chuangwen.evidence.models import EvidenceFile
    from chuangwen.feedback.models import Complaint
    from chuangwen.feedback.selectors import may_see_contact
    from chuangwen.org.models import User

    t0 = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    demo_s = round(time.perf_counter() - t0, 1)

    office = User.objects.get(username="chuangban")
    client = Client()
    client.force_login(office)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    unit_id = office.scope_memberships()[0].unit_id
    # A typical file: the median size of the hospital's evidence files.
    files = EvidenceFile.objects.filter(unit_id=unit_id, archived_at__isnull=True).order_by("size", "id")
    evidence_file = files[files.count() // 2]
    complaint = next(
        c
        for c in Complaint.objects.filter(unit_id=unit_id).order_by("-received_at")
        if may_see_contact(office, c) and c.complainant_phone
    )
    pages = {
        "evidence download": reverse("evidence:file_download", args=[evidence_file.pk]),
        "complaint detail": reverse("feedback:complaint_detail", args=[complaint.pk]),
    }
    app = WSGIHandler()
    keeper = None if args.lone_connection else _other_connection()
    results = {}
    for label, path in pages.items():
        samples = {True: ([], []), False: ([], [])}
        for flag in (True, False, True, False):  # warm both paths
            settings.AUDIT_LOG_ENABLED = flag
            one_request(app, path, session)
        before = AuditEvent.objects.count()
        for i in range(args.n):
            # ABBA order: neither mode always runs first after the other.
            for flag in (True, False) if i % 2 == 0 else (False, True):
                settings.AUDIT_LOG_ENABLED = flag
                latency, cycle = one_request(app, path, session)
                samples[flag][0].append(latency)
                samples[flag][1].append(cycle)
        settings.AUDIT_LOG_ENABLED = True
        background.flush()
        written = AuditEvent.objects.count() - before
        on_lat, off_lat = summarize(samples[True][0]), summarize(samples[False][0])
        on_cyc, off_cyc = summarize(samples[True][1]), summarize(samples[False][1])
        ratio = round(on_lat["p95_ms"] / off_lat["p95_ms"], 3)
        cycle_ratio = round(on_cyc["p95_ms"] / off_cyc["p95_ms"], 3)
        results[label] = {
            "url": path,
            "events_written": written,
            "latency_on": on_lat,
            "latency_off": off_lat,
            "latency_p95_ratio": ratio,
            "cycle_on": on_cyc,
            "cycle_off": off_cyc,
            "cycle_p95_ratio": cycle_ratio,
            "meets_target": ratio <= TARGET_RATIO and cycle_ratio <= TARGET_RATIO,
        }
        assert written == args.n, (label, written)  # one event per request with the log on, none off
        mark = "ok " if results[label]["meets_target"] else "SLOW"
        print(
            f"{mark} {label:18} latency p95 on {on_lat['p95_ms']:6.2f} off {off_lat['p95_ms']:6.2f} ms"
            f" (×{ratio}); cycle p95 on {on_cyc['p95_ms']:6.2f} off {off_cyc['p95_ms']:6.2f} ms (×{cycle_ratio})"
        )
    if keeper is not None:
        keeper.close()
    report(
        "audit",
        {
            "demo_load_s": demo_s,
            "lone_connection": args.lone_connection,
            "target_ratio": TARGET_RATIO,
            "file_bytes": evidence_file.size,
            "pages": results,
        },
    )
    missed = [label for label, r in results.items() if not r["meets_target"]]
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
