"""Hands a request's audit events on after its response has been sent.

Events are buffered while the view runs (``services.audit_record``) and passed to the writer
(writer.py: a background thread, or inline in tests) when the server closes the response, i.e.
after its last byte has been sent: neither the download or page nor the worker is held up by the
log, and an event is kept even when the view's transaction rolls back.

Buffering stops as soon as the view returns (in the context that started it, which the
server's ``close()`` may not run in), so a response that is never closed cannot leave a stale
buffer behind that would swallow the next events of the thread."""

from __future__ import annotations

from .services import request_log_start, request_log_stop, request_log_write


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        pending, token = request_log_start(request)
        try:
            response = self.get_response(request)
        except BaseException:
            request_log_stop(token)
            request_log_write(pending)
            raise
        request_log_stop(token)
        if pending.events:
            # Django calls every closer when the server closes the response (after sending it),
            # before request_finished closes the database connection.
            response._resource_closers.append(lambda: request_log_write(pending))
        return response
