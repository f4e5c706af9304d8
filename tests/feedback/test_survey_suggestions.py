"""Suggestions left on satisfaction surveys, received in batches (intake.suggestions_receive):
the same complaints as one at a time, in a fixed number of statements per batch."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangwen.core.roles import Role
from chuangwen.dashboard.models import Notification
from chuangwen.feedback import services
from chuangwen.feedback.intake import SurveySuggestion, suggestions_receive
from chuangwen.feedback.models import Complaint, HandlingRecord
from tests import factories as f

from .conftest import at


def suggestion(world, n, *, unit=None, department=None, content=None, fp=None, when=None):
    unit = unit or world.a
    return SurveySuggestion(
        submission_key=f"survey:{n}",
        unit_id=unit.pk,
        department_id=(department or (world.a_med if unit == world.a else world.b_med)).pk,
        content=content if content is not None else f"候诊时间太长（第{n}位）",
        client_fingerprint=fp or f"fp{n}",
        received_at=when or at(2026, 11, 6),
    )


def test_a_batch_becomes_suggestions_with_references_deadlines_history_and_records(world, make):
    staff_entered = make(received_at=at(2026, 11, 5))  # the counter is shared with staff intake
    batch = [
        suggestion(world, 1),
        suggestion(world, 2, department=world.a_surg),
        suggestion(world, 3, unit=world.b),
        suggestion(world, 4),
    ]
    created = suggestions_receive(suggestions=batch)
    assert staff_entered.reference == "TS2026110001"
    assert [c.reference for c in created] == ["TS2026110002", "TS2026110003", "TS2026110001", "TS2026110004"]
    assert [c.unit for c in created] == [world.a, world.a, world.b, world.a]
    one = Complaint.objects.get(submission_key="survey:2")
    assert (one.kind, one.channel, one.category, one.status) == ("suggestion", "survey", "other", "received")
    assert one.department == world.a_surg and one.content == "候诊时间太长（第2位）"
    assert one.received_at == at(2026, 11, 6) and one.deadline == services.deadline_for(at(2026, 11, 6).date())
    assert "外科" in one.search_text and one.reference in one.search_text
    assert one.history.count() == 1 and one.history.get().history_type == "+"
    assert list(one.records.values_list("action", flat=True)) == ["received"]
    assert HandlingRecord.history.filter(complaint_id=one.pk).count() == 1
    # A staff intake afterwards takes the next number.
    assert make(received_at=at(2026, 11, 7)).reference == "TS2026110005"


def test_each_office_gets_one_notification_per_batch(world, django_capture_on_commit_callbacks):
    b_office = f.user("b_office")
    f.member(b_office, Role.OFFICE, unit=world.b)
    with django_capture_on_commit_callbacks(execute=True):
        created = suggestions_receive(
            suggestions=[suggestion(world, 1), suggestion(world, 2), suggestion(world, 3, unit=world.b)]
        )
    a_note = Notification.objects.get(user=world.office)
    assert a_note.title == "2 条满意度调查意见建议" and created[0].reference in a_note.body
    assert a_note.url.endswith("?channel=survey")
    b_note = Notification.objects.get(user=b_office)
    assert created[2].reference in b_note.title and b_note.url.endswith(f"/complaints/{created[2].pk}/")


def test_nothing_twice_and_nothing_empty(world):
    assert len(suggestions_receive(suggestions=[suggestion(world, 1), suggestion(world, 2)])) == 2
    again = [
        suggestion(world, 1),  # the same response again
        suggestion(world, 5, fp="fp2", content="候诊时间太长（第2位）"),  # the same client and text
        suggestion(world, 6, content="   "),  # nothing to say
        suggestion(world, 7, fp="fp7", content="停车难"),
        suggestion(world, 8, fp="fp7", content="停车难"),  # twice in one batch
    ]
    created = suggestions_receive(suggestions=again)
    assert [c.submission_key for c in created] == ["survey:7"]
    assert Complaint.objects.count() == 3
    assert suggestions_receive(suggestions=[]) == []


def test_a_fixed_number_of_statements_per_batch(world):
    def statements(first, n):
        with CaptureQueriesContext(connection) as ctx:
            suggestions_receive(suggestions=[suggestion(world, first + i) for i in range(n)])
        return len(ctx.captured_queries)

    statements(0, 1)  # the month's reference counter is created
    # (25: SQLite takes at most 999 parameters a statement, so Django splits longer batches.)
    assert statements(10, 3) == statements(100, 25) <= 13
    assert Complaint.objects.count() == 29
