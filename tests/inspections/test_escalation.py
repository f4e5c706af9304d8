"""Overdue orders climb through the escalation engine (the default rules esc1-esc3): department
heads, then the office after 3 more days, then (for a bureau finding) the bureau after 7 more;
idempotent; a new deadline starts again."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from chuangwen.dashboard.models import Notification
from chuangwen.escalation.services import escalation_run
from chuangwen.inspections.models import Finding
from chuangwen.inspections.services.findings import finding_dispatch, finding_escalate, finding_recheck, finding_record

from .conftest import date_days


def _past_deadline(finding, days_ago=0):
    deadline = date_days(-days_ago)
    Finding.objects.filter(pk=finding.pk).update(deadline=deadline)
    return deadline


def run_escalation(*, today):
    """The engine's run for findings; the counts of the finding steps, raised and created."""
    counts = escalation_run(today=today, subjects=["finding"])
    return {**counts["finding"], "raised": counts["raised"], "created": counts["created"]}


def _notified(kind_prefix="finding_escalated"):
    return sorted(Notification.objects.filter(kind__startswith=kind_prefix).values_list("kind", "user__username"))


@pytest.mark.parametrize(
    ("days", "authority", "level"),
    [(0, True, 0), (1, False, 1), (3, False, 1), (4, False, 2), (10, True, 2), (11, False, 2), (11, True, 3)],
)
def test_levels(world, insp, ordered, days, authority, level):
    finding = ordered()
    if authority:
        Finding.objects.filter(pk=finding.pk).update(source_unit=world.bureau)
    _past_deadline(finding, days_ago=days)
    run_escalation(today=date_days(0))
    finding.refresh_from_db()
    assert finding.escalation_level == level


def test_hospital_finding_climbs_to_the_office_and_stops(world, insp, ordered):
    finding = ordered()
    d = _past_deadline(finding)
    assert run_escalation(today=d)["created"] == 0  # due today is not overdue
    counts = run_escalation(today=d + timedelta(days=1))
    assert (counts["esc1"], counts["raised"]) == (1, 1)
    assert _notified() == [("finding_escalated_1", "head"), ("finding_escalated_1", "staff")]
    assert run_escalation(today=d + timedelta(days=1)) == {"esc1": 0, "esc2": 0, "esc3": 0, "raised": 0, "created": 0}
    assert run_escalation(today=d + timedelta(days=3))["created"] == 0
    run_escalation(today=d + timedelta(days=4))
    assert ("finding_escalated_2", "office") in _notified()
    run_escalation(today=d + timedelta(days=30))
    finding.refresh_from_db()
    assert finding.escalation_level == 2  # a hospital's own finding never goes to the bureau
    events = list(finding.events.filter(kind="escalated").values_list("actor", "text"))
    assert len(events) == 2 and all(actor is None for actor, _t in events)
    assert finding.version == 4  # recorded, dispatched, two escalations


def test_bureau_finding_reaches_the_bureau_and_a_late_run_sends_every_level(world, insp):
    finding = finding_record(
        user=world.supervisor, unit=world.a, round=insp.bureau_round, description="卫生间不洁，有异味"
    )
    finding = finding_dispatch(finding=finding, user=world.office, department=world.a_med, deadline=insp.deadline)
    d = _past_deadline(finding, days_ago=20)
    counts = run_escalation(today=date_days(0))
    assert (counts["esc3"], counts["raised"]) == (1, 1)
    assert _notified() == [
        ("finding_escalated_1", "head"),
        ("finding_escalated_2", "office"),
        ("finding_escalated_3", "supervisor"),
    ]
    finding.refresh_from_db()
    assert finding.escalation_level == 3
    assert run_escalation(today=d + timedelta(days=40))["created"] == 0


def test_only_open_orders_escalate(world, insp, record, responded):
    open_one = record()
    answered = responded()
    for f in (open_one, answered):
        _past_deadline(f, days_ago=10)
    assert run_escalation(today=date_days(0))["created"] == 0


def test_new_deadline_starts_the_climb_again(world, insp, responded):
    finding = responded()
    _past_deadline(finding, days_ago=5)
    finding.refresh_from_db()
    finding = finding_recheck(
        finding=finding, user=world.inspector, passed=False, reason="仍未整改", deadline=date_days(0)
    )
    run_escalation(today=date_days(1))
    finding.refresh_from_db()
    assert finding.escalation_level == 1
    finding_escalate(finding=finding, level=1, text="")  # already there: no change
    finding.refresh_from_db()
    assert finding.events.filter(kind="escalated").count() == 1


def test_command_runs_the_background_job(world, insp, ordered, capsys):
    finding = ordered()
    d = _past_deadline(finding)
    call_command("escalate", "--date", str(d + timedelta(days=2)))
    out = capsys.readouterr().out
    assert "升级至科室 1" in out
    call_command("escalate", "--date", str(d + timedelta(days=2)), "--now")
    assert "新消息 0" in capsys.readouterr().out
