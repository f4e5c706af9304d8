from datetime import date

from chuangwen.core.months import add_months, month_start, months_back


def test_months_wrap_across_years():
    assert month_start(date(2026, 3, 31)) == date(2026, 3, 1)
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert months_back(date(2026, 2, 10), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
