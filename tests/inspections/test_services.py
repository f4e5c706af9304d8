"""The loop of a finding through the services: every allowed and every forbidden transition,
events with their actor, optimistic concurrency, permissions, photos, never deleting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.utils import translation

from chuangwen.dashboard.models import Notification
from chuangwen.inspections.models import Finding, FindingEvent, FindingPhoto, InspectionRound
from chuangwen.inspections.services.findings import (
    finding_archive,
    finding_dispatch,
    finding_recheck,
    finding_record,
    finding_reopen,
    finding_respond,
)
from chuangwen.inspections.services.rounds import round_create, round_update
from chuangwen.inspections.services.states import TRANSITIONS

from .conftest import PDF_BYTES, date_days, photo, png

S = Finding.State
ACTIONS = ["dispatch", "respond", "recheck_pass", "recheck_fail", "reopen"]


@pytest.fixture
def in_state(world, insp, record, ordered, responded):
    def _in_state(state):
        if state == S.OPEN:
            return record()
        if state == S.ORDERED:
            return ordered()
        finding = responded()
        if state == S.CLOSED:
            finding = finding_recheck(finding=finding, user=world.inspector, passed=True)
        return finding

    return _in_state


def _do(action, finding, world, insp):
    office = world.office  # the office may do every step on its own unit's finding
    if action == "dispatch":
        return finding_dispatch(finding=finding, user=office, department=world.a_med, deadline=insp.deadline)
    if action == "respond":
        return finding_respond(finding=finding, user=office, text="已整改", expected_version=finding.version)
    if action == "recheck_pass":
        return finding_recheck(finding=finding, user=office, passed=True)
    if action == "recheck_fail":
        return finding_recheck(finding=finding, user=office, passed=False, reason="仍有杂物")
    return finding_reopen(finding=finding, user=office, reason="回头看发现反弹", deadline=insp.deadline)


@pytest.mark.parametrize("state", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_transition_table(world, insp, in_state, state, action):
    finding = in_state(state)
    allowed_from, to_state, kind = TRANSITIONS[action]
    events_before = finding.events.count()
    if state in allowed_from:
        after = _do(action, finding, world, insp)
        assert after.state == to_state
        assert after.version == finding.version + 1
        last = after.events.order_by("-id").first()
        assert (last.kind, last.from_state, last.to_state, last.actor) == (kind, state, to_state, world.office)
    else:
        with pytest.raises(ValidationError) as exc:
            _do(action, finding, world, insp)
        assert exc.value.error_list[0].code == "transition"
        finding.refresh_from_db()
        assert finding.state == state and finding.events.count() == events_before


def test_forbidden_transition_message_names_the_state(world, insp, record):
    finding = record()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        finding_recheck(finding=finding, user=world.inspector, passed=True)
    assert exc.value.messages == ["A finding that is “Awaiting dispatch” cannot be closed after a re-check."]


def test_full_loop_records_every_step_with_its_actor(world, insp, record):
    finding = record()
    assert (finding.state, finding.version, finding.source_unit) == (S.OPEN, 1, world.a)
    finding = finding_dispatch(
        finding=finding,
        user=world.office,
        department=world.a_med,
        responsible_person=world.a_p1,
        deadline=insp.deadline,
    )
    finding = finding_respond(
        finding=finding, user=world.head, text="已清理", expected_version=finding.version, photos=[photo("整改后.jpg")]
    )
    finding = finding_recheck(finding=finding, user=world.inspector, passed=False, reason="楼梯间仍有纸箱")
    assert finding.state == S.ORDERED
    finding = finding_respond(
        finding=finding, user=world.staff, text="纸箱已清走", expected_version=finding.version, photos=[png()]
    )
    finding = finding_recheck(finding=finding, user=world.inspector, passed=True, photos=[photo("复查.jpg")])
    assert finding.state == S.CLOSED and finding.closed_at is not None
    events = list(finding.events.order_by("at", "id").values_list("kind", "actor__username", "text"))
    K = FindingEvent.Kind
    assert [(k, a) for k, a, _t in events] == [
        (K.RECORDED, "inspector"),
        (K.DISPATCHED, "office"),
        (K.RESPONDED, "head"),
        (K.RECHECK_FAILED, "inspector"),
        (K.RESPONDED, "staff"),
        (K.RECHECK_PASSED, "inspector"),
    ]
    assert events[3][2] == "楼梯间仍有纸箱"
    assert finding.version == 6
    stages = list(finding.photos.order_by("id").values_list("stage", "event__kind"))
    assert stages == [
        ("found", K.RECORDED),
        ("response", K.RESPONDED),
        ("response", K.RESPONDED),
        ("recheck", K.RECHECK_PASSED),
    ]
    # the history has the acting user of every save
    users = list(
        finding.history.order_by("history_date", "history_id").values_list("history_user__username", flat=True)
    )
    assert users == ["inspector", "office", "head", "inspector", "staff", "inspector"]


def test_closing_needs_a_passed_recheck(world, insp, ordered):
    finding = ordered()
    with pytest.raises(ValidationError):
        finding_recheck(finding=finding, user=world.inspector, passed=True)
    finding.refresh_from_db()
    assert finding.state == S.ORDERED and finding.closed_at is None


def test_failed_recheck_needs_a_reason(world, insp, responded):
    finding = responded()
    with pytest.raises(ValidationError) as exc:
        finding_recheck(finding=finding, user=world.inspector, passed=False, reason="  ")
    assert "reason" in exc.value.message_dict
    finding.refresh_from_db()
    assert finding.state == S.RESPONDED


def test_failed_recheck_with_new_deadline_restarts_escalation(world, insp, responded):
    finding = responded()
    Finding.objects.filter(pk=finding.pk).update(escalation_level=2)
    finding.refresh_from_db()
    finding = finding_recheck(
        finding=finding, user=world.inspector, passed=False, reason="未整改到位", deadline=date_days(5)
    )
    assert (finding.deadline, finding.escalation_level) == (date_days(5), 0)


def test_reopen_needs_reason_and_future_deadline(world, insp, in_state):
    finding = in_state(S.CLOSED)
    with pytest.raises(ValidationError) as exc:
        finding_reopen(finding=finding, user=world.inspector, reason="", deadline=date_days(3))
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        finding_reopen(finding=finding, user=world.inspector, reason="反弹", deadline=date_days(-1))
    assert "deadline" in exc.value.message_dict
    finding = finding_reopen(
        finding=finding, user=world.inspector, reason="回头看：走廊又见杂物", deadline=date_days(3)
    )
    assert (finding.state, finding.closed_at, finding.deadline) == (S.ORDERED, None, date_days(3))


def test_two_answers_read_at_the_same_version_second_is_refused(world, insp, ordered):
    finding = ordered()
    read_by_head = Finding.objects.get(pk=finding.pk)
    read_by_staff = Finding.objects.get(pk=finding.pk)
    finding_respond(finding=read_by_head, user=world.head, text="科主任：已清理", expected_version=read_by_head.version)
    with pytest.raises(ValidationError) as exc:
        finding_respond(
            finding=read_by_staff, user=world.staff, text="李娜：已清理", expected_version=read_by_staff.version
        )
    assert exc.value.error_list[0].code == "stale"
    with translation.override("en"):
        assert "已被他人修改" in str(exc.value.messages[0])
    finding.refresh_from_db()
    answers = list(finding.events.filter(kind=FindingEvent.Kind.RESPONDED).values_list("text", flat=True))
    assert answers == ["科主任：已清理"]
    assert finding.version == read_by_head.version + 1


def test_stale_version_is_refused_for_a_recheck_too(world, insp, responded):
    finding = responded()
    with pytest.raises(ValidationError) as exc:
        finding_recheck(finding=finding, user=world.inspector, passed=True, expected_version=finding.version - 1)
    assert exc.value.error_list[0].code == "stale"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("office", True),
        ("head", True),
        ("staff", True),
        ("inspector", False),
        ("secretary", False),
        ("supervisor", False),
    ],
)
def test_who_may_answer_the_order(world, insp, ordered, who, allowed):
    finding = ordered()
    call = lambda: finding_respond(  # noqa: E731
        finding=finding, user=getattr(world, who), text="已整改", expected_version=finding.version
    )
    if allowed:
        assert call().state == S.RESPONDED
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_staff_who_is_not_responsible_cannot_answer(world, insp, record):
    finding = record()
    finding = finding_dispatch(
        finding=finding, user=world.office, department=world.a_med, responsible_person=None, deadline=insp.deadline
    )
    with pytest.raises(PermissionDenied):
        finding_respond(finding=finding, user=world.staff, text="x", expected_version=finding.version)


@pytest.mark.parametrize("who", ["inspector", "head", "staff", "supervisor"])
def test_only_the_office_dispatches(world, insp, record, who):
    finding = record()
    with pytest.raises(PermissionDenied):
        finding_dispatch(finding=finding, user=getattr(world, who), department=world.a_med, deadline=insp.deadline)


def test_dispatch_checks_department_person_and_deadline(world, insp, record):
    finding = record()
    with pytest.raises(ValidationError) as exc:
        finding_dispatch(
            finding=finding,
            user=world.office,
            department=world.b_med,
            responsible_person=world.a_p2,
            deadline=date_days(-1),
        )
    assert set(exc.value.message_dict) == {"department", "responsible_person", "deadline"}


def test_dept_head_cannot_recheck(world, insp, responded):
    finding = responded()
    with pytest.raises(PermissionDenied):
        finding_recheck(finding=finding, user=world.head, passed=True)


def test_bureau_finding_lands_at_the_office_then_is_dispatched(world, insp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finding = finding_record(
            user=world.supervisor,
            unit=world.a,
            round=insp.bureau_round,
            description="门诊候诊区秩序混乱，无导诊人员",
            location="门诊大厅",
            severity="serious",
            points_deducted=Decimal("2"),
            photos=[photo()],
        )
    assert (finding.state, finding.source_unit, finding.department) == (S.OPEN, world.bureau, None)
    note = Notification.objects.get(user=world.office)
    assert note.kind == "finding_from_authority" and note.url == f"/inspections/findings/{finding.pk}/"
    # the supervisor cannot dispatch it: the hospital's office does
    with pytest.raises(PermissionDenied):
        finding_dispatch(finding=finding, user=world.supervisor, department=world.a_med, deadline=insp.deadline)
    with django_capture_on_commit_callbacks(execute=True):
        finding = finding_dispatch(
            finding=finding,
            user=world.office,
            department=world.a_med,
            responsible_person=world.a_p1,
            deadline=insp.deadline,
        )
    assert set(Notification.objects.filter(kind="finding_ordered").values_list("user__username", flat=True)) == {
        "head",
        "staff",
    }
    # the photo taken before dispatch is now the department's to see
    assert FindingPhoto.objects.visible_to(world.head).filter(finding=finding).count() == 1
    finding = finding_respond(finding=finding, user=world.head, text="已安排导诊", expected_version=finding.version)
    # a bureau finding is re-checked by the bureau, not by the hospital's inspector
    with pytest.raises(PermissionDenied):
        finding_recheck(finding=finding, user=world.inspector, passed=True)
    finding = finding_recheck(finding=finding, user=world.supervisor, passed=True)
    assert finding.state == S.CLOSED


def test_office_records_and_dispatches_at_once(world, insp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finding = finding_record(
            user=world.office,
            unit=world.a,
            round=insp.self_round,
            department=world.a_surg,
            description="外科医务人员未佩戴工作牌",
            responsible_person=world.a_p2,
            deadline=insp.deadline,
        )
    assert finding.state == S.ORDERED and finding.deadline == insp.deadline
    assert list(finding.events.values_list("kind", flat=True)) == ["recorded", "dispatched"]
    assert not Notification.objects.filter(kind="finding_recorded").exists()


def test_inspector_finding_notifies_the_office(world, insp, record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record()
    assert Notification.objects.filter(user=world.office, kind="finding_recorded").count() == 1
    insp.self_round.refresh_from_db()
    assert insp.self_round.status == InspectionRound.Status.IN_PROGRESS


def test_record_checks_round_unit_department_and_item(world, insp, record):
    with pytest.raises(ValidationError) as exc:
        record(unit=world.b, department=world.b_med)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(department=world.b_med)
    assert "department" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(item=insp.items[2])  # not on the checklist
    assert "item" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        record(points_deducted=Decimal("-1"))
    assert "points_deducted" in exc.value.message_dict


@pytest.mark.parametrize("who", ["head", "staff", "secretary", "nobody"])
def test_who_may_not_record(world, insp, record, who):
    with pytest.raises(PermissionDenied):
        record(user=getattr(world, who))


def test_hospital_inspector_cannot_record_in_another_hospital(world, insp):
    with pytest.raises(PermissionDenied):
        finding_record(user=world.inspector, unit=world.b, description="卫生间不洁")
    with pytest.raises(PermissionDenied):
        finding_record(user=world.inspector, unit=world.b, round=insp.bureau_round, description="卫生间不洁")


def test_finished_round_takes_no_more_findings(world, insp, record):
    InspectionRound.objects.filter(pk=insp.self_round.pk).update(status=InspectionRound.Status.FINISHED)
    insp.self_round.refresh_from_db()
    with pytest.raises(ValidationError):
        record()


def test_photos_are_checked_by_content_and_all_refused_together(world, insp, record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("现场.jpg", b"not a photo at all")
    pdf = SimpleUploadedFile("通知.pdf", PDF_BYTES)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        record(photos=[photo(), fake, pdf])
    messages = exc.value.message_dict["photos"]
    assert len(messages) == 2
    assert "“现场.jpg” is not a JPEG or PNG photo" in messages[0] and "通知.pdf" in messages[1]
    assert not Finding.objects.exists()


def test_photos_are_stored_under_generated_names_with_thumbnails(world, insp, record):
    finding = record(photos=[photo("../../etc/passwd.jpg"), png()])
    first, second = finding.photos.order_by("id")
    assert first.file.name.startswith(f"inspections/{world.a.pk}/") and "passwd" not in first.file.name
    assert first.original_name == "passwd.jpg" and first.thumbnail and first.content_type == "image/jpeg"
    assert second.content_type == "image/png" and second.file.name.endswith(".png")


def test_findings_are_archived_never_deleted(world, insp, record):
    finding = record()
    with pytest.raises(PermissionDenied):
        finding_archive(finding=finding, user=world.inspector)
    finding = finding_archive(finding=finding, user=world.office, reason="重复记录")
    assert finding.is_archived and finding.events.filter(kind="archived", actor=world.office).exists()
    with pytest.raises(ValidationError) as exc:
        finding_dispatch(finding=finding, user=world.office, department=world.a_med, deadline=insp.deadline)
    assert exc.value.error_list[0].code == "archived"
    with pytest.raises(ProtectedError):
        finding.delete()  # its events and photos protect it


def test_round_checklist_from_items_and_free_text(world, insp):
    entries = list(insp.self_round.checklist.order_by("order").values_list("item__code", "text", "max_deduction"))
    assert entries == [
        ("1.1.1", "测评项目1.1.1", Decimal("5.00")),
        ("1.1.2", "测评项目1.1.2", Decimal("5.00")),
        (None, "病区走廊无杂物堆放", Decimal("0.00")),
    ]
    rnd = round_update(
        round=insp.self_round,
        user=world.office,
        kind=insp.self_round.kind,
        title="10月自查（第二轮）",
        starts_on=insp.self_round.starts_on,
        ends_on=insp.self_round.ends_on,
        status=InspectionRound.Status.IN_PROGRESS,
        target_units=[world.a],
        inspectors=[world.inspector, world.head],
        items=[insp.items[1], insp.items[2]],
        free_checks=["病区走廊无杂物堆放", "卫生间清洁无异味"],
    )
    assert list(rnd.checklist.order_by("order").values_list("text", flat=True)) == [
        "测评项目1.1.2",
        "测评项目1.1.3",
        "病区走廊无杂物堆放",
        "卫生间清洁无异味",
    ]
    assert rnd.history.first().history_user == world.office


def test_round_rules(world, insp):
    base = {
        "user": world.office,
        "owner_unit": world.a,
        "kind": InspectionRound.Kind.SELF_CHECK,
        "title": "自查",
        "starts_on": date_days(0),
        "ends_on": date_days(-1),
        "target_units": [world.a, world.b],
        "target_departments": [world.c_med],
        "inspectors": [world.supervisor],
    }
    with pytest.raises(ValidationError) as exc:
        round_create(**base)
    assert set(exc.value.message_dict) == {"ends_on", "target_units", "target_departments", "inspectors"}
    with pytest.raises(PermissionDenied):
        round_create(**{**base, "user": world.inspector})
    with pytest.raises(ValidationError) as exc:
        round_create(
            **{
                **base,
                "ends_on": date_days(1),
                "target_units": [world.a],
                "target_departments": [],
                "inspectors": [],
                "items": [insp.items[0]],
                "kind": "supervision",
            }
            | {"items": list(insp.standard.items.none()) + [_other_item(world)]}
        )
    assert "items" in exc.value.message_dict


def _other_item(world):
    from tests import factories as f

    return f.standard(world.c, name="别的体系", aspects=1, indicators=1, items=1).items.get()


def test_bureau_round_cannot_target_another_county(world, insp):
    with pytest.raises(ValidationError) as exc:
        round_create(
            user=world.supervisor,
            owner_unit=world.bureau,
            kind=InspectionRound.Kind.UNANNOUNCED,
            title="暗访",
            starts_on=date_days(0),
            ends_on=date_days(0) + timedelta(days=1),
            target_units=[world.a, world.c],
        )
    assert "临川县人民医院" in exc.value.message_dict["target_units"][0]
