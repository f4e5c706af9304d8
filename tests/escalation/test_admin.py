"""督办规则 in the admin: listed, edited with the acting user in the history, refused with a
Chinese message when they make no sense, never deleted, their kind and code fixed once made."""

import pytest
from django.urls import reverse

from chuangwen.escalation.models import EscalationRule
from chuangwen.org.models import User

pytestmark = pytest.mark.django_db

FORM = {
    "subject": "complaint",
    "code": "esc4",
    "name": "四级（市卫健委）",
    "owner": "",
    "is_active": "on",
    "trigger": "after",
    "days": "10",
    "condition": "",
    "fallback": "",
    "notify_supervisor": "on",
    "message": "escalated",
    "level": "4",
}


@pytest.fixture
def root(client):
    su = User.objects.create_superuser("root", password="pass-1234-word")
    client.force_login(su)
    return su, client


def test_the_list_shows_the_default_ladder(root):
    _su, client = root
    html = client.get(reverse("admin:escalation_escalationrule_changelist")).content.decode()
    for name in ("即将到期", "逾期7天上报", "升级至卫健局", "三级（主管部门）"):
        assert name in html
    assert "督办规则" in html


def test_a_rule_added_in_the_admin_is_stored_with_its_author(world, root):
    su, client = root
    resp = client.post(reverse("admin:escalation_escalationrule_add"), {**FORM, "owner": world.bureau.pk})
    assert resp.status_code == 302, resp.context["adminform"].form.errors
    rule = EscalationRule.objects.get(code="esc4")
    assert (rule.owner, rule.level, rule.audiences) == (world.bureau, 4, ["supervisor"])
    assert rule.history.get().history_user == su


def test_a_rule_that_makes_no_sense_is_refused_in_chinese(root):
    _su, client = root
    resp = client.post(
        reverse("admin:escalation_escalationrule_add"),
        {**FORM, "subject": "task", "notify_supervisor": "", "fallback": "office"},
    )
    assert resp.status_code == 200
    errors = resp.context["adminform"].form.errors
    assert errors["level"] == ["工作任务没有督办级别，级别请填 0。"]
    assert errors["notify_responsible"] == ["请至少选择一类通知对象。"]
    assert errors["fallback"] == ["只有勾选“责任人”时，才能设置无责任人时的替代通知对象。"]
    assert not EscalationRule.objects.filter(code="esc4").exists()


def test_kind_and_code_are_fixed_and_rules_are_never_deleted(root):
    _su, client = root
    rule = EscalationRule.objects.get(owner=None, subject="complaint", code="esc2")
    change = reverse("admin:escalation_escalationrule_change", args=[rule.pk])
    edit = {**FORM, "subject": "task", "code": "other", "name": rule.name, "days": "3", "level": "2"}
    resp = client.post(change, {**edit, "notify_supervisor": "", "notify_office": "on"})
    assert resp.status_code == 302
    rule.refresh_from_db()
    assert (rule.subject, rule.code, rule.days) == ("complaint", "esc2", 3)
    delete = reverse("admin:escalation_escalationrule_delete", args=[rule.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert EscalationRule.objects.filter(pk=rule.pk).exists()
