"""Per-person totals against the office's rules, star levels, the bureau's aggregates, and
acceptance 2's hours part: an item "志愿服务每人每月3小时" shows per department who is short."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chuangwen.evidence.models import ItemCompliance
from chuangwen.evidence.services import compliance_recompute
from chuangwen.org.models import Person, Unit
from chuangwen.volunteer import selectors, services
from chuangwen.volunteer.models import ServiceHours
from tests import factories as f

from . import factories as vf

D = Decimal


def _add(w, person, day, hours):
    return services.hours_add(person=person, user=w.office, hours=D(hours), served_on=day)


def test_hours_are_checked_and_never_deleted(hospital, today):
    w = hospital
    with pytest.raises(ValidationError) as exc:
        _add(w, w.a_p1, date(2026, 11, 20), "3")
    assert "2026-11-20" in str(exc.value)
    for bad in ("0", "24.5", "1.25"):
        with pytest.raises(ValidationError):
            _add(w, w.a_p1, date(2026, 3, 1), bad)
    with pytest.raises(PermissionDenied):
        services.hours_add(person=w.a_p1, user=w.b_office, hours=D("2"), served_on=date(2026, 3, 1))
    row = _add(w, w.a_p1, date(2026, 3, 1), "2")
    services.hours_correct(row=row, user=w.office, hours=D("2.5"), served_on=date(2026, 3, 2), reason="按签到表更正")
    services.hours_withdraw(row=row, user=w.office, reason="重复登记")
    row.refresh_from_db()
    assert row.withdrawn_at and row.withdrawn_reason == "重复登记"
    assert [h.hours for h in row.history.order_by("history_date")] == [D("2"), D("2.5"), D("2.5")]
    assert ServiceHours.objects.filter(pk=row.pk).exists()


def test_one_person_once_per_event(hospital, today):
    w = hospital
    event = services.event_create(
        unit=w.a, user=w.office, title="三月学雷锋", kind="便民服务", held_on=date(2026, 3, 5)
    )
    services.hours_add(person=w.a_p1, user=w.office, hours=D("3"), served_on=date(2026, 3, 5), event=event)
    with pytest.raises(ValidationError):
        services.hours_add(person=w.a_p1, user=w.office, hours=D("3"), served_on=date(2026, 3, 5), event=event)


def test_totals_show_who_is_short_and_by_how_much(hospital, today):
    w = hospital
    services.rule_set(unit=w.a, user=w.office, year=2026, kind="each_month", target=D("3"))
    services.rule_set(unit=w.a, user=w.office, year=2026, kind="each_year", target=D("25"))
    services.rule_set(unit=w.a, user=w.office, year=2026, kind="registered_share", target=D("100"))
    services.star_levels_seed(unit=w.a)
    for month in range(1, 11):
        _add(w, w.a_p1, date(2026, month, 10), "3")
    for month in range(1, 10):
        _add(w, w.a_p1, date(2025, month, 1), "10")  # cumulative: 120 h, 一星
    _add(w, w.a_p2, date(2026, 10, 3), "2")
    services.volunteer_register(person=w.a_p1, user=w.office, registered_on=date(2025, 1, 1))
    people = Person.objects.filter(unit=w.a, is_active=True)
    totals = {t.person.pk: t for t in selectors.person_totals(people, unit_id=w.a.pk, year=2026)}
    p1, p2 = totals[w.a_p1.pk], totals[w.a_p2.pk]
    assert p1.year == D("30") and p1.cumulative == D("120") and p1.star.name == "一星志愿者"
    assert p1.short_months == [] and p1.year_short == 0 and not p1.is_short
    assert p2.short_months == [(m, D("3")) for m in range(1, 10)] + [(10, D("1"))]  # November is not over
    assert p2.year_short == D("23")
    summary = selectors.unit_summary(list(totals.values()), unit_id=w.a.pk, year=2026)
    assert summary.staff == 4 and summary.registered == 1 and summary.registered_share == D("25.0")
    assert summary.share_short == D("75.0")
    departments = {d.name: d for d in selectors.department_totals(list(totals.values()))}
    assert departments["内科"].short_month == 2 and departments["外科"].short_month == 1


def test_star_levels_are_the_units_own(hospital, today):
    w = hospital
    assert [s.min_hours for s in services.star_levels_seed(unit=w.a)] == [D(x) for x in (100, 300, 600, 1000, 1500)]
    services.star_levels_set(unit=w.a, user=w.office, levels=[("铜牌", D("50")), ("银牌", D("150"))])
    assert [(s.name, s.min_hours) for s in services.star_levels_seed(unit=w.a)] == [("铜牌", 50), ("银牌", 150)]
    with pytest.raises(ValidationError):
        services.star_levels_set(unit=w.a, user=w.office, levels=[("甲", D("50")), ("乙", D("40"))])


def test_the_bureau_sees_per_unit_aggregates(hospital, today):
    w = hospital
    _add(w, w.a_p1, date(2026, 3, 1), "4")
    vf.volunteer(w.a_p1)
    units = selectors.unit_aggregates(Unit.objects.visible_to(w.supervisor).filter(kind="hospital"), year=2026)
    a = next(u for u in units if u.pk == w.a.pk)
    assert (a.staff_n, a.registered_n, a.hours_sum) == (4, 1, D("4"))
    assert w.c.pk not in {u.pk for u in units}


@pytest.fixture
def hours_item(hospital):
    w = hospital
    std = f.standard(w.a, aspects=1, indicators=1, items=1)
    item = std.items.get()
    item.rules = [{"type": "per_person", "what": "志愿服务", "quantity": "3", "unit": "小时", "period": "month"}]
    item.save()
    camp = f.campaign(w.a, std)
    camp.starts_on, camp.ends_on = date(2026, 10, 1), date(2026, 10, 31)
    camp.save()
    return item, camp


def test_an_item_of_hours_per_person_shows_per_department_who_is_short(hospital, hours_item, today, login):
    w = hospital
    item, camp = hours_item
    _add(w, w.a_p1, date(2026, 10, 8), "3")
    _add(w, w.head_person, date(2026, 10, 9), "5")
    _add(w, w.a_p2, date(2026, 10, 9), "1")
    row = compliance_recompute(campaign=camp, item=item)
    assert row.status != ItemCompliance.Status.MET
    assert row.unmet_reasons == ["2026-10：职工 4 人中 2 人不足 3 小时（内科 1、外科 1）"], row.unmet_reasons
    page = login(w.office).get(f"/volunteer/items/{item.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "赵敏" in text and "王强" in text and "李娜" not in text
    assert [(d, [s.person.name for s in people]) for d, people in page.context["current"].by_department.items()] == [
        ("内科", ["赵敏"]),
        ("外科", ["王强"]),
    ]
    # Everyone reaches 3 hours: the item is met, with no evidence uploaded.
    _add(w, w.a_p3, date(2026, 10, 20), "3")
    _add(w, w.a_p2, date(2026, 10, 21), "2")
    row = compliance_recompute(campaign=camp, item=item)
    assert row.status == ItemCompliance.Status.MET and row.unmet_reasons == []


def test_a_change_of_hours_rechecks_the_item(hospital, hours_item, today, django_capture_on_commit_callbacks):
    w = hospital
    item, camp = hours_item
    for person in (w.a_p1, w.a_p2, w.a_p3):
        _add(w, person, date(2026, 10, 8), "3")
    compliance_recompute(campaign=camp, item=item)
    assert ItemCompliance.objects.get(item=item).status != ItemCompliance.Status.MET  # 陈主任 has nothing
    with django_capture_on_commit_callbacks(execute=True):
        _add(w, w.head_person, date(2026, 10, 9), "3")
    assert ItemCompliance.objects.get(item=item).status == ItemCompliance.Status.MET
    row = ServiceHours.objects.get(person=w.head_person)
    with django_capture_on_commit_callbacks(execute=True):
        services.hours_withdraw(row=row, user=w.office, reason="误登")
    assert ItemCompliance.objects.get(item=item).status != ItemCompliance.Status.MET
