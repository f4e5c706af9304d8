"""Log records as LOGGING's handler sees them (with its request id filter), for the ops tests."""

from __future__ import annotations

import logging
from contextlib import contextmanager

from chuangwen.ops.request_id import RequestIdFilter


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


@contextmanager
def captured(name: str, level: int = logging.DEBUG):
    """The records ``name`` (and its children) write inside the block."""
    logger, handler = logging.getLogger(name), ListHandler()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
