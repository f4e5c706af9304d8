"""Shared set-up for benchmarks: a fresh database (SQLite in a temp dir unless DATABASE_URL is
set), timing helpers, and a report written to bench/results/<name>.json and printed."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def setup_django(keep_dir: str | None = None) -> str:
    """Point Django at a fresh database and migrate it. Returns the data directory."""
    sys.path.insert(0, str(ROOT))
    data_dir = keep_dir or tempfile.mkdtemp(prefix="chuangwen-bench-")
    os.environ.setdefault("CHUANGWEN_VAR_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return data_dir


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def summarize(samples_s: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
    }


def time_calls(fn, n: int, warmup: int = 3) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return summarize(samples)


def report(name: str, data: dict) -> None:
    from django.db import connection

    data = {"benchmark": name, "database": connection.vendor, **data}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(data, ensure_ascii=False, indent=2))
