"""Working days (工作日) for reply deadlines: Monday to Friday, minus public holidays, plus the
weekend days that are worked instead (调休).

Source of the 2026 table: 国务院办公厅关于2026年部分节假日安排的通知 (published by Xinhua on
4 November 2025, e.g. https://politics.gmw.cn/2025-11/04/content_38391083.htm). Years without a
table here count weekends only; add the next year's notice when the State Council publishes it."""

from __future__ import annotations

from datetime import date, timedelta


def _days(start: date, end: date) -> set[date]:
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# 放假 (days off, including the weekend days inside each break).
HOLIDAYS: frozenset[date] = frozenset(
    _days(date(2026, 1, 1), date(2026, 1, 3))  # 元旦
    | _days(date(2026, 2, 15), date(2026, 2, 23))  # 春节
    | _days(date(2026, 4, 4), date(2026, 4, 6))  # 清明节
    | _days(date(2026, 5, 1), date(2026, 5, 5))  # 劳动节
    | _days(date(2026, 6, 19), date(2026, 6, 21))  # 端午节
    | _days(date(2026, 9, 25), date(2026, 9, 27))  # 中秋节
    | _days(date(2026, 10, 1), date(2026, 10, 7))  # 国庆节
)

# 调休上班 (weekend days that are working days).
WORKING_WEEKENDS: frozenset[date] = frozenset(
    {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
)


def is_working_day(day: date) -> bool:
    if day in WORKING_WEEKENDS:
        return True
    if day in HOLIDAYS:
        return False
    return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself does not count: a complaint
    received on a Friday with 5 working days is due the next Friday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    return sum(1 for i in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=i)))
