"""Calendar months as their first day: the unit of survey aggregates, ledger periods and
monthly department scores."""

from __future__ import annotations

from datetime import date


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month``'s (before, for n < 0)."""
    total = month.year * 12 + month.month - 1 + n
    return date(total // 12, total % 12 + 1, 1)


def months_back(month: date, n: int) -> list[date]:
    """``n`` months ending with ``month``'s (first days, oldest first)."""
    return [add_months(month, -i) for i in range(n - 1, -1, -1)]
