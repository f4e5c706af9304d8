"""Intake, references, transitions (no closing before a reply), reopening, archive, history."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chuangwen.dashboard.models import Notification
from chuangwen.feedback import services
from chuangwen.feedback.models import Complaint, HandlingRecord

from .conftest import at


def test_intake_sets_reference_deadline_record_and_history(world, make):
    c = make(received_at=at(2026, 11, 6))  # a Friday
    assert c.reference == "TS2026110001"
    assert c.deadline == date(2026, 11, 13)
    assert c.status == Complaint.Status.RECEIVED
    assert list(c.records.values_list("action", flat=True)) == ["received"]
    assert c.history.first().history_user == world.office
    assert "内科" in c.search_text and c.reference in c.search_text
    assert "张三丰" not in c.search_text


def test_references_count_per_unit_and_month(world, make):
    a1 = make(received_at=at(2026, 11, 6))
    a2 = make(received_at=at(2026, 11, 7))
    b1 = make(unit=world.b, received_at=at(2026, 11, 7))
    a3 = make(received_at=at(2026, 12, 1))
    assert [a1.reference, a2.reference, b1.reference, a3.reference] == [
        "TS2026110001",
        "TS2026110002",
        "TS2026110001",
        "TS2026120001",
    ]


def test_department_of_another_unit_is_refused(world, make):
    with pytest.raises(ValidationError) as e:
        make(department=world.b_med)
    assert "department" in e.value.message_dict


def test_bad_phone_names_the_field(world, make):
    with pytest.raises(ValidationError) as e:
        make(complainant_phone="12345")
    assert "complainant_phone" in e.value.message_dict


def test_full_journey(world, make, django_capture_on_commit_callbacks):
    c = make()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    assert c.status == "assigned" and c.handling_department == world.a_med
    assert Notification.objects.filter(user=world.head, kind="complaint_assigned").exists()
    services.complaint_record_add(complaint=c, text="已调阅监控并与当班护士谈话", user=world.head)
    services.complaint_reply(complaint=c, text="已致电致歉，护士已批评教育", channel="phone", user=world.head)
    assert c.status == "replied" and c.replied_by == world.head
    services.complaint_close(complaint=c, satisfaction="satisfied", user=world.office)
    c.refresh_from_db()
    assert c.status == "closed" and c.satisfaction == "satisfied" and c.closed_by == world.office
    actions = list(c.records.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["received", "assigned", "note", "replied", "closed"]
    assert c.history.count() >= 4


def test_cannot_close_before_a_reply(world, make):
    c = make()
    with pytest.raises(ValidationError, match="(?i)答复|reply"):
        services.complaint_close(complaint=c, user=world.office)
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    with pytest.raises(ValidationError):
        services.complaint_close(complaint=c, user=world.office)
    c.refresh_from_db()
    assert c.status == "assigned" and c.closed_at is None


def test_cannot_reply_before_assignment(world, make):
    c = make()
    with pytest.raises(ValidationError):
        services.complaint_reply(complaint=c, text="好的", channel="phone", user=world.office)


def test_handler_must_belong_to_the_unit(world, make):
    from tests import factories as f

    b_user = f.user("b_office")
    f.member(b_user, "office", unit=world.b)
    with pytest.raises(ValidationError) as e:
        services.complaint_assign(complaint=make(), handler=b_user, user=world.office)
    assert "handler" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.complaint_assign(complaint=make(), handler=world.supervisor, user=world.office)


def test_reopen_gives_a_new_deadline_and_restarts_escalation(world, make):
    c = make(received_at=at(2026, 3, 2))
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    services.complaint_reply(complaint=c, text="已答复", channel="phone", user=world.head)
    services.complaint_close(complaint=c, satisfaction="dissatisfied", user=world.office)
    Complaint.objects.filter(pk=c.pk).update(escalation_level=3)
    c.refresh_from_db()
    with pytest.raises(ValidationError):
        services.complaint_reopen(complaint=c, reason="  ", user=world.office)
    services.complaint_reopen(complaint=c, reason="投诉人对答复不满意", user=world.office)
    c.refresh_from_db()
    assert c.status == "reopened" and c.reopen_count == 1 and c.escalation_level == 0
    assert c.closed_at is None and c.deadline > date(2026, 3, 9)
    services.complaint_reply(complaint=c, text="院领导再次约谈", channel="visit", user=world.head)
    services.complaint_close(complaint=c, satisfaction="fairly", user=world.office)
    assert c.status == "closed"


def test_satisfaction_only_after_reply(world, make):
    c = make()
    with pytest.raises(ValidationError):
        services.complaint_satisfaction_set(complaint=c, satisfaction="satisfied", user=world.office)


def test_archive_keeps_the_row_records_and_history(world, make):
    c = make()
    services.complaint_archive(complaint=c, user=world.office)
    c.refresh_from_db()
    assert c.is_archived and c.archived_by == world.office
    assert Complaint.objects.filter(pk=c.pk).exists()
    assert c.records.filter(action=HandlingRecord.Action.ARCHIVED).exists()
    with pytest.raises(ValidationError):
        services.complaint_assign(complaint=c, handler=world.head, user=world.office)


def test_public_creation_dedupes_by_key_and_by_client(world, django_capture_on_commit_callbacks):
    kw = dict(unit=world.a, department=None, channel="public", category="environment", content="卫生间不干净，地面湿滑")
    with django_capture_on_commit_callbacks(execute=True):
        first = services.complaint_create_public(**kw, submission_key="k1")
        assert services.complaint_create_public(**kw, submission_key="k1") == first
        by_client = services.complaint_create_public(**kw, client_fingerprint="fp1", submission_key="k2")
        assert services.complaint_create_public(**kw, client_fingerprint="fp1", submission_key="k3") == by_client
    assert Complaint.objects.count() == 2
    assert Notification.objects.filter(user=world.office, kind="complaint_new").count() == 2


def test_survey_suggestion_handoff(world):
    c = services.complaint_create_public(
        unit=world.a,
        department=world.a_med,
        channel="survey",
        category="process",
        content="希望增加周末门诊",
        contact_name="刘洋",
        contact_phone="13900001111",
        client_fingerprint="abc",
    )
    assert c.channel == "survey" and c.contact_consent and c.created_by is None
    with pytest.raises(ValidationError):
        services.complaint_create_public(unit=world.a, department=None, channel="phone", category="other", content="x")
