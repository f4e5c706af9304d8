"""QR sign-in: the rotating code, the unit, the window, once each (the services)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from chuangwen.activities import services
from chuangwen.activities.models import Attendance
from chuangwen.activities.signin import SignInRefused, step_now, token_for
from tests import factories as f


@pytest.fixture
def lecture(world):
    return f.activity(
        world.a_med, kind=f.shipped_kind("training"), title="院感防控培训", roster=[world.a_p1, world.a_p2]
    )


def test_a_current_code_signs_in_once(world, lecture):
    row = services.sign_in(token=token_for(lecture.pk), user=world.staff)
    assert (row.person, row.status, row.method) == (world.a_p1, "present", "qr")
    with pytest.raises(SignInRefused) as again:
        services.sign_in(token=token_for(lecture.pk), user=world.staff)
    assert again.value.code == "already" and "已于" in str(again.value.message) or again.value.code == "already"
    assert Attendance.objects.filter(activity=lecture).count() == 1


def test_the_previous_step_is_accepted_an_older_one_refused(world, lecture):
    services.sign_in(token=token_for(lecture.pk, step_now() - 1), user=world.staff)
    with pytest.raises(SignInRefused) as old:
        services.sign_in(token=token_for(lecture.pk, step_now() - 2), user=world.staff)
    assert old.value.code == "expired"


def test_a_forged_code_is_refused(world, lecture):
    token = token_for(lecture.pk).replace(f"{lecture.pk}.", f"{lecture.pk + 1}.", 1)
    with pytest.raises(SignInRefused) as bad:
        services.sign_in(token=token, user=world.staff)
    assert bad.value.code == "invalid"


def test_staff_of_another_hospital_is_refused(world, lecture, staff_of):
    other = staff_of(world.b_med, "孙丽")
    with pytest.raises(SignInRefused) as refused:
        services.sign_in(token=token_for(lecture.pk), user=other.user)
    assert refused.value.code == "other_unit"
    assert not Attendance.objects.exists()


def test_an_account_without_staff_record_is_refused(world, lecture):
    with pytest.raises(SignInRefused) as refused:
        services.sign_in(token=token_for(lecture.pk), user=world.office)
    assert refused.value.code == "other_unit"


def test_the_window_opens_before_the_start_and_marks_late(world, staff_of):
    start = timezone.now() + timedelta(minutes=45)
    act = f.activity(world.a_med, starts_at=start, signin_opens_minutes=30, late_after_minutes=10)
    with pytest.raises(SignInRefused) as early:
        services.sign_in(token=token_for(act.pk), user=world.staff)
    assert early.value.code == "not_open"
    on_time = services.sign_in(token=token_for(act.pk), user=world.staff, now=start - timedelta(minutes=20))
    assert on_time.status == "present"
    late = services.sign_in(token=token_for(act.pk), user=staff_of(world.a_med).user, now=start + timedelta(minutes=11))
    assert late.status == "late"
    with pytest.raises(SignInRefused) as closed:
        services.sign_in(
            token=token_for(act.pk), user=staff_of(world.a_surg).user, now=act.ends_at + timedelta(seconds=1)
        )
    assert closed.value.code == "closed"


def test_the_database_refuses_a_second_row(world, lecture):
    f.attendance(lecture, world.a_p1)
    with pytest.raises(IntegrityError):
        f.attendance(lecture, world.a_p1)


def test_a_person_on_leave_who_comes_is_present(world, lecture):
    services.attendance_leave(activity=lecture, user=world.office, person=world.a_p1, reason="夜班")
    row = services.sign_in(token=token_for(lecture.pk), user=world.staff)
    assert row.status == "present" and row.leave_reason == ""
    assert Attendance.objects.filter(activity=lecture).count() == 1
