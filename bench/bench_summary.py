"""The year-end summary (工作总结) as a job, on a hospital with a full year of demo-scale data.

    .venv/bin/python bench/bench_summary.py [--n 5]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_summary.py

Loads the demo (``load_demo``: the people's hospital's year: 219 staff, 92 tasks, 48 items,
evidence, findings, ~4,600 survey answers, complaints, activities, volunteer hours, ethics,
honours, party), then times ``--n`` runs of the job (``services.summary_build_run``: every
figure read, the chart drawn, the .docx rendered and stored), with the queries of one run.
Target: every run < 10 s."""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, summarize  # noqa: E402

TARGET_S = 10.0


def run(campaign, user, n: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chuangwen.reports import services

    samples, queries = [], None
    for _ in range(n):
        document = services.summary_generate(user=user, campaign=campaign)
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            status = services.summary_build_run(document_id=document.pk)
            samples.append(time.perf_counter() - t0)
        assert status == "done", status
        queries = len(captured)
    return {"runs": summarize(samples), "max_s": round(max(samples), 3), "queries": queries}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="runs of the job")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a run misses the target")
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from chuangwen.campaigns.models import Campaign
    from chuangwen.org.models import User

    t0 = time.perf_counter()
    call_command("load_demo", stdout=io.StringIO())
    demo_s = round(time.perf_counter() - t0, 1)
    office = User.objects.get(username="chuangban")
    campaign = Campaign.objects.filter(unit_id=office.scope_memberships()[0].unit_id).order_by("-year").first()
    result = run(campaign, office, args.n)
    data = {
        "database": connection.vendor,
        "demo_load_s": demo_s,
        **result,
        "target_s": TARGET_S,
        "met": result["max_s"] < TARGET_S,
    }
    report("summary", data)
    return 0 if data["met"] or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
