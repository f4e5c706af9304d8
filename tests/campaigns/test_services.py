from datetime import date

import pytest
from django.core.exceptions import ValidationError

from chuangwen.campaigns import services
from chuangwen.campaigns.models import Campaign, CampaignMember, Phase, Task
from chuangwen.campaigns.services import PhaseSpec, default_phases, expected_occurrences
from tests import factories as f

from .conftest import item


def test_default_phases_follow_seed_000():
    """Feb–Sep splits exactly like seed 000 (二): Feb–Apr, May–Jul, Aug–Sep."""
    phases = default_phases(date(2026, 2, 1), date(2026, 9, 30))
    assert [(p.name, p.starts_on, p.ends_on) for p in phases] == [
        ("宣传发动", date(2026, 2, 1), date(2026, 4, 30)),
        ("全面创建", date(2026, 5, 1), date(2026, 7, 31)),
        ("查漏补缺·迎检", date(2026, 8, 1), date(2026, 9, 30)),
    ]


def test_default_phases_cover_short_campaigns_without_gaps():
    phases = default_phases(date(2026, 3, 1), date(2026, 3, 20))
    assert phases[0].starts_on == date(2026, 3, 1) and phases[-1].ends_on == date(2026, 3, 20)
    for a, b in zip(phases, phases[1:], strict=False):
        assert a.starts_on <= a.ends_on < b.starts_on


def test_campaign_create_makes_three_phases_with_history(world, camp):
    phases = list(camp.phases.order_by("order"))
    assert [p.kind for p in phases] == [Phase.Kind.MOBILISE, Phase.Kind.IMPLEMENT, Phase.Kind.REVIEW]
    assert phases[0].starts_on == camp.starts_on and phases[-1].ends_on == camp.ends_on
    assert camp.history.get().history_user == world.office
    assert phases[0].history.get().history_user == world.office


def test_campaign_needs_a_standard_visible_to_its_unit(world, std):
    other = f.standard(world.c, name="临川县人民医院自定标准")
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            unit=world.a, name="x", year=2026, target_level="city", standard=other,
            starts_on=date(2026, 2, 1), ends_on=date(2026, 11, 30), user=world.office,
        )  # fmt: skip
    assert "standard" in exc.value.message_dict
    assert not Campaign.objects.exists()


def test_draft_standard_of_the_bureau_is_refused_but_own_draft_is_fine(world):
    draft = f.standard(world.bureau, applies_to=world.county_x, status="draft")
    own = f.standard(world.a, status="draft", name="本院标准")
    kwargs = dict(unit=world.a, name="x", year=2026, target_level="city", starts_on=date(2026, 2, 1),
                  ends_on=date(2026, 11, 30), user=world.office)  # fmt: skip
    with pytest.raises(ValidationError):
        services.campaign_create(standard=draft, **kwargs)
    assert services.campaign_create(standard=own, **kwargs).standard == own


def test_phases_must_lie_within_the_campaign(world, camp):
    bad = [PhaseSpec("宣传发动", date(2026, 1, 1), date(2026, 3, 31), Phase.Kind.MOBILISE)]
    with pytest.raises(ValidationError) as exc:
        services.campaign_phases_set(campaign=camp, phases=bad, user=world.office)
    assert "phases" in exc.value.message_dict
    assert camp.phases.count() == 3


def test_phase_with_tasks_cannot_be_removed(world, camp):
    first = camp.phases.order_by("order").first()
    f.task(camp, world.a_med, phase=first)
    keep = [PhaseSpec(p.name, p.starts_on, p.ends_on, p.kind, p.pk) for p in camp.phases.order_by("order")[1:]]
    with pytest.raises(ValidationError):
        services.campaign_phases_set(campaign=camp, phases=keep, user=world.office)
    assert camp.phases.count() == 3


def test_update_phase_dates_in_place(world, camp):
    specs = [PhaseSpec(p.name, p.starts_on, p.ends_on, p.kind, p.pk) for p in camp.phases.order_by("order")]
    specs[0] = PhaseSpec(specs[0].name, specs[0].starts_on, date(2026, 3, 15), specs[0].kind, specs[0].id)
    services.campaign_update(campaign=camp, user=world.office, phases=specs, name="改名后的创建周期")
    camp.refresh_from_db()
    assert camp.name == "改名后的创建周期"
    assert camp.phases.get(pk=specs[0].id).ends_on == date(2026, 3, 15)


def test_members_of_the_unit_only(world, camp):
    m = services.campaign_member_add(campaign=camp, group="leading", person=world.a_p1, duty="组长", user=world.office)
    assert m.order == 1
    with pytest.raises(ValidationError) as exc:
        services.campaign_member_add(campaign=camp, group="leading", person=world.b_p1, duty="成员", user=world.office)
    assert "person" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.campaign_member_add(campaign=camp, group="leading", person=world.a_p1, duty="组长", user=world.office)
    services.campaign_member_remove(member=m, user=world.office)
    # Archived, not deleted: who sat in the group, and who took them off when, stays on record.
    m.refresh_from_db()
    assert m.archived_at is not None and m.archived_by == world.office
    assert not CampaignMember.history.filter(id=m.pk, history_type="-").exists()
    assert CampaignMember.history.filter(id=m.pk).latest().history_user == world.office
    with pytest.raises(ValidationError):
        services.campaign_member_remove(member=m, user=world.office)
    # Put back: a new row, the archived one kept.
    again = services.campaign_member_add(
        campaign=camp, group="leading", person=world.a_p1, duty="组长", user=world.office
    )
    assert again.pk != m.pk and again.order == 1
    assert CampaignMember.objects.filter(person=world.a_p1).count() == 2


def test_task_create_numbers_and_links(world, camp, std):
    t1 = services.task_create(
        campaign=camp, title="每月两次政治学习", department=world.a_med, person=world.a_p1,
        deadline=date(2026, 11, 30), items=[item(std, "1.1.1")], co_departments=[world.a_surg],
        recurrence=Task.Recurrence.TWICE_MONTHLY, user=world.office,
    )  # fmt: skip
    t2 = services.task_create(campaign=camp, title="动员大会", department=world.a_med, deadline=date(2026, 3, 1),
                              user=world.office)  # fmt: skip
    assert (t1.code, t2.code) == ("RW001", "RW002")
    assert t1.unit == world.a and t1.created_by == world.office
    assert list(t1.items.values_list("code", flat=True)) == ["1.1.1"]
    assert t1.history.first().history_user == world.office


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("department", lambda w, s, other: {"department": w.b_med}),
        ("person", lambda w, s, other: {"person": w.b_p1}),
        ("items", lambda w, s, other: {"items": list(other.items.all()[:1])}),
        ("co_departments", lambda w, s, other: {"co_departments": [w.b_surg]}),
        ("co_departments", lambda w, s, other: {"co_departments": [w.a_med]}),
    ],
)
def test_task_refuses_foreign_references(world, camp, std, field, kwargs):
    other = f.standard(world.a, name="另一标准")
    data = {"department": world.a_med, **kwargs(world, std, other)}
    with pytest.raises(ValidationError) as exc:
        services.task_create(campaign=camp, title="任务", deadline=date(2026, 5, 1), user=world.office, **data)
    assert field in exc.value.message_dict
    assert not Task.objects.exists()


def test_task_code_must_be_unique_in_campaign(world, camp):
    services.task_create(campaign=camp, title="a", department=world.a_med, deadline=date(2026, 5, 1), code="A1",
                         user=world.office)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.task_create(campaign=camp, title="b", department=world.a_med, deadline=date(2026, 5, 1),
                             code="A1", user=world.office)  # fmt: skip
    assert "code" in exc.value.message_dict


def test_task_archive_keeps_row_and_history(world, camp):
    t = f.task(camp, world.a_med)
    services.task_update(task=t, user=world.office, title="改过的任务")
    services.task_archive(task=t, user=world.head)
    t.refresh_from_db()
    assert t.is_archived and t.archived_by == world.head
    assert Task.objects.filter(pk=t.pk).exists()
    users = [h.history_user for h in t.history.order_by("history_date")]
    assert users[-2:] == [world.office, world.head]
    with pytest.raises(ValidationError):
        services.task_update(task=t, user=world.office, title="再改")


def test_bulk_assign_one_task_per_item(world, camp, std):
    items = list(std.items.order_by("order")[:3])
    a = services.Assignment(item_ids=[i.pk for i in items], department=world.a_med, person=world.a_p1,
                            deadline=date(2026, 6, 30))  # fmt: skip
    created = services.task_assign_items_bulk(campaign=camp, assignments=[a], user=world.office,
                                              recurrence=Task.Recurrence.MONTHLY)  # fmt: skip
    assert len(created) == 3
    assert [t.title for t in created] == [i.title for i in items]
    assert all(t.items.count() == 1 and t.recurrence == "monthly" and t.person == world.a_p1 for t in created)


def test_bulk_assign_combined_and_several_departments(world, camp, std):
    items = list(std.items.order_by("order"))
    a = services.Assignment(item_ids=[i.pk for i in items[:2]], department=world.a_med, deadline=date(2026, 6, 30))
    b = services.Assignment(item_ids=[i.pk for i in items[2:5]], department=world.a_surg, deadline=date(2026, 7, 31))
    created = services.task_assign_items_bulk(campaign=camp, assignments=[a, b], user=world.office, combine=True,
                                              title="宣传阵地建设")  # fmt: skip
    assert [(t.department, t.items.count(), t.title) for t in created] == [
        (world.a_med, 2, "宣传阵地建设"),
        (world.a_surg, 3, "宣传阵地建设"),
    ]


def test_bulk_assign_refuses_items_of_another_standard(world, camp):
    other = f.standard(world.a, name="另一标准")
    a = services.Assignment(item_ids=[other.items.first().pk], department=world.a_med, deadline=date(2026, 6, 30))
    with pytest.raises(ValidationError):
        services.task_assign_items_bulk(campaign=camp, assignments=[a], user=world.office)
    assert not Task.objects.exists()


@pytest.mark.parametrize(
    "recurrence,start,end,expected",
    [
        ("twice_monthly", date(2026, 3, 1), date(2026, 11, 30), 18),
        ("monthly", date(2026, 3, 1), date(2026, 11, 30), 9),
        ("quarterly", date(2026, 3, 1), date(2026, 11, 30), 4),
        ("quarterly", date(2026, 4, 1), date(2026, 9, 30), 2),
        ("half_yearly", date(2026, 2, 1), date(2026, 11, 30), 2),
        ("yearly", date(2026, 2, 1), date(2026, 11, 30), 1),
        ("weekly", date(2026, 3, 2), date(2026, 3, 29), 4),
        ("once", date(2026, 3, 1), date(2026, 11, 30), 1),
    ],
)
def test_expected_occurrences(recurrence, start, end, expected):
    assert expected_occurrences(recurrence, start, end) == expected


def test_task_expected_occurrences_uses_phase_start_and_deadline(world, camp):
    phase = camp.phases.get(kind=Phase.Kind.IMPLEMENT)  # starts 2026-06-01
    t = f.task(camp, world.a_med, phase=phase, deadline=date(2026, 11, 30), recurrence="twice_monthly")
    assert services.task_expected_occurrences(t) == 2 * 6
    t2 = f.task(camp, world.a_med, deadline=date(2026, 11, 30), recurrence="monthly")
    assert services.task_expected_occurrences(t2) == 10  # Feb–Nov from the campaign's start
