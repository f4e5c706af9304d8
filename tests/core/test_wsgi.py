"""The WSGI application (chuangwen/wsgi.py), called itself: every path, the public survey form
(/s/) included, goes through Django's one middleware stack. A patient gets no session and no
cookie; a request for another host is refused before anything is stored."""

import io
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services
from chuangwen.surveys.models import Response
from chuangwen.wsgi import application

pytestmark = pytest.mark.django_db


def call(request, app=application) -> tuple[str, dict, str]:
    """Run one request through the application (or ``app``); (status, headers, body)."""
    # As Django's test client does: a request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    try:
        result = app(request.environ, start_response)
        body = b"".join(result).decode()
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    headers = {}
    for name, value in seen["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return seen["status"], headers, body


@pytest.fixture
def form_path(world):
    survey = services.default_templates_create(unit=world.a, user=world.office)[0]
    token = SURVEY.link(unit_id=world.a.pk, department_id=world.a_med.pk, template_id=survey.pk)
    return f"/s/{token}/", survey


def test_public_form_gets_the_security_headers_and_no_cookie(form_path):
    path, survey = form_path
    status, headers, body = call(RequestFactory().get(path))
    assert status.startswith("200")
    assert '<html lang="zh-hans">' in body and survey.name in body  # the site's language by default
    assert headers["x-frame-options"] == ["DENY"]
    assert headers["x-content-type-options"] == ["nosniff"]
    assert "content-security-policy" in headers
    # Sessions and authentication stay lazy for a patient: no cookie, no session row.
    assert "set-cookie" not in headers
    assert not Session.objects.exists()
    assert headers["cache-control"][0].startswith("max-age=0")


def test_submission_stores_one_response_without_a_session(form_path):
    path, survey = form_path
    _status, _headers, html = call(RequestFactory().get(path))
    data = {name: value for name, value in re.findall(r'name="(ft|key)" value="([^"]+)"', html)}
    for q in survey.questions.filter(is_active=True):
        data[f"q{q.pk}"] = "4" if q.kind == "rating" else "1"
    data["suggestion"] = ""
    status, headers, _body = call(RequestFactory().post(path, data))
    assert status.startswith("302") and headers["location"] == [path + "thanks/"]
    assert "set-cookie" not in headers
    assert Response.objects.count() == 1
    # The same form sent again (a double tap) stores nothing more.
    assert call(RequestFactory().post(path, data))[0].startswith("302")
    assert Response.objects.count() == 1
    status, headers, body = call(RequestFactory().get(path + "thanks/"))
    assert status.startswith("200") and "感谢" in body and "set-cookie" not in headers
    assert not Session.objects.exists()


def test_a_submission_for_another_host_is_refused_and_not_stored(form_path):
    path, survey = form_path
    _status, _headers, html = call(RequestFactory().get(path))
    data = {name: value for name, value in re.findall(r'name="(ft|key)" value="([^"]+)"', html)}
    for q in survey.questions.filter(is_active=True):
        data[f"q{q.pk}"] = "4" if q.kind == "rating" else "1"
    status, _headers, _body = call(RequestFactory().post(path, data, HTTP_HOST="evil.example"))
    assert status.startswith("400")
    assert not Response.objects.exists()


def test_public_form_without_trailing_slash_redirects(form_path):
    path, _survey = form_path
    status, headers, _body = call(RequestFactory().get(path.rstrip("/")))
    assert status.startswith("301") and headers["location"] == [path]


def test_staff_pages_vary_by_session_and_language_and_need_csrf(world):
    status, headers, _body = call(RequestFactory().get("/login/"))
    assert status.startswith("200")
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in ",".join(headers["vary"]).split(",")}
    # A POST to a staff page without the CSRF token is refused, as before.
    status, _headers, _body = call(RequestFactory().post("/login/", {"username": "x", "password": "y"}))
    assert status.startswith("403")


def test_public_posts_are_not_read_beyond_the_size_cap(form_path, settings):
    path, _survey = form_path
    settings.SURVEYS_MAX_BODY = 1024
    request = RequestFactory().post(path, data="x=" + "y" * 5000, content_type="application/x-www-form-urlencoded")
    request.environ["wsgi.input"] = io.BytesIO(request.environ["wsgi.input"].read())
    status, _headers, _body = call(request)
    assert status.startswith("413")
