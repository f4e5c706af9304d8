"""Reply deadlines in working days, with the 2026 holidays and adjusted working days (调休), as
seeded from chinesecalendar into the calendar (tests/core/test_workdays.py: entering a year)."""

from datetime import date

import pytest

from chuangwen.core.workdays import add_working_days, is_working_day, working_days_between
from chuangwen.feedback.services import deadline_for

pytestmark = pytest.mark.django_db


def test_a_friday_complaint_is_due_the_next_friday():
    assert date(2026, 3, 13).weekday() == 4
    assert deadline_for(date(2026, 3, 13)) == date(2026, 3, 20)


def test_a_saturday_complaint_counts_from_monday():
    assert deadline_for(date(2026, 3, 14)) == date(2026, 3, 20)


def test_national_day_holiday_and_the_worked_saturday():
    # 9-30 (Wed) → 10-1..7 off, 10-8 Thu, 10-9 Fri, 10-10 Sat (调休上班), 10-12 Mon, 10-13 Tue.
    assert deadline_for(date(2026, 9, 30)) == date(2026, 10, 13)
    assert not is_working_day(date(2026, 10, 5))
    assert is_working_day(date(2026, 10, 10))


def test_sunday_before_national_day_is_worked():
    assert date(2026, 9, 20).weekday() == 6 and is_working_day(date(2026, 9, 20))
    # Fri 9-18 → Sun 9-20 (worked), Mon 21 .. Thu 24; Fri 25 is 中秋.
    assert add_working_days(date(2026, 9, 18), 5) == date(2026, 9, 24)


def test_spring_festival():
    # Fri 2-13 → Sat 2-14 (worked), then 2-15..23 off, Tue 24, Wed 25, Thu 26, Fri 27.
    assert deadline_for(date(2026, 2, 13)) == date(2026, 2, 27)


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 5), date(2026, 6, 19)])
def test_holidays_are_days_off(day):
    assert not is_working_day(day)


def test_years_without_a_table_count_weekends_only():
    assert add_working_days(date(2027, 10, 1), 5) == date(2027, 10, 8)


def test_working_days_between():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 13)) == 0


def test_setting_changes_the_number_of_days(settings):
    settings.FEEDBACK_REPLY_WORKING_DAYS = 3
    assert deadline_for(date(2026, 3, 13)) == date(2026, 3, 18)
