"""The WSGI application: Django's handler, plus a lean one for the public survey form.

A department's QR poster sends patients to ``/s/<token>/``; on a busy morning a hospital takes
hundreds of submissions a second there. Those requests carry no session, log nobody in, show no
messages and are exempt from CSRF (the form carries its own signed token), yet the project's
middleware (sessions, locale, CSRF, authentication, messages, history, the current unit) costs
about as much as the rest of the request. Paths starting with one of
``settings.LEAN_PATH_PREFIXES`` are therefore handled with ``settings.LEAN_MIDDLEWARE`` (security
headers, X-Frame-Options, the trailing-slash redirect); everything else goes through
``settings.MIDDLEWARE``. The same URLconf, views and templates serve both.

Before the lean handler, each of ``settings.LEAN_FAST_LANES`` may answer such a request by itself
(the survey form's valid submissions: chuangwen/surveys/fastlane.py): a callable taking the WSGI
environ and returning ``(status, headers)`` of a body-less answer, or None to pass the request on.

The test client always uses the full stack; tests/core/test_handlers.py drives this application
itself."""

from __future__ import annotations

from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.utils.module_loading import import_string


class LeanWSGIHandler(WSGIHandler):
    """Django's WSGI handler with ``settings.LEAN_MIDDLEWARE`` instead of ``settings.MIDDLEWARE``
    (synchronous middleware only, as every entry of that list is)."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(settings.LEAN_MIDDLEWARE):
            middleware = import_string(path)(handler)
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler


class Application:
    """Sends each request to the lean handler or to Django's, by the start of its path."""

    def __init__(self):
        self.full = WSGIHandler()
        self.lean = LeanWSGIHandler()
        self.prefixes = tuple(settings.LEAN_PATH_PREFIXES)
        self.fast_lanes = [import_string(path) for path in settings.LEAN_FAST_LANES]

    def __call__(self, environ, start_response):
        if not (self.prefixes and environ.get("PATH_INFO", "").startswith(self.prefixes)):
            return self.full(environ, start_response)
        for lane in self.fast_lanes:
            answer = lane(environ)
            if answer is not None:
                start_response(*answer)
                return [b""]
        return self.lean(environ, start_response)
