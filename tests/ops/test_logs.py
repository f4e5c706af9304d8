"""Logs (chuangwen/ops/logs.py, LOGGING in settings.py): JSON lines in production, one access
line per request with who and how long, and never a query string, a token or a cookie."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services

from .records import captured

ROOT = Path(__file__).resolve().parents[2]

# A request answered in a fresh process configured as production logs are: no database needed
# for a missing page. Prints the response's request id.
REQUEST_IN_A_FRESH_PROCESS = """
import django; django.setup()
from django.test import Client
resp = Client().get("/no-such-page/?token=s3cret-token", headers={"cookie": "sessionid=c00kie"})
print(resp["X-Request-ID"])
"""


def _fresh_process(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL")}
    full = {**base, "DJANGO_SETTINGS_MODULE": "chuangwen.settings", "CHUANGWEN_VAR_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True)


def test_json_lines_carry_the_request_id_and_never_the_query_string_or_cookie(tmp_path):
    env = {"CHUANGWEN_LOG_FORMAT": "json", "CHUANGWEN_ACCESS_LOG": "1"}
    result = _fresh_process(REQUEST_IN_A_FRESH_PROCESS, env, tmp_path)
    assert result.returncode == 0, result.stderr
    rid = result.stdout.strip()
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "chuangwen.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == rid and line["level"] == "INFO" and line["timestamp"]
    assert (line["method"], line["path"], line["status"], line["view"]) == ("GET", "/no-such-page/", 404, None)
    assert line["user_id"] is None and line["client_ip"] == "127.0.0.1" and line["duration_ms"] >= 0
    django_line = next(line for line in lines if line["logger"] == "django.request")
    assert django_line["request_id"] == rid and django_line["message"] == "Not Found: /no-such-page/"
    assert "request" not in django_line  # its text would carry the query string
    assert "s3cret" not in result.stderr and "c00kie" not in result.stderr


PRINT_FORMAT = "import django; django.setup(); from django.conf import settings as s; print(s.CHUANGWEN_LOG_FORMAT)"


def test_production_logs_json_lines_and_the_embedded_mode_plain_text(tmp_path):
    from tests.core.test_settings import PRODUCTION_ENV

    assert _fresh_process(PRINT_FORMAT, PRODUCTION_ENV, tmp_path).stdout.strip() == "json"
    assert _fresh_process(PRINT_FORMAT, {}, tmp_path).stdout.strip() == "plain"  # make demo stays readable


@pytest.mark.django_db
def test_the_access_line_names_the_user_the_unit_and_the_view(world, login):
    client = login(world.office)
    with captured("chuangwen.access") as records:
        resp = client.get("/?page=2")
    assert resp.status_code == 200
    (line,) = records
    assert (line.user_id, line.unit_id, line.view, line.status) == (world.office.pk, world.a.pk, "home", 200)
    assert line.path == "/" and line.method == "GET" and line.request_id == resp["X-Request-ID"]


@pytest.mark.django_db
def test_a_token_in_the_path_is_logged_as_the_patterns_name(world, client):
    survey = services.default_templates_create(unit=world.a, user=world.office)[0]
    token = SURVEY.link(unit_id=world.a.pk, department_id=world.a_med.pk, template_id=survey.pk)
    with captured("chuangwen.access") as records:
        assert client.get(f"/s/{token}/").status_code == 200
    (line,) = records
    assert line.path == "/s/<token>/" and token not in line.getMessage()
    assert line.view == "surveys_public:form" and line.user_id is None


@pytest.mark.django_db
def test_probes_are_logged_at_debug_only(client):
    with captured("chuangwen.access") as records:
        client.get("/healthz")
        client.get("/login/")
    assert [(r.levelname, r.path) for r in records] == [("DEBUG", "/healthz"), ("INFO", "/login/")]
