"""Storing audit events: at once (``write_events``), or by one background thread per process
(``background``) that the middleware hands each finished request's events to.

With ``AUDIT_LOG_WRITER="thread"`` (the default) a request's worker never waits for the log: the
events of requests answered meanwhile are written together, by the thread's own database
connection, a moment after their responses were sent. On a clean exit (``atexit``) what is queued
is written before the process ends; a killed process loses at most the events of its last
moments, and says nothing: that is the price of a log that costs a request nothing. Tests use
``"inline"`` (written by the request's thread when it closes the response, inside the test's
transaction)."""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import deque

from .models import AuditEvent

log = logging.getLogger(__name__)

BATCH = 500


def write_events(events: list[AuditEvent]) -> None:
    """Store events (one INSERT; one query more when a bureau user's events need their region)."""
    paths = {e._region_path for e in events if getattr(e, "_region_path", "")}
    if paths:
        from chuangwen.org.models import Region

        ids = dict(Region.objects.filter(path__in=paths).values_list("path", "id"))
        for e in events:
            if getattr(e, "_region_path", ""):
                e.region_id = ids.get(e._region_path)
    if len(events) == 1:
        # One INSERT in autocommit: bulk_create would wrap it in BEGIN … COMMIT (three round trips).
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)


class BackgroundWriter:
    """A queue of events and the daemon thread that empties it, started on first use in each
    process (a forked server worker starts its own)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._queue: deque[AuditEvent] = deque()
        self._busy = 0
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._stopping = False

    def submit(self, events: list[AuditEvent]) -> None:
        with self._lock:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                self._start()
            self._queue.extend(events)
            self._ready.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every submitted event is written (or ``timeout`` seconds have passed);
        True when nothing is left."""
        with self._lock:
            return self._ready.wait_for(lambda: not self._queue and not self._busy, timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, then end the thread and close its database connection (at exit;
        tests, before their database is dropped). A later ``submit`` starts a new thread."""
        thread = self._thread
        if thread is None or self._pid != os.getpid():
            return
        with self._lock:
            self._stopping = True
            self._ready.notify_all()
        thread.join(timeout)

    def _start(self) -> None:
        if self._pid == os.getpid() and self._thread is not None:
            self._thread.join()  # a stopping thread: let it finish its last batch first
        else:
            self._queue = deque()  # a forked child does not write its parent's queue twice
        self._stopping = False
        self._busy = 0
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from django.db import connection

        while True:
            with self._lock:
                self._ready.wait_for(lambda: self._queue or self._stopping)
                if not self._queue:
                    connection.close()
                    return
                batch = [self._queue.popleft() for _ in range(min(BATCH, len(self._queue)))]
                self._busy = len(batch)
            try:
                write_events(batch)
            except Exception:  # a lost connection: drop it, try once more with a fresh one
                connection.close()
                try:
                    write_events(batch)
                except Exception:
                    log.exception("audit log: %d event(s) could not be written", len(batch))
                    connection.close()
            with self._lock:
                self._busy = 0
                self._ready.notify_all()


background = BackgroundWriter()
atexit.register(background.stop, 5.0)
