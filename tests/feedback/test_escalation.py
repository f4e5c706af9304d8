"""Overdue complaints escalate through the escalation engine (the default rules esc1-esc3):
handler, then office, then the region's supervisors; a second run sends nothing twice; every
raise is in the complaint's history; reopening starts again."""

from datetime import date, timedelta

from django.core.management import call_command

from chuangwen.dashboard.models import Notification
from chuangwen.escalation.services import escalation_run
from chuangwen.feedback import services
from chuangwen.feedback.models import Complaint

from .conftest import at

NOTHING_DUE = {"esc1": 0, "esc2": 0, "esc3": 0}


def run_escalation(*, today, email=False):
    """The engine's run for complaints; the counts of the complaint steps, raised and created."""
    counts = escalation_run(today=today, subjects=["complaint"], email=email)
    return {**counts["complaint"], "raised": counts["raised"], "created": counts["created"]}


def _notified(kind="complaint_escalated"):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_levels_rise_with_lateness_and_are_idempotent(world, make):
    c = make(received_at=at(2026, 3, 2))  # Monday → due Monday 3-9
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    assert c.deadline == date(2026, 3, 9)
    assert run_escalation(today=date(2026, 3, 9), email=False) == {**NOTHING_DUE, "raised": 0, "created": 0}
    run_escalation(today=date(2026, 3, 10), email=False)
    assert _notified() == ["head"]
    run_escalation(today=date(2026, 3, 10), email=False)
    assert _notified() == ["head"]
    run_escalation(today=date(2026, 3, 11), email=False)
    assert _notified() == ["head", "office"]
    counts = run_escalation(today=date(2026, 3, 14), email=False)
    assert (counts["esc3"], counts["raised"]) == (1, 1)
    assert _notified() == ["head", "office", "supervisor"]
    again = run_escalation(today=date(2026, 3, 15), email=False)
    assert again["created"] == 0 and again["raised"] == 0
    c.refresh_from_db()
    assert c.escalation_level == 3
    assert c.records.filter(action="escalated").count() == 3


def test_unassigned_overdue_goes_to_the_office_first(world, make):
    make(received_at=at(2026, 3, 2))
    run_escalation(today=date(2026, 3, 10), email=False)
    assert _notified() == ["office"]


def test_supervisor_of_another_region_is_not_told(world, make):
    from tests import factories as f

    other = f.user("other_supervisor")
    f.member(other, "supervisor", region=world.county_y)
    make(received_at=at(2026, 3, 2))
    run_escalation(today=date(2026, 3, 30), email=False)
    assert "other_supervisor" not in _notified() and "supervisor" in _notified()


def test_replied_closed_and_archived_do_not_escalate(world, make):
    replied = make(received_at=at(2026, 3, 2))
    services.complaint_assign(complaint=replied, handler=world.head, user=world.office)
    services.complaint_reply(complaint=replied, text="已答复", channel="phone", user=world.head)
    services.complaint_archive(complaint=make(received_at=at(2026, 3, 2)), user=world.office)
    assert run_escalation(today=date(2026, 3, 30), email=False) == {**NOTHING_DUE, "raised": 0, "created": 0}
    assert _notified() == []


def test_reopening_starts_the_ladder_again(world, make):
    c = make(received_at=at(2026, 3, 2))
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    run_escalation(today=date(2026, 3, 10), email=False)
    services.complaint_reply(complaint=c, text="已答复", channel="phone", user=world.head)
    services.complaint_reopen(complaint=c, reason="不满意", user=world.office)
    c.refresh_from_db()
    run_escalation(today=c.deadline + timedelta(days=1), email=False)
    assert _notified().count("head") == 2


def test_management_command_runs_the_job(world, make):
    make(received_at=at(2026, 3, 2))
    call_command("escalate", "--date", "2026-03-10")
    assert Complaint.objects.get().escalation_level == 1
    call_command("escalate", "--date", "2026-03-20", "--now")
    assert Complaint.objects.get().escalation_level == 3


def test_every_raise_is_in_the_history_without_a_user(world, make):
    c = make(received_at=at(2026, 3, 2))
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    before = c.history.count()
    run_escalation(today=date(2026, 3, 10))
    run_escalation(today=date(2026, 3, 20))  # straight to level 3: one more version
    versions = list(c.history.order_by("history_date", "history_id")[before:])
    assert [(v.escalation_level, v.history_user_id, v.history_type) for v in versions] == [
        (1, None, "~"),
        (3, None, "~"),
    ]
    assert [v.history_change_reason for v in versions] == list(
        c.records.filter(action="escalated").order_by("at", "id").values_list("text", flat=True)
    )
    assert "3" in versions[-1].history_change_reason
    records = c.records.filter(action="escalated")
    assert all(r.history.filter(history_type="+").count() == 1 for r in records)
    run_escalation(today=date(2026, 3, 21))
    assert c.history.count() == before + 2


def test_answered_or_archived_complaint_is_not_raised_by_the_service(world, make):
    c = make(received_at=at(2026, 3, 2))
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    services.complaint_reply(complaint=c, text="已答复", channel="phone", user=world.head)
    before = c.history.count()
    services.complaint_escalate(complaint=c, level=2, text="督办")
    c.refresh_from_db()
    assert c.escalation_level == 0 and c.history.count() == before
    assert not c.records.filter(action="escalated").exists()
