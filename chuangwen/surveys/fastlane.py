"""The fast lane of the public survey form: a valid submission stored and answered without
Django's request cycle.

On a busy morning a hospital takes hundreds of submissions a second at ``/s/<token>/``. Django's
request and response objects, URL resolution, middleware and form parsing cost about as much
as checking and storing the submission itself. So a POST to a form's address is first offered
to ``handle`` (called by the WSGI application, chuangwen/core/handlers.py): it parses the
urlencoded body, checks and stores it with the same code as the view (``submission.submit``)
and answers a stored one with the view's redirect to the thank-you page, with the headers the
view's middleware would add.

Anything else goes to Django, unchanged: another method or path, another content type or charset, a body
over the size cap, an invalid QR code or a form no longer in use (Django shows the page saying
so), and every submission that needs a page (answers to correct, an expired form, a rate limit
hit): those carry their ``Outcome`` in the environ (``submission.OUTCOME_KEY``), so nothing is
checked or counted twice. Like Django at the end of a request, the lane sends
``request_finished`` (it closes database connections that are broken or past their age; a
statement that fails on a connection closed meanwhile goes on to Django, which opens a new one
and runs the submission again)."""

from __future__ import annotations

import functools
import io
import logging
import re
from urllib.parse import parse_qsl

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import get_script_name
from django.dispatch import receiver
from django.utils import translation
from django.utils.http import http_date

from . import selectors, submission
from .submission import Result
from .tokens import InvalidToken, read_qr_token

logger = logging.getLogger(__name__)

PATH_RE = re.compile(r"^/s/([^/]+)/$")
FORM_TYPE = "application/x-www-form-urlencoded"


def handle(environ: dict) -> tuple[str, list[tuple[str, str]]] | None:
    """(status, headers) of the answer to a valid submission, once it is stored; None to hand
    the request to Django."""
    if environ.get("REQUEST_METHOD") != "POST" or not _utf8_form(environ.get("CONTENT_TYPE", "")):
        return None
    match = PATH_RE.match(environ.get("PATH_INFO", ""))
    if match is None or (settings.SECURE_SSL_REDIRECT and not _is_secure(environ)):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        target = read_qr_token(match.group(1))
    except (ValueError, InvalidToken):
        return None
    if not 0 < length <= submission.max_body():
        return None
    form = selectors.public_form(target)
    if form is None:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # for Django, should the request go on to it
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, errors="strict")
    except ValueError:  # not UTF-8 (UnicodeDecodeError is a ValueError): Django decides
        return None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    try:
        translation.activate(settings.LANGUAGE_CODE)  # messages of an outcome handed over
        outcome = submission.submit(environ, fields, target, form)
    # Django runs it again, with its error handling and logging (a stored response is not
    # stored twice: its key is taken).
    except Exception:  # noqa: BLE001
        logger.warning("survey submission handed to Django after an error", exc_info=True)
        return None
    finally:
        signals.request_finished.send(sender=handle)
    if outcome.result is not Result.STORED:
        environ[submission.OUTCOME_KEY] = outcome
        return None
    location = get_script_name(environ) + match.group(0) + "thanks/"
    return "302 Found", [("Location", location), *_headers(environ)]


def _utf8_form(content_type: str) -> bool:
    """A urlencoded form in UTF-8 (the default: browsers name no charset)."""
    media, *params = (part.strip().lower() for part in content_type.split(";"))
    charsets = [p.partition("=")[2].strip('"') for p in params if p.startswith("charset=")]
    return media == FORM_TYPE and all(c in ("utf-8", "utf8") for c in charsets)


def _is_secure(environ: dict) -> bool:
    header = settings.SECURE_PROXY_SSL_HEADER
    if header and environ.get(header[0]) is not None:
        return environ[header[0]].split(",", 1)[0].strip() == header[1]
    return environ.get("wsgi.url_scheme") == "https"


def _headers(environ: dict) -> list[tuple[str, str]]:
    """The headers Django's view and middleware give its redirect: ``never_cache``'s, then
    SecurityMiddleware's, CSPMiddleware's and XFrameOptionsMiddleware's, as the settings say
    (tests/surveys/test_fastlane.py compares the two)."""
    headers = [
        ("Content-Type", f"text/html; charset={settings.DEFAULT_CHARSET}"),
        ("Content-Length", "0"),
        ("Expires", http_date()),
        ("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private"),
    ]
    if settings.SECURE_HSTS_SECONDS and _is_secure(environ):
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("Strict-Transport-Security", hsts))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        if not isinstance(policy, str):
            policy = ",".join(policy)
        headers.append(("Referrer-Policy", policy))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.extend(_csp_headers())
    headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS.upper()))
    return headers


@functools.cache
def _csp_headers() -> tuple[tuple[str, str], ...]:
    """django-csp's headers, as its middleware builds them from the settings (no nonce: the
    redirect has no body). A body-less redirect runs nothing, but the lane answers with what Django
    would; built once, not per submission (about 25 µs each)."""
    policies = ((CSP_HEADER, build_policy()), (CSP_HEADER_REPORT_ONLY, build_policy(report_only=True)))
    return tuple((name, policy) for name, policy in policies if policy)


@receiver(signals.setting_changed)
def _forget_csp_headers(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _csp_headers.cache_clear()
