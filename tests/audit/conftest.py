"""Fixtures of the audit tests: the evidence and inspection fixtures of those apps (a ledger of
hospital A and B, a finding with a photo), an API caller, and ``events()`` to read the log."""

import pytest

from chuangwen.audit.models import AuditEvent
from tests.evidence.conftest import ledger, make_evidence  # noqa: F401 (fixtures)
from tests.feedback.conftest import make  # noqa: F401 (fixture)
from tests.inspections.conftest import insp, record  # noqa: F401 (fixtures)


@pytest.fixture
def events():
    """``events(**filters)``: the stored events, oldest first."""

    def _events(**filters):
        return list(AuditEvent.objects.filter(**filters).order_by("id"))

    return _events


def drain(response) -> bytes:
    """Read a response to its end. The test client closes it then, as a WSGI server does after
    the last byte: a streamed file (and so its audit event) only when it has been read."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def close(response) -> None:
    """Close a response as the server does, keeping the test's database connection open (as the
    test client does: ``request_finished`` would close it)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
