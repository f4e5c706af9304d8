"""The public form's submissions through the WSGI application itself (the server's whole
middleware stack): a valid one is stored and redirected with the security headers; one that needs
a page gets it, checked and counted once; odd encodings, sizes and proxies are handled as
Django handles any form."""

import io
import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from chuangwen.core import publicforms
from chuangwen.core.publicforms import SURVEY
from chuangwen.surveys import services
from chuangwen.surveys.models import Response
from tests.core.test_wsgi import call

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def form(world):
    """(path, fields of a complete answer with a fresh key) of hospital A's 内科 poster."""
    survey = services.default_templates_create(unit=world.a, user=world.office)[0]
    path = f"/s/{SURVEY.link(unit_id=world.a.pk, department_id=world.a_med.pk, template_id=survey.pk)}/"
    html = call(RequestFactory().get(path))[2]
    fields = dict(re.findall(r'name="(ft|key)" value="([^"]+)"', html))
    for q in survey.questions.filter(is_active=True):
        fields[f"q{q.pk}"] = "4" if q.kind == "rating" else "1"
    fields["suggestion"] = "夜间病房太吵"
    return path, fields


def post(path, fields, **extra):
    return RequestFactory().post(path, data=urlencode(fields), content_type=FORM, **extra)


def test_a_valid_submission_is_stored_and_redirected(form, world):
    path, fields = form
    status, headers, body = call(post(path, fields))
    assert status == "302 Found" and headers["location"] == [path + "thanks/"] and body == ""
    response = Response.objects.get()
    assert (response.unit, response.department, response.idempotency_key) == (world.a, world.a_med, fields["key"])
    assert response.suggestion == "夜间病房太吵" and response.answers.count() == len(fields) - 3
    # A double tap: redirected to the same page, nothing more stored.
    assert call(post(path, fields))[0] == "302 Found"
    assert Response.objects.count() == 1


def test_its_redirect_has_the_security_headers(form, settings):
    path, fields = form
    settings.SECURE_HSTS_SECONDS = 3600
    status, headers, body = call(post(path, fields, secure=True), WSGIHandler())  # middleware with the setting
    assert status == "302 Found" and body == "" and Response.objects.count() == 1
    assert headers["cache-control"] == ["max-age=0, no-cache, no-store, must-revalidate, private"]
    assert "strict-transport-security" in headers and "x-frame-options" in headers
    assert "content-security-policy" in headers and headers["x-content-type-options"] == ["nosniff"]


def test_answers_to_correct_get_the_form_with_their_errors(form):
    path, fields = form
    first_rating = next(name for name, value in fields.items() if value == "4")
    status, _headers, body = call(post(path, {**fields, first_rating: "9"}))
    assert status.startswith("200") and "请检查标红的问题" in body
    assert "夜间病房太吵" in body and fields["key"] in body  # kept for the second try
    assert not Response.objects.exists()


def test_an_expired_form_is_refused(form):
    path, fields = form
    status, _headers, body = call(post(path, {**fields, "ft": fields["ft"][:-2] + "xx"}))
    assert status.startswith("400") and "页面已过期" in body
    assert not Response.objects.exists()


def test_a_rate_limited_client_is_counted_once(form, settings):
    path, fields = form
    settings.SURVEYS_RATE_LIMITS = {**settings.SURVEYS_RATE_LIMITS, "client": (1, 600)}
    assert call(post(path, fields))[0] == "302 Found"
    status, _headers, body = call(post(path, {**fields, "key": "c" * 32}))
    assert status.startswith("429") and "提交次数过多" in body
    environ = post(path, fields).environ
    fp = publicforms.fingerprint(environ)
    department_id = Response.objects.get().department_id
    assert cache.get(f"surveys:rl:c:{department_id}:{fp}") == 2  # each submission counted once
    assert cache.get(f"surveys:rl:ip:{publicforms.ip_key(environ)}") == 2


def test_other_encodings_sizes_and_codes_are_handled_as_django_handles_forms(form, settings):
    path, fields = form
    # A multipart form (what a browser sends with a file field): parsed by Django, stored once.
    assert call(RequestFactory().post(path, {**fields, "key": "d" * 32}))[0].startswith("302")
    # Too large: Django's 413 page, the body never read.
    settings.SURVEYS_MAX_BODY = 256
    request = post(path, {**fields, "suggestion": "吵" * 200})
    request.environ["wsgi.input"] = io.BytesIO(request.environ["wsgi.input"].read())
    assert call(request)[0].startswith("413")
    settings.SURVEYS_MAX_BODY = 16 * 1024
    # Not UTF-8: Django decodes it as it does any form (the answers are still there).
    body = urlencode({**fields, "key": "e" * 32}).encode() + b"&note=%FF%FE"
    request = RequestFactory().post(path, data=body, content_type=FORM)
    assert call(request)[0].startswith("302")
    # Another charset named: Django refuses such a form (400), and so nothing is stored.
    body = urlencode({**fields, "key": "f" * 32, "suggestion": "太吵"}, encoding="gbk").encode()
    request = RequestFactory().post(path, data=body, content_type=f"{FORM};charset=GBK")
    assert call(request)[0].startswith("400")
    # UTF-8 named.
    request = post(path, {**fields, "key": "f" * 32})
    request.environ["CONTENT_TYPE"] = f'{FORM}; charset="UTF-8"'
    assert call(request)[0] == "302 Found"
    # An unknown QR code: Django's "invalid QR code" page.
    status, _headers, body = call(post("/s/1.2.3:forged/", fields))
    assert status.startswith("404") and "二维码无效" in body
    assert Response.objects.count() == 3


@pytest.mark.parametrize("bad", ["%00", "%FF%FE"], ids=["nul", "not-utf8"])
def test_nul_or_broken_encoding_gets_a_message(form, bad):
    path, fields = form
    body = urlencode({**fields, "suggestion": "夜间太吵"}) + bad
    status, _headers, page = call(RequestFactory().post(path, data=body.encode(), content_type=FORM))
    assert status == "200 OK" and "“意见建议”中有无法识别的字符" in page
    assert not Response.objects.exists()


def test_behind_a_proxy_the_limit_counts_patients_not_the_proxy(form, settings):
    path, fields = form
    settings.CHUANGWEN_TRUSTED_PROXIES = 1
    settings.SURVEYS_RATE_LIMITS = {**settings.SURVEYS_RATE_LIMITS, "ip": (1, 600)}
    nginx = {"REMOTE_ADDR": "10.0.0.2"}
    first = post(path, fields, HTTP_X_FORWARDED_FOR="203.0.113.7", **nginx)
    assert call(first)[0] == "302 Found"
    again = post(path, {**fields, "key": "a" * 32}, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", **nginx)
    assert call(again)[0].startswith("429")
    other = post(path, {**fields, "key": "b" * 32}, HTTP_X_FORWARDED_FOR="198.51.100.20", **nginx)
    assert call(other)[0] == "302 Found"
    assert Response.objects.count() == 2
