"""量化考核 of departments: a month of findings, complaints, overdue tasks and a survey alert
scored and ranked by the scheme (checked against a hand computation), the feeders, the ledger
append-only through the services and the API, and appeals changing scores only through
counter-entries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chuangwen.campaigns.models import Task
from chuangwen.feedback import services as feedback
from chuangwen.feedback.models import Complaint
from chuangwen.scoring import department_feeders
from chuangwen.scoring.department_scores import ranking, scores_publish, scores_recompute, unit_ranking
from chuangwen.scoring.models import Appeal, AppealEvent, AppendOnlyError, DepartmentScore, LedgerEntry, Source
from chuangwen.scoring.services import appeals as appeal_services
from chuangwen.scoring.services import departments as department_services
from chuangwen.scoring.services import entry_add
from chuangwen.surveys.models import SatisfactionAlert
from tests import factories as f

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


@pytest.fixture
def scheme(world):
    # Findings: own points; complaints −2 each (at most −4); survey alert −3; task periods −2;
    # praise +1 (at most 2); bonuses at most 3 in all.
    return department_services.scheme_save(
        unit=world.a,
        user=world.office,
        name="科室月度考核",
        base_score=100,
        rules=[
            {"source": "finding", "points": None, "cap": None},
            {"source": "complaint", "points": "-2", "cap": "4"},
            {"source": "survey_alert", "points": "-3", "cap": None},
            {"source": "task_period", "points": "-2", "cap": None},
            {"source": "praise", "points": "1", "cap": "2"},
        ],
        bonus_cap=3,
    )


def _closed(world, department, *, kind="complaint", outcome="substantiated", person=None):
    c = feedback.complaint_create(
        unit=world.a,
        channel="phone",
        category="attitude",
        content="态度差",
        kind=kind,
        department=department,
        user=world.office,
    )
    feedback.complaint_assign(complaint=c, handler=world.office, user=world.office)
    feedback.complaint_reply(complaint=c, text="已核实并道歉", channel="phone", user=world.office)
    return feedback.complaint_close(complaint=c, user=world.office, outcome=outcome, person=person)


def _finding(world, department, points, day=12):
    return entry_add(
        unit=world.a,
        department=department,
        points=points,
        source=Source.FINDING,
        reason="暗访发现吸烟",
        occurred_on=date(2026, 3, day),
        source_label="问题 WJ2026-031",
    )


def test_a_month_scores_and_ranks_each_department_as_by_hand(world, scheme, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 3, 20))
    med, surg = world.a_med, world.a_surg
    third = f.department(world.a, "儿科")
    # 内科: two findings (−1, −0.5), three substantiated complaints (3 × −2 = −6, capped −4),
    # one praise letter (+1); 外科: one finding −2, a survey alert (−3), an overdue task period
    # (−2), three praise letters (+3, capped +2); 儿科: nothing.
    _finding(world, med, "-1")
    _finding(world, med, "-0.5")
    for _i in range(3):
        _closed(world, med)
    _closed(world, med, outcome="unfounded")  # not substantiated: nothing
    _closed(world, med, kind="praise", outcome="")
    _finding(world, surg, "-2")
    alert = SatisfactionAlert.objects.create(
        unit=world.a, department=surg, month=MARCH, index=72, threshold=80, responses=40
    )
    department_feeders.survey_alert_raised(alert=alert)
    department_feeders.survey_alert_raised(alert=alert)  # idempotent
    campaign = f.campaign(world.a, f.standard(world.bureau))
    f.task(campaign, surg, recurrence=Task.Recurrence.MONTHLY, deadline=date(2026, 11, 30))
    assert department_feeders.task_periods_feed(today=date(2026, 4, 2), unit_id=world.a.pk) == 2  # Feb, Mar
    assert department_feeders.task_periods_feed(today=date(2026, 4, 2), unit_id=world.a.pk) == 0
    for _i in range(3):
        _closed(world, surg, kind="praise", outcome="")

    rows = {s.department_id: s for s in scores_recompute(unit=world.a, month=MARCH)}
    # 内科 = 100 − 1.5 − 4 + 1 = 95.5; 外科 = 100 − 2 − 3 − 2 (March's period) + 2 = 95; 儿科 = 100.
    assert (rows[med.pk].score, rows[med.pk].deductions, rows[med.pk].bonuses) == (
        Decimal("95.5"),
        Decimal("-5.5"),
        Decimal("1"),
    )
    assert (rows[surg.pk].score, rows[surg.pk].deductions, rows[surg.pk].bonuses) == (
        Decimal("95"),
        Decimal("-7"),
        Decimal("2"),
    )
    assert rows[third.pk].score == Decimal("100")
    assert (rows[third.pk].rank, rows[med.pk].rank, rows[surg.pk].rank) == (1, 2, 3)
    assert rows[med.pk].breakdown["complaint"] == {"entries": 3, "points": "-3.00", "applied": "-4.00"}
    february = {s.department_id: s.score for s in scores_recompute(unit=world.a, month=date(2026, 2, 1))}
    assert february[surg.pk] == Decimal("98")  # February's overdue period


def test_the_bonus_cap_and_floor_of_the_scheme(world, scheme):
    for day in (2, 3, 4, 5):
        department_services.manual_entry_add(
            user=world.office,
            unit=world.a,
            department=world.a_med,
            points="2",
            reason="获市级表彰",
            occurred_on=date(2026, 3, day),
            source=Source.HONOUR,
        )
    department_services.manual_entry_add(
        user=world.office,
        unit=world.a,
        department=world.a_surg,
        points="-150",
        reason="重大投诉",
        occurred_on=date(2026, 3, 2),
    )
    rows = {s.department_id: s for s in scores_recompute(unit=world.a, month=MARCH)}
    assert rows[world.a_med.pk].score == Decimal("103")  # +8 capped at the bonus cap 3
    assert rows[world.a_surg.pk].score == Decimal("0")  # never below the floor


def test_the_scheme_is_data_checked_whole(world):
    with pytest.raises(ValidationError) as exc:
        department_services.scheme_save(
            unit=world.a,
            user=world.office,
            name="x",
            base_score=100,
            rules=[{"source": "nope"}, {"source": "complaint", "points": "abc"}, {"source": "appeal", "points": "1"}],
        )
    messages = exc.value.message_dict["rules"]
    assert len(messages) == 3 and "1" in messages[0] and "2" in messages[1]
    with pytest.raises(PermissionDenied):
        department_services.scheme_save(unit=world.a, user=world.head, name="x", base_score=100, rules=[])


def test_a_reopened_complaint_found_unfounded_gives_the_points_back(world, scheme):
    c = _closed(world, world.a_med, person=world.a_p1)
    entry = LedgerEntry.objects.get(source=Source.COMPLAINT)
    assert entry.person_id == world.a_p1.pk and entry.points == -1 and c.reference in entry.source_label
    feedback.complaint_reopen(complaint=c, user=world.office, reason="复核")
    feedback.complaint_assign(complaint=c, handler=world.office, user=world.office)
    feedback.complaint_reply(complaint=c, text="复核不属实", channel="phone", user=world.office)
    feedback.complaint_close(complaint=c, user=world.office, outcome=Complaint.Outcome.UNFOUNDED)
    assert LedgerEntry.objects.get(reverses=entry).points == 1
    assert scores_recompute(unit=world.a, month=entry.period)[0].score == Decimal("100")


def test_the_ledger_is_append_only_through_services_and_api(world, scheme, call):
    entry = department_services.manual_entry_add(
        user=world.office,
        unit=world.a,
        department=world.a_med,
        points="-1",
        reason="台账缺失",
        occurred_on=date(2026, 3, 3),
    )
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(PermissionDenied):
        department_services.ledger_correct(user=world.head, entry=entry, reason="想撤销")
    path = f"/api/scoring/ledger/{entry.pk}"
    for method in ("put", "patch", "delete"):
        assert call(world.office, method, path, {"points": "-10"}).status_code == 405
    assert call(world.office, "get", path).json()["points"] == "-1.00"
    r = call(
        world.office,
        "post",
        "/api/scoring/ledger",
        {
            "unit": world.a.pk,
            "department": world.a_med.pk,
            "points": "-2",
            "reason": "卫生不达标",
            "occurred_on": "2026-03-05",
        },
    )
    assert r.status_code == 201 and r.json()["source"] == "manual"
    assert (
        call(
            world.head,
            "post",
            "/api/scoring/ledger",
            {"unit": world.a.pk, "points": "-2", "reason": "x", "occurred_on": "2026-03-05"},
        ).status_code
        == 403
    )
    r = call(world.office, "post", f"{path}/correct", {"reason": "误记"})
    assert r.status_code == 201 and r.json()["reverses_id"] == entry.pk
    assert call(world.office, "post", f"{path}/correct", {"reason": "再撤"}).status_code == 422
    assert LedgerEntry.objects.count() == 3 and LedgerEntry.objects.get(pk=entry.pk).points == -1
    listed = call(world.head, "get", "/api/scoring/ledger?month=2026-03-01").json()["items"]
    assert {e["department_id"] for e in listed} == {world.a_med.pk}


def test_an_appeal_reversed_changes_the_score_only_by_a_counter_entry(world, scheme, call, monkeypatch):
    entry = _finding(world, world.a_med, "-2")
    upheld = _finding(world, world.a_med, "-1", day=13)
    today = timezone.localdate(entry.created_at)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today)
    assert scores_recompute(unit=world.a, month=MARCH)[-1].score == Decimal("97")
    with pytest.raises(PermissionDenied):
        appeal_services.appeal_file(entry=entry, user=world.office, text="不服")
    r = call(world.head, "post", f"/api/scoring/ledger/{entry.pk}/appeal", data={"text": "现场为访客吸烟，已劝离"})
    assert r.status_code == 201, r.content
    appeal_id = r.json()["id"]
    assert (
        call(
            world.head, "post", f"/api/scoring/appeals/{appeal_id}/decide", {"reverse": True, "reason": "x"}
        ).status_code
        == 403
    )
    r = call(world.office, "post", f"/api/scoring/appeals/{appeal_id}/decide", {"reverse": True, "reason": "核实属实"})
    assert r.status_code == 200 and r.json()["status"] == "reversed"
    second = appeal_services.appeal_file(entry=upheld, user=world.head, text="不服")
    appeal_services.appeal_decide(appeal=second, user=world.office, reverse=False, reason="证据充分，维持")
    with pytest.raises(ValidationError):
        appeal_services.appeal_decide(appeal=second, user=world.office, reverse=True, reason="改判")
    counter = LedgerEntry.objects.get(reverses=entry)
    assert counter.source == Source.APPEAL and counter.points == 2
    assert LedgerEntry.objects.filter(pk=entry.pk, points=-2).exists()  # the entry itself stays
    assert scores_recompute(unit=world.a, month=MARCH)[-1].score == Decimal("99")
    steps = list(AppealEvent.objects.filter(appeal_id=appeal_id).values_list("action", flat=True))
    assert steps == ["filed", "reversed"] and Appeal.objects.count() == 2


def test_an_appeal_after_the_window_is_refused(world, scheme, monkeypatch):
    entry = _finding(world, world.a_med, "-1")
    late = timezone.localdate(entry.created_at) + timedelta(days=30)
    with pytest.raises(ValidationError, match=r"\d{4}-\d{2}-\d{2}"):
        appeal_services.appeal_file(entry=entry, user=world.head, text="晚了", today=late)
    assert not Appeal.objects.exists()


def test_published_scores_are_seen_by_the_hospital_and_the_bureau_ranks_units(world, scheme, login):
    _finding(world, world.a_med, "-3")
    scores_recompute(unit=world.a, month=MARCH)
    assert not ranking(user=world.staff, unit_id=world.a.pk, month=MARCH).exists()
    assert ranking(user=world.office, unit_id=world.a.pk, month=MARCH).count() == 2
    scores_publish(unit=world.a, month=MARCH, user=world.office)
    assert [s.rank for s in ranking(user=world.staff, unit_id=world.a.pk, month=MARCH)] == [1, 2]
    rows = unit_ranking(units=world.a.__class__.objects.all(), month=MARCH)
    assert rows[0]["unit_id"] == world.a.pk and rows[0]["mean"] == Decimal("98.50")
    client = login(world.head)
    page = client.get("/scoring/departments/?month=2026-03")
    assert page.status_code == 200 and "97.00" in page.content.decode()
    assert client.get(f"/scoring/departments/{world.a_med.pk}/?month=2026-03").status_code == 200
    xlsx = client.get("/scoring/departments/export.xlsx?month=2026-03")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert DepartmentScore.objects.filter(published_at__isnull=False).count() == 2


def test_the_ledger_page_keeps_its_query_count(world, scheme, login, django_assert_num_queries):
    for day in range(1, 9):
        _finding(world, world.a_med, "-1", day=day)
    client = login(world.office)
    client.get("/scoring/departments/ledger/")
    with django_assert_num_queries(8):
        r = client.get("/scoring/departments/ledger/")
    assert r.status_code == 200 and r.content.decode().count('data-testid="entry-row"') == 8
