"""Public survey submission over HTTP, on PostgreSQL, against a minimal Django view in the same run.

    .venv/bin/python bench/bench_survey_submit.py [--seconds 20] [--rounds 3] [--connections 50]
        [--server granian|gunicorn] [--workers 2] [--threads 2]

1. Starts a throwaway PostgreSQL cluster (Debian's postgresql, as the postgres user, on
   127.0.0.1:55499, in a temp dir; removed at the end) unless DATABASE_URL is set, migrates it
   and loads one hospital, one department and the default outpatient survey.
2. Starts the application server with bench/settings_bench.py: Granian (the default; HTTP in
   Rust, keep-alive, ``--workers`` processes × ``--threads`` threads) or gunicorn (``--workers``
   sync workers) for comparison. The WSGI application is chuangwen/wsgi.py's: /s/ goes through
   the project's one middleware stack, like every page.
3. Starts the background worker (``manage.py db_worker`` at nice 19) beside it, as in
   production: it counts new responses into the monthly aggregates and hands suggestions over to
   the complaints app. ``BENCH_WORKER=0`` leaves it out (the server's own capacity).
4. wrk (Debian's package) drives the public form at /s/<token>/ with ``--connections``
   concurrent connections for ``--seconds``: every request a full POST (7 ratings, one choice,
   every fourth with a suggestion) with a fresh idempotency key and its own User-Agent (so the
   per-client rate limit does not stop it; the per-address cap is raised in settings_bench.py,
   because every request comes from 127.0.0.1). The signed form token is fetched once, as a
   cached page would serve it.
5. In the same run, wrk drives /bench/ping (a view returning "pong" through the full middleware).

Steps 4 and 5 alternate ``--rounds`` times. Reports requests/s, p50/p99 latency of each round
and their medians, non-redirect answers (errors) and the ratio submit/ping (medians);
targets (issue 12): submissions/s ≥ 0.1 × the minimal view's requests/s in the same run, and
p99 ≤ 250 ms. Checks that the database holds exactly one response per successful POST and,
once the fold job has counted the responses left uncounted at the end, that the monthly
aggregates equal the responses (the department row's count, and the index's sum and count
recomputed from the answers)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 0.1  # submissions/s over the minimal view's requests/s
TARGET_P99_MS = 250
PG_PORT = int(os.environ.get("BENCH_PGPORT", "55499"))
HTTP_PORT = int(os.environ.get("BENCH_HTTP_PORT", "58431"))
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "56379"))


def _exit_on_sigterm() -> None:
    """Ctrl-C and kill both run the clean-up (stop gunicorn and PostgreSQL, remove the data)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@contextmanager
def postgres(log=print):
    """A throwaway PostgreSQL on 127.0.0.1:PG_PORT (scripts/cluster.py's, as .ci/run starts one)
    with a database ``bench``; yields its DATABASE_URL. With DATABASE_URL already set, yields that."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield os.environ["DATABASE_URL"]
        return
    from scripts import cluster

    opts = "-c max_connections=200 -c shared_buffers=256MB" + os.environ.get("BENCH_PG_OPTS", "")
    with cluster.postgres(port=PG_PORT, options=opts) as server:
        log(f"  PostgreSQL {cluster.pg_bin().parent.name} on 127.0.0.1:{PG_PORT}")
        yield cluster.create_database(server, "bench")


@contextmanager
def redis(log=print):
    """A throwaway Redis on 127.0.0.1:REDIS_PORT (production's shared cache: settings.py refuses
    CHUANGWEN_PRODUCTION without REDIS_URL), in memory only; yields its REDIS_URL. With REDIS_URL
    set, yields that; with ``BENCH_CACHE=database`` (or no redis-server), None: the embedded
    mode's database cache."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if os.environ.get("BENCH_CACHE") == "database" or not server:
        yield None
        return
    proc = subprocess.Popen(
        [server, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        log(f"  Redis on 127.0.0.1:{REDIS_PORT}")
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def setup(database_url: str, redis_url: str | None = None):
    os.environ["DATABASE_URL"] = database_url
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    os.environ.setdefault("CHUANGWEN_VAR_DIR", tempfile.mkdtemp(prefix="chuangwen-bench-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_form():
    """One hospital, one department, the default outpatient survey; returns (path, survey)."""
    from chuangwen.core.publicforms import SURVEY
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Department, Membership, Region, Unit, User
    from chuangwen.surveys import services

    region = Region.objects.add_root({"name": "青溪县", "code": "431021", "level": "county"})
    unit = Unit.objects.create(region=region, name="青溪县人民医院", code="B0001")
    department = Department.objects.create(unit=unit, name="内科")
    office = User.objects.create_user("bench_office", password="x" * 12)
    Membership.objects.create(user=office, role=Role.OFFICE, scope="unit", unit=unit)
    survey = services.default_templates_create(unit=unit, user=office)[0]
    token = SURVEY.link(unit_id=unit.pk, department_id=department.pk, template_id=survey.pk)
    return f"/s/{token}/", survey


LUA = r"""
-- Each request: a fresh idempotency key and its own User-Agent (a different client), made from
-- the wrk thread's number, the start second and a counter (cheap: the load generator shares the
-- machine's two cores with the server under test).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local start = os.time()
local n = 0
local suggestions = {"", "", "", "%E5%80%99%E8%AF%8A%E6%97%B6%E9%97%B4%E5%A4%AA%E9%95%BF"}
local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
request = function()
  n = n + 1
  local key = string.format("%08x%08x%016x", tid or 0, start, n)
  local parts = {"ft=" .. FT}
  for _, q in ipairs(RATINGS) do parts[#parts + 1] = "q" .. q .. "=" .. math.random(3, 5) end
  for _, q in ipairs(CHOICES) do parts[#parts + 1] = "q" .. q .. "=1" end
  parts[#parts + 1] = "suggestion=" .. suggestions[n % 4 + 1]
  parts[#parts + 1] = "key=" .. key
  headers["User-Agent"] = "bench-phone-" .. key
  return wrk.format("POST", nil, headers, table.concat(parts, "&"))
end
"""


def write_lua(path: Path, ft: str, survey) -> None:
    from urllib.parse import quote

    qs = list(survey.questions.filter(is_active=True).order_by("order", "id"))
    ratings = ", ".join(f'"{q.pk}"' for q in qs if q.kind == "rating")
    choices = ", ".join(f'"{q.pk}"' for q in qs if q.kind in ("single", "multiple"))
    path.write_text(
        f'FT = "{quote(ft)}"\nRATINGS = {{{ratings}}}\nCHOICES = {{{choices}}}\n' + LUA,
        encoding="utf-8",
    )


@contextmanager
def _serving(cmd: list[str]):
    """Start an HTTP server command, wait until it accepts connections, stop it at the end."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "LOG_LEVEL": "ERROR"}, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", HTTP_PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{HTTP_PORT}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@contextmanager
def gunicorn(workers: int, worker_class: str = "sync", threads: int = 1, log=print):
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "chuangwen.wsgi:application",
        "--bind",
        f"127.0.0.1:{HTTP_PORT}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        # The workers' heartbeat files (touched on every request) in memory, as gunicorn advises:
        # on a disk-backed /tmp each touch dirties an inode for the kernel to write back.
        *(["--worker-tmp-dir", "/dev/shm"] if Path("/dev/shm").is_dir() else []),
        "--log-level",
        "warning",
    ]
    with _serving(cmd) as base:
        log(f"  gunicorn: {workers} {worker_class} workers × {threads} threads on 127.0.0.1:{HTTP_PORT}")
        yield base


@contextmanager
def granian(workers: int, threads: int = 1, log=print):
    """Granian (a Rust HTTP server with a WSGI interface: HTTP parsing and keep-alive outside
    Python) with ``workers`` processes of ``threads`` blocking threads each."""
    cmd = [
        str(Path(sys.executable).parent / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(HTTP_PORT),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--runtime-threads",
        "1",
        "--backlog",
        "2048",
        "--no-ws",
        "--log-level",
        "warning",
        "chuangwen.wsgi:application",
    ]
    with _serving(cmd) as base:
        log(f"  granian: {workers} workers × {threads} blocking threads on 127.0.0.1:{HTTP_PORT}")
        yield base


@contextmanager
def db_worker():
    """The background worker (``manage.py db_worker``), as beside a production server: it counts
    new responses into the monthly aggregates and hands suggestions over to complaints."""
    proc = subprocess.Popen(
        ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "--interval", "1"],
        cwd=ROOT,
        env={**os.environ, "LOG_LEVEL": "ERROR"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Its own session is its own scheduling group on Linux (autogroup), where a plain nice value
    # only ranks it among that group's processes: the group's nice value is what ranks it below
    # the server (in production: a low CPUWeight= / Nice= in its systemd unit).
    with contextlib.suppress(OSError):
        Path(f"/proc/{proc.pid}/autogroup").write_text("19")
    try:
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:  # still counting a long backlog: the data is thrown away
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_until_counted(queue, timeout: float = 120) -> None:
    """Wait until the background worker has counted every response stored so far (it has
    started and is keeping up)."""
    deadline = time.monotonic() + timeout
    while queue.objects.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the background worker did not count the warm-up responses")
        time.sleep(0.2)


def aggregates_match_responses() -> bool:
    """Whether the monthly aggregates equal the stored responses: per department-month, the
    number of responses and the index's count and sum recomputed from the answers."""
    from django.db.models import Count, Sum

    from chuangwen.surveys.models import Answer, DepartmentMonth, Response

    counted = {
        (r.department_id, r.month): (r.responses, r.index_count, r.index_sum) for r in DepartmentMonth.objects.all()
    }
    stored = {
        (r["department_id"], r["month"]): r["n"]
        for r in Response.objects.values("department_id", "month").annotate(n=Count("id")).order_by()
    }
    rated = {
        (r["response__department_id"], r["response__month"]): (r["n"], r["total"])
        for r in Answer.objects.filter(question__kind="rating", question__counts_in_index=True, rating__isnull=False)
        .values("response__department_id", "response__month")
        .annotate(n=Count("id"), total=Sum("rating"))
        .order_by()
    }
    recomputed = {key: (n, *rated.get(key, (0, 0))) for key, n in stored.items()}
    return counted == recomputed


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict:
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    return parse_wrk(out)


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def _median_of(runs) -> dict:
    """Each figure of several wrk runs: its median (the middle run's, for an odd number)."""
    runs = list(runs)
    out = {}
    for key in ("rps", "p50_ms", "p99_ms"):
        values = sorted(r[key] for r in runs)
        out[key] = values[len(values) // 2]
    out["requests"] = sum(r["requests"] for r in runs)
    out["non_2xx_3xx"] = sum(r["non_2xx_3xx"] for r in runs)
    out["socket_errors"] = "; ".join(r["socket_errors"] for r in runs if r["socket_errors"])
    return out


def parse_wrk(out: str) -> dict:
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))", out, re.M))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests": total,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(lat["50"]),
        "p99_ms": _ms(lat["99"]),
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--server", default="granian", choices=["granian", "gunicorn"])
    args = parser.parse_args(argv)
    _exit_on_sigterm()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    with postgres() as database_url, redis() as redis_url:
        setup(database_url, redis_url)
        path, survey = load_form()
        from django.db import connection

        connection.close()  # gunicorn's workers open their own
        server = (
            granian(args.workers, args.threads)
            if args.server == "granian"
            else gunicorn(args.workers, args.worker_class, args.threads)
        )
        with server as base, tempfile.TemporaryDirectory() as tmp:
            html = urllib.request.urlopen(base + path).read().decode()
            ft = re.search(r'name="ft" value="([^"]+)"', html).group(1)
            script = Path(tmp) / "submit.lua"
            write_lua(script, ft, survey)
            from chuangwen.surveys.models import PendingCount, Response
            from chuangwen.surveys.tasks import fold_counts

            background = os.environ.get("BENCH_WORKER", "1") == "1"
            with db_worker() if background else contextlib.nullcontext():
                # Warm every process up (imports, connections, the background worker's start-up)
                # before measuring: in production they are long running.
                wrk(base + "/bench/ping", 2, args.connections)
                wrk(base + path, 2, args.connections, script)
                if background:
                    wait_until_counted(PendingCount)
                fold_counts.call()
                before = Response.objects.count()
                rounds = []
                for _ in range(args.rounds):
                    submit = wrk(base + path, args.seconds, args.connections, script)
                    pending_after_run = PendingCount.objects.count()
                    rounds.append({"submit": submit, "ping": wrk(base + "/bench/ping", args.seconds, args.connections)})
            stored = Response.objects.count() - before
            t0 = time.perf_counter()
            folded = fold_counts.call()
            fold_ms = (time.perf_counter() - t0) * 1000
            matches = aggregates_match_responses()
        data = {
            "benchmark": "survey_submit",
            "database": "postgresql",
            "cache": "redis" if redis_url else "database",
            "connections": args.connections,
            "seconds": args.seconds,
            "server": args.server,
            "workers": args.workers,
            "worker_class": args.worker_class if args.server == "gunicorn" else "granian",
            "background_worker": os.environ.get("BENCH_WORKER", "1") == "1",
            "threads": args.threads,
            "cpus": os.cpu_count(),
            # Each round: the submissions, then the minimal view. This machine's speed varies by
            # ±15% from one run to the next, so the figures that count are the rounds' medians.
            "rounds": rounds,
            "submit": _median_of(r["submit"] for r in rounds),
            "ping": _median_of(r["ping"] for r in rounds),
            "responses_stored": stored,
            # Counting into the monthly aggregates runs apart (tasks.fold_counts): the
            # background worker ran beside the server during the run; what it had not counted
            # yet when the run ended was counted afterwards, and the time that took.
            "pending_when_run_ended": pending_after_run,
            "counted_after_run": folded,
            "count_after_run_ms": round(fold_ms, 1),
            "aggregate_matches_responses": matches,
            "targets": {"ratio_submit_to_ping": TARGET_RATIO, "p99_ms": TARGET_P99_MS},
        }
        data["ratio_submit_to_ping"] = round(data["submit"]["rps"] / data["ping"]["rps"], 3)
        data["met"] = data["ratio_submit_to_ping"] >= TARGET_RATIO and data["submit"]["p99_ms"] <= TARGET_P99_MS
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "survey_submit.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(data, ensure_ascii=False, indent=2))
    ok = data["met"] and data["aggregate_matches_responses"] and data["submit"]["non_2xx_3xx"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
