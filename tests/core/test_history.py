"""History rows for many new rows at once (chuangwen/core/history.py): the same rows as
django-simple-history's bulk helper writes, by one statement per 500 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_create_with_history

from chuangwen.core.history import created_history
from chuangwen.feedback.models import Complaint
from chuangwen.feedback.services import deadline_for
from tests.feedback.conftest import at

pytestmark = pytest.mark.django_db


def complaints(world, first, n):
    return [
        Complaint(
            unit=world.a,
            reference=f"TS20261100{first + i:02d}",
            kind="suggestion",
            channel="survey",
            department=world.a_med,
            content=f"第{i}条意见",
            received_at=at(2026, 11, 6),
            deadline=deadline_for(at(2026, 11, 6).date()),
            submission_key=f"k{first + i}",
        )
        for i in range(n)
    ]


def test_the_same_history_as_simple_historys_bulk_helper(world):
    by_helper = bulk_create_with_history(complaints(world, 0, 3), Complaint, default_user=world.office)
    stored = Complaint.objects.bulk_create(complaints(world, 10, 3))
    assert created_history(Complaint, [c.pk for c in stored], user=world.office) == 3

    def rows(objs):
        skip = {
            "history_id",
            "history_date",
            "created_at",
            "updated_at",
            "id",
            "reference",
            "content",
            "submission_key",
        }
        return [
            {k: v for k, v in h.__dict__.items() if k not in skip and not k.startswith("_")}
            for h in Complaint.history.filter(id__in=[o.pk for o in objs]).order_by("id")
        ]

    assert rows(stored) == rows(by_helper)
    history = Complaint.history.get(id=stored[1].pk)
    assert (history.content, history.reference, history.history_type) == ("第1条意见", "TS2026110011", "+")
    assert history.history_user == world.office and history.history_change_reason is None


def test_one_statement_per_five_hundred_rows(world):
    stored = Complaint.objects.bulk_create(complaints(world, 0, 20))
    with CaptureQueriesContext(connection) as ctx:
        assert created_history(Complaint, [c.pk for c in stored]) == 20
    assert len(ctx.captured_queries) == 1
    assert Complaint.history.filter(history_user=None).count() == 20
