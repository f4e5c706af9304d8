"""Eligibility as data (acceptance 3): a veto recorded on a person blocks her nomination for
最满意护士 with the reason, in the service, on the page and through the API; the other rules
(substantiated complaints, party membership, the post) likewise."""

import pytest
from django.core.exceptions import ValidationError

from chuangwen.ethics import eligibility as ethics
from chuangwen.honours import services
from chuangwen.honours.models import HonourType, Nomination
from chuangwen.honours.rules import rule_errors
from tests import factories as f

VETO = "一票否决：收受红包（2026-05-12）"


def _nominate(w, person, honour_type=None, user=None, channel="department"):
    return services.nomination_create(
        user=user or w.office, selection=w.sel, honour_type=honour_type or w.nurse_type, channel=channel,
        reason="护理工作细致，多次收到表扬信。", person=person,
    )  # fmt: skip


def test_a_veto_refuses_the_nomination_naming_the_reason(hw, marks):
    marks({hw.a_p1.pk: VETO})
    with pytest.raises(ValidationError) as exc:
        _nominate(hw, hw.a_p1)
    assert VETO in exc.value.message_dict["person"][0]
    assert "最满意护士" in exc.value.message_dict["person"][0]
    assert not Nomination.objects.exists()
    assert _nominate(hw, hw.nurses[1]).status == Nomination.Status.NOMINATED  # others are not affected


def test_a_poor_ethics_grade_refuses_too(hw, marks):
    marks({hw.nurses[1].pk: "2026年度医德考评等次：较差"}, kind="poor_grade")
    with pytest.raises(ValidationError, match="较差"):
        _nominate(hw, hw.nurses[1])


def test_a_substantiated_complaint_naming_her_refuses(hw, marks):
    f.complaint(hw.a, person=hw.a_p1, department=hw.a_med, outcome="partly")
    f.complaint(hw.a, person=hw.nurses[1], department=hw.a_med, outcome="unfounded")
    with pytest.raises(ValidationError, match="1 substantiated|查实"):
        _nominate(hw, hw.a_p1)
    _nominate(hw, hw.nurses[1])  # an unfounded complaint is no obstacle


def test_party_member_and_post_rules(hw, marks):
    with pytest.raises(ValidationError) as exc:
        _nominate(hw, hw.a_p1, hw.party_type)  # masses
    assert "群众" in str(exc.value) or "Masses" in str(exc.value)
    _nominate(hw, hw.nurses[1], hw.party_type)
    with pytest.raises(ValidationError, match="护"):
        _nominate(hw, hw.a_p2)  # 王强 in 外科 has no nursing title


def test_the_eligibility_page_and_api_show_the_reason(hw, marks, login, call):
    marks({hw.a_p1.pk: VETO})
    url = f"/api/honours/selections/{hw.sel.pk}/eligibility?honour_type={hw.nurse_type.pk}&person={hw.a_p1.pk}"
    assert call(hw.office, "get", url).json() == {"eligible": False, "reasons": [VETO]}
    response = call(
        hw.office, "post", f"/api/honours/selections/{hw.sel.pk}/nominations",
        {"honour_type": hw.nurse_type.pk, "person": hw.a_p1.pk, "channel": "department", "reason": "优秀"},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person" and VETO in response.json()["errors"][0]["message"]
    page = login(hw.office).post(
        f"/honours/selections/{hw.sel.pk}/nominate/",
        {"honour_type": hw.nurse_type.pk, "person": hw.a_p1.pk, "channel": "department", "reason": "优秀"},
    )
    assert page.status_code == 200 and VETO in page.content.decode()
    assert not Nomination.objects.exists()


def test_a_mark_found_after_nominating_shows_on_the_list(hw, marks, login, call):
    n = _nominate(hw, hw.a_p1)
    marks({hw.a_p1.pk: VETO})
    rows = call(hw.office, "get", f"/api/honours/selections/{hw.sel.pk}/nominations").json()
    assert rows[0]["id"] == n.pk and rows[0]["eligible"] is False and rows[0]["ineligible_reasons"] == [VETO]
    assert VETO in login(hw.office).get(f"/honours/selections/{hw.sel.pk}/").content.decode()


def test_self_and_department_nominations_need_the_right_person(hw, marks):
    from django.core.exceptions import PermissionDenied

    _nominate(hw, hw.a_p1, user=hw.staff, channel="self")  # staff is 李娜's account
    with pytest.raises(PermissionDenied):
        _nominate(hw, hw.nurses[1], user=hw.staff, channel="self")
    _nominate(hw, hw.nurses[1], user=hw.head, channel="department")  # head of 内科
    with pytest.raises(PermissionDenied):
        _nominate(hw, hw.nurses[2], user=hw.head, channel="branch")
    _nominate(hw, hw.nurses[2], hw.party_type, user=hw.secretary, channel="branch")


def test_nominated_once_per_honour(hw, marks):
    _nominate(hw, hw.a_p1)
    with pytest.raises(ValidationError, match="Already|已"):
        _nominate(hw, hw.a_p1)


def test_rules_are_checked_when_saved(db):
    assert rule_errors([{"kind": "no_ethics_mark"}, {"kind": "political_status", "values": ["cpc"]}]) == []
    errors = rule_errors([{"kind": "bribe"}, {"kind": "post_contains"}, {"kind": "political_status", "values": []}])
    assert len(errors) == 3 and "1" in errors[0] and "2" in errors[1] and "3" in errors[2]
    with pytest.raises(ValidationError):
        HonourType(code="x", name="x", rules=[{"kind": "bribe"}]).full_clean()


def test_shipped_types_are_seeded(db):
    names = set(HonourType.objects.filter(unit__isnull=True).values_list("name", flat=True))
    assert {"最满意医生", "最满意护士", "服务标兵", "文明科室", "文明示范岗", "优秀共产党员", "道德模范"} <= names


def test_eligibility_asks_the_ethics_module_only(hw, monkeypatch):
    """Ethics reasons come from ``marks_for`` alone, asked once for all nominees."""
    calls = []
    monkeypatch.setattr(ethics, "marks_for", lambda ids, year: calls.append((sorted(ids), year)) or {})
    from chuangwen.honours.eligibility import person_reasons

    assert person_reasons(hw.nurse_type, hw.nurses, 2026) == {p.pk: [] for p in hw.nurses}
    assert calls == [(sorted(p.pk for p in hw.nurses), 2026)]


def test_a_real_veto_blocks_the_nomination_on_the_page_the_api_and_her_page(hw, login, call):
    """Acceptance 3 end to end: the office records 收受患者红包 (a veto act) on 李娜 through the ethics app's own
    service; her nomination for 最满意护士 is refused with that reason by the service, the page and
    the API, nothing is written, and her staff page shows the mark."""
    from datetime import date

    from chuangwen.ethics.models import VetoAct
    from chuangwen.ethics.services.records import veto_record

    act = VetoAct.objects.get(unit__isnull=True, code="red_envelope")  # 收受患者红包, seeded
    veto_record(person=hw.a_p1, act=act, occurred_on=date(2026, 5, 12), facts="收受患者家属红包800元", by=hw.office)
    with pytest.raises(ValidationError, match="收受患者红包"):
        _nominate(hw, hw.a_p1)
    body = {"honour_type": hw.nurse_type.pk, "person": hw.a_p1.pk, "channel": "department", "reason": "优秀"}
    response = call(hw.office, "post", f"/api/honours/selections/{hw.sel.pk}/nominations", body)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "person" and "收受患者红包" in error["message"]
    page = login(hw.office).post(f"/honours/selections/{hw.sel.pk}/nominate/", body)
    assert page.status_code == 200 and "收受患者红包" in page.content.decode()
    assert not Nomination.objects.exists()
    assert _nominate(hw, hw.nurses[1]).status == Nomination.Status.NOMINATED  # her colleague is not affected
    her_page = login(hw.office).get(f"/org/staff/{hw.a_p1.pk}/").content.decode()
    assert "收受患者红包" in her_page


def test_an_ethics_grade_below_good_refuses_when_the_rule_asks_for_good(hw, login):
    """ "Ethics grade ≥ 良好": 周敏 graded 一般 in last year's final evaluation is refused with the
    grade named; 吴芳 graded 良好 is not; 郑丽 has no final grade and is not refused for it. The
    shipped 最满意护士 carries the rule."""
    from chuangwen.ethics import services as ethics_services
    from chuangwen.ethics.models import Evaluation, EvaluationRow
    from chuangwen.honours.defaults import GOOD_GRADE

    hw.nurse_type.rules = [*hw.nurse_type.rules, GOOD_GRADE]
    hw.nurse_type.save()
    rule_set = f.ethics_rule_set(hw.a, year=2025)
    evaluation = ethics_services.evaluation_open(unit=hw.a, year=2025, rule_set=rule_set, departments=[hw.a_med])
    EvaluationRow.objects.filter(evaluation=evaluation, person=hw.nurses[1]).update(grade="fair")
    EvaluationRow.objects.filter(evaluation=evaluation, person=hw.nurses[2]).update(grade="good")
    EvaluationRow.objects.filter(evaluation=evaluation, person=hw.nurses[3]).update(grade="")
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.FINAL)
    with pytest.raises(ValidationError) as exc:
        _nominate(hw, hw.nurses[1])
    assert "2025" in str(exc.value) and "一般" in str(exc.value) and "良好" in str(exc.value)
    _nominate(hw, hw.nurses[2])
    _nominate(hw, hw.nurses[3])
    shipped = HonourType.objects.get(unit__isnull=True, code="most-satisfied-nurse")
    assert GOOD_GRADE in shipped.rules
