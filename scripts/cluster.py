"""A Chuangwen cluster on one machine, started step by step as docs/deployment.md says:
PostgreSQL, Redis, an S3-compatible store, the database migrated, N Granian application servers
(stateless: every state lives in the three services) and a background worker.

It is what the cluster test (tests/cluster/) and the download benchmark
(bench/bench_cluster_download.py) start, and a way to try a deployment by hand:

    .venv/bin/python scripts/cluster.py up --servers 2 --demo

Differences from production, each for the test bench only: the S3 store is moto's server mode
(MinIO in production: no S3 server is packaged for Debian); no nginx (the client sends the
headers nginx would, X-Forwarded-For and X-Forwarded-Proto: https); cookies are not marked Secure
(the client speaks plain HTTP to the servers' loopback ports); PostgreSQL is a throwaway cluster
unless DATABASE_URL names a server to create the cluster's database on."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BUCKET = "chuangwen"
S3_KEY, S3_SECRET = "cluster-access-key", "cluster-secret-key"
# What nginx sends every app server (deploy/nginx/chuangwen.conf): the client's address and
# that it came over HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60.0, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited ({proc.returncode}): {log.read_text()[-3000:] if log else ''}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s: {log.read_text()[-3000:] if log else ''}")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path
    port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig=signal.SIGTERM, timeout: float = 15) -> None:
        """Stop the process and its children (Granian's workers): SIGKILL to simulate a crash."""
        if self.popen.poll() is not None:
            return
        try:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.popen.wait(5)


def spawn(name: str, argv: list[str], root: Path, env: dict | None = None, port: int | None = None) -> Proc:
    log = root / f"{name}.log"
    fh = open(log, "ab")  # noqa: SIM115 - the child keeps it
    popen = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )
    return Proc(name, popen, log, port)


# --- The three services -------------------------------------------------------------------


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    return found[-1].parent


def _as_pg(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def postgres(*, port: int | None = None, options: str = "-c fsync=off -c max_connections=100"):
    """A throwaway PostgreSQL (as .ci/run starts one) on ``port`` (a free one by default), with
    server ``options``; yields the server's URL (database ``postgres``). The benchmarks' starter
    (bench/bench_survey_submit.py) is this one too."""
    data = Path(tempfile.mkdtemp(prefix="cw-pg-"))
    port = port or free_port()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    data.chmod(0o700)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    pgbin = pg_bin()
    subprocess.run(
        _as_pg([str(pgbin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    opts = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 {options}"
    subprocess.run(
        _as_pg([str(pgbin / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-o", opts, "start"]),
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_pg([str(pgbin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(data, ignore_errors=True)


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """A new database on the server of ``server_url``, empty or a copy of ``template`` (an
    already migrated database nobody is connected to: the test suite's); its URL."""
    import psycopg

    parts = urlsplit(server_url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        try:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        except psycopg.errors.ObjectInUse:  # someone is connected to the template: migrate instead
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def start_redis(root: Path) -> Proc:
    server = shutil.which("redis-server")
    if not server:
        raise RuntimeError("redis-server is not installed (Debian: apt-get install redis-server)")
    port = free_port()
    argv = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    proc = spawn("redis", argv, root)
    proc.port = port
    wait_for(lambda: port_open(port), "redis-server", proc=proc.popen, log=proc.log)
    return proc


def start_s3(root: Path) -> Proc:
    """moto's S3 server and the private bucket (in production: MinIO, `mc mb`)."""
    port = free_port()
    proc = spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], root)
    proc.port = port
    wait_for(lambda: port_open(port), "moto_server", proc=proc.popen, log=proc.log)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=proc.url,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    return proc


# --- Chuangwen ----------------------------------------------------------------------------


@dataclass
class Cluster:
    root: Path
    env: dict
    database_url: str
    servers: dict[str, Proc] = field(default_factory=dict)
    worker: Proc | None = None
    services: list[Proc] = field(default_factory=list)

    def manage(self, *args: str, env: dict | None = None, timeout: float = 900) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def shell_json(self, code: str):
        """The JSON value the last line of ``manage.py shell -c code`` prints."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def server_env(self, name: str) -> dict:
        staged = self.root / f"staged-{name}"
        staged.mkdir(exist_ok=True)
        return {**self.env, "CHUANGWEN_UPLOAD_TEMP_DIR": str(staged)}

    def start_server(self, name: str, *, workers: int = 1, threads: int = 4) -> Proc:
        """One Granian application server (WSGI) on a port of its own (systemd: chuangwen-web@)."""
        port = free_port()
        argv = [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)]
        argv += ["--workers", str(workers), "--blocking-threads", str(threads), "--no-ws", "chuangwen.wsgi:application"]
        proc = spawn(f"web-{name}", argv, self.root, env=self.server_env(name), port=port)
        self.servers[name] = proc
        wait_for(lambda: ready(proc), f"server {name}", timeout=120, proc=proc.popen, log=proc.log)
        return proc

    def start_worker(self) -> Proc:
        """The background worker on PostgreSQL's queue (systemd: chuangwen-worker@)."""
        argv = [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-reload"]
        self.worker = spawn("worker", argv, self.root, env=self.server_env("worker"))
        return self.worker

    def stop(self) -> None:
        for proc in [*self.servers.values(), *([self.worker] if self.worker else [])]:
            proc.stop()
        for proc in self.services:
            proc.stop()


def ready(proc: Proc) -> bool:
    """What the balancer asks (docs/deployment.md, step 5): database, migrations, cache, storage."""
    request = urllib.request.Request(proc.url + "/readyz", headers=PROXY_HEADERS)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status == 200


def cluster_env(root: Path, database_url: str, redis: Proc, s3: Proc) -> dict:
    """The environment of every app server and worker: docs/deployment.md's /etc/chuangwen/env."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHUANGWEN_", "DJANGO_", "DATABASE_"))}
    env.update(
        CHUANGWEN_PRODUCTION="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        CHUANGWEN_BASE_URL="https://127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{redis.port}/0",
        CHUANGWEN_TRUSTED_PROXIES="1",
        CHUANGWEN_S3_BUCKET=BUCKET,
        CHUANGWEN_S3_ENDPOINT_URL=s3.url,
        CHUANGWEN_S3_ACCESS_KEY=S3_KEY,
        CHUANGWEN_S3_SECRET_KEY=S3_SECRET,
        CHUANGWEN_VAR_DIR=str(root / "var"),
        # Test bench only: the client talks plain HTTP to the loopback ports (see the docstring).
        CHUANGWEN_SECURE_COOKIES="0",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def cluster(*, servers: int = 2, worker: bool = True, demo: bool = False, extra_env: dict | None = None, template=None):
    """The whole cluster, stopped and removed on exit; yields a ``Cluster``. ``template``: a
    migrated database on DATABASE_URL's server to copy instead of migrating from scratch."""
    root = Path(tempfile.mkdtemp(prefix="cw-cluster-"))
    (root / "var").mkdir()
    services: list[Proc] = []
    c: Cluster | None = None
    with _database(root, template) as database_url:
        try:
            redis = start_redis(root)
            services.append(redis)
            s3 = start_s3(root)
            services.append(s3)
            env = {**cluster_env(root, database_url, redis, s3), **(extra_env or {})}
            c = Cluster(root=root, env=env, database_url=database_url, services=services)
            c.manage("migrate", "--noinput", "-v0")
            if demo:
                c.manage("load_demo")
            for i in range(servers):
                c.start_server("AB"[i] if servers <= 2 else str(i + 1))
            if worker:
                c.start_worker()
            yield c
        finally:
            if c is not None:
                c.stop()  # servers and worker first, then the services they use
            else:
                for proc in services:
                    proc.stop()
    shutil.rmtree(root, ignore_errors=True)


@contextmanager
def _database(root: Path, template: str | None = None):
    """The cluster's own database: on DATABASE_URL's server (CI's) or on a throwaway one."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        url = create_database(given, f"cw_cluster_{os.getpid()}", template)
        try:
            yield url
        finally:
            drop_database(url)
        return
    with postgres() as server:
        yield create_database(server, "chuangwen")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up"])
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--demo", action="store_true", help="load the demo (make demo's data)")
    args = parser.parse_args(argv)
    with cluster(servers=args.servers, demo=args.demo) as c:
        for name, proc in c.servers.items():
            print(f"server {name}: {proc.url} (send X-Forwarded-Proto: https, as nginx does)")
        print(f"database {c.database_url}; logs in {c.root}; Ctrl-C stops everything")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
