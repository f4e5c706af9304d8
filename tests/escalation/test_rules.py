"""Escalation rules are data: the defaults seeded with the old engines' behaviour, edits in the
database change who is told and when, owners' rules replace the defaults for their units, and
working days are counted when a rule says so."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from chuangwen.dashboard.models import Notification
from chuangwen.escalation.defaults import DEFAULT_RULES, seed_defaults
from chuangwen.escalation.models import EscalationRule
from chuangwen.escalation.services import due_soon_limit, escalation_run, overdue_threshold
from tests import factories as f

from .conftest import TODAY


def notified(kind="complaint_escalated"):
    return sorted(Notification.objects.filter(kind=kind).values_list("dedupe_key", "user__username"))


def users(kind="complaint_escalated"):
    return sorted({u for _k, u in notified(kind)})


def run(today=TODAY, **kw):
    return escalation_run(today=today, subjects=["complaint"], email=False, **kw)


def test_the_defaults_are_seeded_with_their_history(db):
    rules = EscalationRule.objects.filter(owner=None)
    assert sorted(rules.values_list("subject", "code")) == sorted((r["subject"], r["code"]) for r in DEFAULT_RULES)
    assert len(DEFAULT_RULES) == 9
    assert all(r.history.filter(history_type="+").count() == 1 for r in rules)
    ladder = rules.filter(subject="complaint").order_by("level")
    assert [(r.days, r.level, r.audiences) for r in ladder] == [
        (1, 1, ["responsible"]),
        (2, 2, ["office"]),
        (5, 3, ["supervisor"]),
    ]


def test_the_defaults_come_back_into_an_empty_table_only(db):
    assert seed_defaults(apps) == 0  # already there: nothing added, nothing changed
    EscalationRule.objects.all().delete()
    EscalationRule.history.all().delete()  # an empty table, as `flush` leaves it
    assert seed_defaults(apps) == len(DEFAULT_RULES)
    assert EscalationRule.objects.count() == EscalationRule.history.count() == len(DEFAULT_RULES)


def test_flush_gets_the_defaults_back(db):
    from django.core.management.sql import emit_post_migrate_signal

    EscalationRule.objects.all().delete()
    emit_post_migrate_signal(0, False, "default")  # what `flush` sends, without a migration state
    assert EscalationRule.objects.filter(owner=None).count() == len(DEFAULT_RULES)


def test_a_rule_edited_in_the_database_changes_who_is_told(world, complaint):
    c = complaint(2)
    rule = EscalationRule.objects.get(owner=None, subject="complaint", code="esc2")
    rule.notify_office, rule.notify_department_head = False, True
    rule.save()
    med_head = f.user("med_head")
    f.member(med_head, "dept_head", department=world.a_med)
    f.member(f.user("surg_head"), "dept_head", department=world.a_surg)  # another department
    run()
    assert notified() == sorted(
        [
            (f"complaint:{c.pk}:r0:esc1:{world.office.pk}", "office"),  # nobody assigned: the office
            (f"complaint:{c.pk}:r0:esc2:{world.head.pk}", "head"),
            (f"complaint:{c.pk}:r0:esc2:{med_head.pk}", "med_head"),
        ]
    )
    assert rule.history.count() == 2  # seeded, edited


def test_a_rule_made_later_or_switched_off_changes_when(world, complaint):
    complaint(2)
    EscalationRule.objects.filter(owner=None, subject="complaint", code="esc2").update(days=3)
    EscalationRule.objects.filter(owner=None, subject="complaint", code="esc1").update(is_active=False)
    counts = run()
    assert counts["complaint"] == {"esc2": 0, "esc3": 0} and counts["created"] == 0
    counts = run(TODAY + timedelta(days=1))
    assert counts["complaint"] == {"esc2": 1, "esc3": 0} and users() == ["office"]


def test_a_hospitals_own_rule_replaces_the_default_for_it_only(world, complaint, c_office):
    a, c = complaint(1), complaint(1, unit=world.c)
    # Hospital A sends its complaints to the office on the first day overdue, not the second.
    f.escalation_rule(code="esc2", owner=world.a, days=1, level=2)
    counts = run()
    assert counts["complaint"]["esc2"] == 1 and counts["raised"] == 2
    a.refresh_from_db(), c.refresh_from_db()
    assert (a.escalation_level, c.escalation_level) == (2, 1)
    assert f"complaint:{a.pk}:r0:esc2:{world.office.pk}" in dict(notified())
    assert not any(key.startswith(f"complaint:{c.pk}:r0:esc2") for key, _u in notified())


def test_an_inactive_copy_switches_a_default_step_off_for_its_owner(world, complaint, c_office):
    a, c = complaint(30), complaint(30, unit=world.c)
    f.member(f.user("y_supervisor"), "supervisor", region=world.county_y)
    f.escalation_rule(code="esc3", owner=world.a, days=5, level=3, is_active=False)
    run()
    a.refresh_from_db(), c.refresh_from_db()
    assert (a.escalation_level, c.escalation_level) == (2, 3)
    assert "supervisor" not in users() and "y_supervisor" in users()


def test_a_bureaus_rule_applies_to_the_units_of_its_region(world, complaint, c_office):
    a, b, c = complaint(1), complaint(1, unit=world.b), complaint(1, unit=world.c)
    f.escalation_rule(code="bureau1", owner=world.bureau, notify_supervisor=True, notify_office=False)
    run()
    told = {key.split(":")[1] for key, user in notified() if ":bureau1:" in key and user == "supervisor"}
    assert told == {str(a.pk), str(b.pk)}  # county X's hospitals; C is in county Y
    assert c.pk and not any(":bureau1:" in key and key.startswith(f"complaint:{c.pk}:") for key, _u in notified())


def test_working_days_skip_the_weekend(world, complaint):
    # Deadline Friday 2026-03-13; on Monday 3-16 it is 3 calendar days but 1 working day overdue.
    complaint(0, deadline=date(2026, 3, 13))
    f.escalation_rule(code="wd2", days=2, working_days=True, notify_department_head=True, notify_office=False)
    f.escalation_rule(code="cal2", days=2, notify_department_head=True, notify_office=False)
    counts = run()
    assert (counts["complaint"]["wd2"], counts["complaint"]["cal2"]) == (0, 1)
    assert run(TODAY + timedelta(days=1))["complaint"]["wd2"] == 1


@pytest.mark.parametrize(
    ("today", "days", "working", "threshold"),
    [
        (date(2026, 3, 16), 1, False, date(2026, 3, 15)),
        (date(2026, 3, 16), 1, True, date(2026, 3, 15)),  # Monday: Friday's deadline is 1 working day late
        (date(2026, 3, 16), 2, True, date(2026, 3, 12)),
        (date(2026, 3, 14), 1, True, date(2026, 3, 12)),  # Saturday: only Friday counts
        (date(2026, 10, 7), 1, True, date(2026, 9, 29)),  # 国庆: a 9-30 deadline is not late yet
    ],
)
def test_overdue_threshold(db, today, days, working, threshold):  # working days: the calendar is data
    assert overdue_threshold(today, days, working) == threshold


def test_due_soon_limit_in_working_days(db):
    assert due_soon_limit(date(2026, 3, 12), 3, False) == date(2026, 3, 15)
    # Thursday + 3 working days: Fri, Mon, Tue; anything up to the day before Wednesday.
    assert due_soon_limit(date(2026, 3, 12), 3, True) == date(2026, 3, 17)


def _invalid(**kw) -> dict:
    rule = EscalationRule(**{"subject": "complaint", "code": "x1", "name": "测试", "days": 1, "message": "escalated",
                             "notify_office": True, **kw})  # fmt: skip
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        rule.full_clean()
    return e.value.message_dict


def test_rules_that_make_no_sense_are_refused_in_chinese(db):
    assert _invalid(days=0)["days"] == ["逾期后的规则，天数至少为 1 天。"]
    assert _invalid(subject="task", level=1)["level"] == ["工作任务没有督办级别，级别请填 0。"]
    assert _invalid(trigger="before", level=1, message="due_soon")["level"] == [
        "到期前的提醒不能提升督办级别，级别请填 0。"
    ]
    assert _invalid(trigger="before", days=2)["message"] == ["到期前的规则，消息类型请选“即将到期”。"]
    assert _invalid(message="due_soon")["message"] == ["逾期后的规则，消息类型请选“逾期”或“逾期升级”。"]
    assert _invalid(notify_office=False)["notify_responsible"] == ["请至少选择一类通知对象。"]
    assert _invalid(fallback="office")["fallback"] == ["只有勾选“责任人”时，才能设置无责任人时的替代通知对象。"]
    assert _invalid(condition="from_authority")["condition"] == ["该适用条件不适用于此督办对象。"]
    assert _invalid(code="Esc 1")["code"] == ["只能使用小写字母、数字和下划线。"]
    assert _invalid(code="esc1")["__all__"] == ["该督办对象已有相同编码的默认规则。"]


def test_an_owners_code_is_unique_per_kind(world):
    f.escalation_rule(code="own1", owner=world.a)
    assert _invalid(code="own1", owner=world.a)["__all__"] == ["该单位已为此督办对象设置了相同编码的规则。"]
    f.escalation_rule(code="own1", owner=world.b)  # another owner may use it
