"""Settings (chuangwen/settings.py): the embedded mode's own secret key, production's defaults
and refusals, and every setting the code reads declared there."""

import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from chuangwen.core.publicforms import COMPLAINT
from chuangwen.core.secret_key import embedded_secret_key

ROOT = Path(__file__).resolve().parents[2]
# The key every installation signed with before: it is in the repository's history for good.
PUBLISHED_KEY = "insecure-embedded-mode-key-do-not-use-in-production"
# What README's configuration table documents for a production installation.
PRODUCTION_ENV = {
    "CHUANGWEN_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": "k4C9p0-VhQ2xZr7Lw8sYt3NbE6mJu1DfGa5HcRi_oPqWlXnSdTvBeYzKgMjU0I",
    "CHUANGWEN_BASE_URL": "https://cw.example-hospital.cn",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CHUANGWEN_TRUSTED_PROXIES": "1",
}


def _python(code: str, env: dict, var_dir: Path) -> subprocess.CompletedProcess:
    """Run ``code`` with the project's settings in a fresh process (only ``env`` and the basics set)."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "DATABASE_URL")}
    full = {**base, "DJANGO_SETTINGS_MODULE": "chuangwen.settings", "CHUANGWEN_VAR_DIR": str(var_dir), **env}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True)


PRINT_KEY = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"


def test_a_fresh_installation_makes_its_own_key_mode_600_and_keeps_it(tmp_path):
    first = _python(PRINT_KEY, {}, tmp_path / "var")
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = first.stdout.strip()
    assert len(key) >= 50 and key != PUBLISHED_KEY and key_file.read_text().strip() == key
    again = _python(PRINT_KEY, {}, tmp_path / "var")
    assert again.stdout.strip() == key
    # Another installation gets another key.
    assert _python(PRINT_KEY, {}, tmp_path / "other").stdout.strip() != key


def test_processes_starting_together_agree_on_one_key(tmp_path):
    keys, start = [], threading.Barrier(8)

    def boot():
        start.wait()
        keys.append(embedded_secret_key(tmp_path))

    threads = [threading.Thread(target=boot) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_a_key_file_copied_in_readable_by_others_is_made_private(tmp_path):
    (tmp_path / "secret_key").write_text("x" * 60)
    (tmp_path / "secret_key").chmod(0o644)
    assert embedded_secret_key(tmp_path) == "x" * 60
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


@pytest.mark.django_db
def test_a_thanks_page_forged_with_the_published_key_is_refused(world, client):
    # The attack: a thank-you page on the hospital's own domain showing the attacker's text.
    assert settings.SECRET_KEY != PUBLISHED_KEY
    link = COMPLAINT.link(unit_id=world.a.pk)
    bait = "退款请拨打4000000000"
    forged = signing.TimestampSigner(key=PUBLISHED_KEY, salt=COMPLAINT.thanks_salt).sign_object({"r": bait, "p": False})
    resp = client.get(reverse("feedback_public:thanks", args=[link, forged]))
    assert resp.status_code == 404 and bait not in resp.content.decode()
    genuine = COMPLAINT.thanks_token(r="TS2026110001", p=False)
    assert client.get(reverse("feedback_public:thanks", args=[link, genuine])).status_code == 200


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    # A production process has none of the test run's own variables (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE for Playwright's event loop, which check --deploy rightly refuses).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**inherited, "CHUANGWEN_VAR_DIR": str(tmp_path), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRINT_SETTINGS = """
import django, json; django.setup()
from django.conf import settings as s
print(json.dumps({
    "hosts": s.ALLOWED_HOSTS, "origins": s.CSRF_TRUSTED_ORIGINS, "cache": s.CACHES["default"]["BACKEND"],
    "ssl": s.SECURE_SSL_REDIRECT, "hsts": s.SECURE_HSTS_SECONDS, "proxy": s.SECURE_PROXY_SSL_HEADER,
    "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
}))
"""


def test_production_defaults_come_from_the_base_url(tmp_path):
    import json

    result = _python(PRINT_SETTINGS, PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["hosts"] == ["cw.example-hospital.cn"] and got["origins"] == ["https://cw.example-hospital.cn"]
    assert got["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert got["ssl"] is True and got["hsts"] == 365 * 24 * 3600 and got["cookies"] == [True, True]
    assert got["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Each from the environment when set.
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "a.cn,b.cn", "DJANGO_SECURE_HSTS_SECONDS": "60"}
    got = json.loads(_python(PRINT_SETTINGS, env, tmp_path).stdout)
    assert got["hosts"] == ["a.cn", "b.cn"] and got["hsts"] == 60


def test_the_embedded_mode_keeps_its_database_cache(tmp_path):
    import json

    got = json.loads(_python(PRINT_SETTINGS, {}, tmp_path).stdout)
    assert got["cache"] == "chuangwen.core.cache.DatabaseCache" and got["ssl"] is False


@pytest.mark.parametrize(
    "missing,says",
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("CHUANGWEN_BASE_URL", "CHUANGWEN_BASE_URL must be set"),
        ("REDIS_URL", "set REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without(tmp_path, missing, says):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _python(PRINT_KEY, env, tmp_path)
    assert result.returncode != 0 and says in result.stderr


def test_a_derived_settings_module_with_a_per_process_cache_fails_the_checks(settings):
    from chuangwen.core.checks import production_settings

    settings.CHUANGWEN_PRODUCTION = True
    settings.CHUANGWEN_BASE_URL = "https://cw.example-hospital.cn"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = production_settings(None)
    assert [e.id for e in errors] == ["chuangwen.E001"] and "REDIS_URL" in errors[0].hint
    settings.CHUANGWEN_PRODUCTION = False
    assert production_settings(None) == []


GETATTR_SETTINGS = re.compile(r"getattr\(\s*settings\s*,")


def test_the_code_reads_only_declared_settings():
    """Every setting is declared in settings.py (from the environment, with its default) and read
    as ``settings.X``: a ``getattr(settings, "X", default)`` hides a default nobody can find."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "chuangwen").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if GETATTR_SETTINGS.search(line)
    ]
    assert not found, f"declare these in settings.py and read settings.X: {found}"


def test_every_environment_variable_of_the_settings_is_in_the_readme():
    source = (ROOT / "chuangwen" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z0-9_]+)"', source))
    table = (ROOT / "README.md").read_text(encoding="utf-8").split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", table, flags=re.M))
    assert len(names) > 30 and not names - rows, f"missing from README's table: {sorted(names - rows)}"
