"""Demo data of scoring for ``make demo``, one module per subject, run in this order: item scores
(``items``), 量化考核 of departments (``departments``), 创建达标 pass lines and a title veto
(``readiness``)."""

from . import departments, items, readiness


def load(ctx) -> None:
    items.load(ctx)
    departments.load(ctx)
    readiness.load(ctx)
