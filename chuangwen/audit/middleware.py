"""Writes a request's audit events after its response has been handed to the server.

Events are buffered while the view runs (``services.audit_record``) and written when the
response is closed, i.e. after its last byte has been sent: the download or page is not held up
by the log, and an event is kept even when the view's transaction rolls back."""

from __future__ import annotations

from .services import buffer_flush, buffer_start


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = buffer_start()
        try:
            response = self.get_response(request)
        except BaseException:
            buffer_flush(token)
            raise
        closed = False

        def flush():
            nonlocal closed
            if not closed:
                closed = True
                buffer_flush(token)

        # Django calls every closer when the server closes the response (after sending it).
        response._resource_closers.append(flush)
        return response
