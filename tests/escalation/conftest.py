"""Fixtures of the escalation tests: complaints of hospital A (and C, in another county) entered
by the office, with a deadline put where the test needs it."""

from datetime import date

import pytest

from chuangwen.feedback import services
from chuangwen.feedback.models import Complaint
from tests import factories as f

TODAY = date(2026, 3, 16)  # a Monday


@pytest.fixture
def complaint(world):
    """``complaint(days_overdue, unit=world.a)``: an open complaint of ``unit`` whose reply
    deadline was ``days_overdue`` calendar days before ``TODAY``."""

    def _complaint(days_overdue: int, unit=None, deadline=None):
        unit = unit or world.a
        c = services.complaint_create(
            unit=unit,
            user=world.office,
            channel="phone",
            category="attitude",
            content="门诊输液室护士态度生硬，问话不理睬。",
            department=world.a_med if unit == world.a else None,
        )
        Complaint.objects.filter(pk=c.pk).update(
            deadline=deadline or date.fromordinal(TODAY.toordinal() - days_overdue)
        )
        c.refresh_from_db()
        return c

    return _complaint


@pytest.fixture
def c_office(world):
    """A campaign office user of hospital C (county Y)."""
    user = f.user("c_office")
    f.member(user, "office", unit=world.c)
    return user
