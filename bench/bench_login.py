"""A successful login (POST /login/ with a valid password, two-factor off for the user) with
login throttling (django-axes) and the audit log on, against both switched off by settings, in
the same run: on and off alternate request by request.

    .venv/bin/python bench/bench_login.py [--n 40] [--n-fast 200] [--strict]

Two passes: with the project's password hasher (the real cost of a login: PBKDF2 dominates),
and with a fast hasher, which shows what throttling and the log themselves add. Target (issue
11): p95 on <= 1.2 x p95 off with the real hasher (--strict: exit 1 when missed)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django, summarize  # noqa: E402

TARGET_RATIO = 1.2
PASSWORD = "Bench-login-2026!"


def measure(n: int) -> dict:
    import time

    from django.test import Client, override_settings

    def login() -> None:
        resp = Client().post("/login/", {"username": "bench-office", "password": PASSWORD})
        assert resp.status_code == 302, resp.status_code

    off = override_settings(AXES_ENABLED=False, AUDIT_LOG_ENABLED=False)
    samples = {"on": [], "off": []}
    for _ in range(3):  # warm-up, both ways
        login()
        with off:
            login()
    for i in range(2 * n):
        mode = "on" if i % 2 == 0 else "off"
        t0 = time.perf_counter()
        if mode == "on":
            login()
        else:
            with off:
                login()
        samples[mode].append(time.perf_counter() - t0)
    on, off_ = summarize(samples["on"]), summarize(samples["off"])
    return {"on": on, "off": off_, "p95_ratio": round(on["p95_ms"] / off_["p95_ms"], 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="logins per mode with the real hasher")
    parser.add_argument("--n-fast", type=int, default=200, help="logins per mode with a fast hasher")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    setup_django()
    from django.test import override_settings

    from chuangwen.audit.models import AuditEvent
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Membership, Region, Unit, User

    county = Region.objects.add_root({"name": "基准县", "level": Region.Level.COUNTY, "code": "990001"})
    unit = Unit.objects.create(region=county, name="基准医院", code="B00001", kind=Unit.Kind.HOSPITAL)
    user = User.objects.create_user(username="bench-office", password=PASSWORD)
    Membership.objects.create(user=user, role=Role.OFFICE, scope="unit", unit=unit)

    real = measure(args.n)
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=fast_hasher):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        fast = measure(args.n_fast)
    ok = real["p95_ratio"] <= TARGET_RATIO
    report(
        "bench_login",
        {
            "target": f"p95 on <= {TARGET_RATIO} x p95 off (real hasher)",
            "met": ok,
            "real_hasher": real,
            "fast_hasher": fast,
            "audit_events_written": AuditEvent.objects.filter(username="bench-office").count(),
        },
    )
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
