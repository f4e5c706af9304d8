"""整改统计 (chuangwen.inspections.stats): figures per department and per unit for a period,
computed in SQL, seen through the user's scope."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image

from chuangwen.inspections import stats
from chuangwen.inspections.models import Finding, FindingPhoto, InspectionRound

S = Finding.State
OCTOBER = stats.Period.month(2026, 10)
TODAY = datetime.date(2026, 11, 3)


def at(month, day, hour=9, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, hour, minute))


def make_finding(unit, department, *, found, state=S.ORDERED, deadline=None, closed=None, points="0", **kw):
    return Finding.objects.create(
        unit=unit,
        source_unit=kw.pop("source_unit", unit),
        department=department,
        description=kw.pop("description", "护士站台面杂物堆放，未做到物品定位摆放"),
        location=kw.pop("location", "住院部3楼护士站"),
        severity=kw.pop("severity", Finding.Severity.GENERAL),
        points_deducted=Decimal(points),
        found_at=found,
        state=state,
        deadline=deadline,
        closed_at=closed,
        **kw,
    )


def jpeg(color=(200, 40, 40), size=(160, 120)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def add_photo(finding, stage=FindingPhoto.Stage.FOUND, *, thumbnail=True, n=[0]):  # noqa: B006 - a counter
    n[0] += 1
    data = jpeg(color=(40 * (n[0] % 6), 120, 80))
    name = default_storage.save(f"findings/{finding.unit_id}/photo-{n[0]}.jpg", ContentFile(data))
    thumb = default_storage.save(f"findings/{finding.unit_id}/thumb-{n[0]}.jpg", ContentFile(data)) if thumbnail else ""
    return FindingPhoto.objects.create(
        finding=finding,
        unit=finding.unit,
        department=finding.department,
        stage=stage,
        file=name,
        thumbnail=thumb,
        original_name=f"IMG_{n[0]:04d}.jpg",
        content_type="image/jpeg",
        size=len(data),
        sha256="0" * 64,
    )


def build_october(w) -> dict[str, Finding]:
    """Hospital A's findings of October 2026 (and some that must not count)."""
    rnd = InspectionRound.objects.create(
        owner_unit=w.a, kind="supervision", title="10月文明创建督查", starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 12),
    )  # fmt: skip
    rnd.target_units.set([w.a])
    d = datetime.date
    fs = {
        "med_closed_1": make_finding(
            w.a, w.a_med, found=at(10, 5), state=S.CLOSED, deadline=d(2026, 10, 12), closed=at(10, 8), points="2",
            round=rnd, responsible_person=w.a_p1,
        ),
        "med_closed_2": make_finding(
            w.a, w.a_med, found=at(10, 10), state=S.CLOSED, deadline=d(2026, 10, 20), closed=at(10, 15), points="1",
            severity=Finding.Severity.MINOR, round=rnd,
        ),
        "surg_overdue": make_finding(
            w.a, w.a_surg, found=at(10, 12), deadline=d(2026, 10, 25), points="3",
            severity=Finding.Severity.SERIOUS, round=rnd, description="外科病房消防通道堵塞",
        ),
        "surg_responded": make_finding(
            w.a, w.a_surg, found=at(10, 20), state=S.RESPONDED, deadline=d(2026, 11, 10), points="1.5"
        ),
        "surg_closed_late": make_finding(
            w.a, w.a_surg, found=at(10, 1), state=S.CLOSED, deadline=d(2026, 10, 5), closed=at(10, 9), points="2"
        ),
        "surg_from_bureau": make_finding(
            w.a, w.a_surg, found=at(10, 28), state=S.OPEN, points="0.5", source_unit=w.bureau,
            severity=Finding.Severity.MINOR,
        ),
        "no_department": make_finding(w.a, None, found=at(10, 15), deadline=d(2026, 10, 20), points="1"),
        # not in October (local dates), archived, or another hospital's:
        "september": make_finding(w.a, w.a_med, found=at(9, 30, 23, 0), points="9"),
        "november": make_finding(w.a, w.a_med, found=at(11, 1, 0, 30), points="9"),
        "archived": make_finding(w.a, w.a_med, found=at(10, 6), points="9", archived_at=at(10, 7)),
        "b": make_finding(w.b, w.b_med, found=at(10, 6), deadline=d(2026, 10, 10), points="9"),
    }  # fmt: skip
    return fs


@pytest.fixture
def october(world):
    return build_october(world)


def test_totals_of_a_unit_month(october, world, django_assert_num_queries):
    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    with django_assert_num_queries(1):
        t = stats.totals(findings, today=TODAY)
    assert (t.total, t.closed, t.open, t.overdue, t.closed_late) == (7, 3, 4, 2, 1)
    assert t.closure_rate == 42.9 and t.rate_text == "42.9%"
    assert t.avg_days == 5.3  # (3 + 5 + 8) / 3 days
    assert t.points == Decimal("11.00") and t.points_text == "11"
    assert (t.serious, t.general, t.minor) == (1, 4, 2)
    assert (t.rounds, t.departments, t.from_above) == (1, 2, 1)


def test_by_department_one_query_and_exact_figures(october, world, django_assert_num_queries):
    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    with django_assert_num_queries(1):
        rows = stats.by_department(findings, today=TODAY)
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {"内科", "外科", stats.NO_DEPARTMENT}
    assert rows[-1].name == stats.NO_DEPARTMENT
    med, surg, none = by_name["内科"], by_name["外科"], by_name[stats.NO_DEPARTMENT]
    assert (med.total, med.closed, med.open, med.overdue, med.closure_rate, med.avg_days) == (2, 2, 0, 0, 100.0, 4.0)
    assert med.points_text == "3" and med.all_closed_on_time
    assert (surg.total, surg.closed, surg.open, surg.overdue, surg.closed_late) == (4, 1, 3, 1, 1)
    assert surg.closure_rate == 25.0 and surg.avg_days == 8.0 and surg.points_text == "7"
    assert not surg.all_closed_on_time
    assert (none.total, none.overdue, none.department_id, none.avg_days_text) == (1, 1, None, "—")


def test_closed_on_time_needs_every_finding_closed_by_its_deadline(world):
    make_finding(world.a, world.a_med, found=at(10, 1), state=S.CLOSED, deadline=datetime.date(2026, 10, 3),
                 closed=at(10, 3, 23, 30))  # fmt: skip
    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    assert stats.by_department(findings, today=TODAY)[0].all_closed_on_time  # closed on the deadline, local time
    make_finding(world.a, world.a_med, found=at(10, 2), state=S.CLOSED, deadline=datetime.date(2026, 10, 3),
                 closed=at(10, 4, 0, 30))  # fmt: skip
    row = stats.by_department(findings, today=TODAY)[0]
    assert row.closed_late == 1 and not row.all_closed_on_time


def test_overdue_depends_on_the_day(october, world):
    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    assert stats.totals(findings, today=datetime.date(2026, 10, 20)).overdue == 0  # deadline day itself is not late
    assert stats.totals(findings, today=datetime.date(2026, 10, 21)).overdue == 1
    # the answered one waits for the inspector: not overdue for the department
    assert stats.totals(findings, today=datetime.date(2026, 11, 11)).overdue == 2


def test_ranking_best_first_in_sql(october, world, django_assert_num_queries):
    findings = stats.period_findings(period=OCTOBER, unit=world.a)
    extra = make_finding(world.a, world.a_med, found=at(10, 22), points="0")  # 内科: 2 of 3 closed, 66.7%
    with django_assert_num_queries(1):
        ranked = stats.ranking(findings, today=TODAY)
    assert [r.name for r in ranked] == ["内科", "外科"]  # no department is not ranked
    assert ranked[0].closure_rate == 66.7
    extra.state = S.CLOSED
    extra.closed_at = at(10, 23)
    extra.save()
    dept3 = world.a_med.__class__.objects.create(unit=world.a, name="儿科")
    make_finding(world.a, dept3, found=at(10, 3), state=S.CLOSED, closed=at(10, 4), points="5")
    # both at 100%: 儿科 has lost more points, so 内科 stays first
    assert [r.name for r in stats.ranking(findings, today=TODAY)] == ["内科", "儿科", "外科"]


def test_by_unit_for_a_supervisor_stays_in_the_region(october, world, django_assert_num_queries):
    make_finding(world.c, world.c_med, found=at(10, 6))
    findings = stats.period_findings(period=OCTOBER, user=world.supervisor)
    with django_assert_num_queries(1):
        rows = stats.by_unit(findings, today=TODAY)
    assert set(rows) == {world.a.pk, world.b.pk}
    assert rows[world.a.pk].total == 7 and rows[world.b.pk].total == 1 and rows[world.b.pk].overdue == 1


@pytest.mark.parametrize(
    ("who", "expected"),
    [("office", 7), ("head", 2), ("staff", 1), ("inspector", 7), ("supervisor", 7), ("nobody", 0)],
)
def test_figures_follow_the_scope(october, world, who, expected):
    findings = stats.period_findings(period=OCTOBER, unit=world.a, user=getattr(world, who))
    assert stats.totals(findings, today=TODAY).total == expected


def test_hospital_a_never_counts_hospital_b(october, world):
    for who in ("office", "head", "staff", "inspector"):
        findings = stats.period_findings(period=OCTOBER, unit=world.b, user=getattr(world, who))
        assert stats.totals(findings, today=TODAY).total == 0
        assert stats.by_department(findings, today=TODAY) == []


def test_panel_renders_the_same_figures(october, world, django_assert_num_queries):
    world.office.scope_memberships()  # read once per request by the middleware already
    with django_assert_num_queries(2):
        ctx = stats.panel_context(user=world.office, unit=world.a, period=OCTOBER, today=TODAY)
    html = render_to_string("inspections/_stats_panel.html", {"inspection_stats": ctx})
    assert 'data-testid="stats-rate">42.9%<' in html
    assert 'data-testid="stats-avg-days">5.3<' in html
    assert 'data-testid="stats-overdue">2<' in html
    assert html.count('data-testid="stats-department-row"') == 3
    head = stats.panel_context(user=world.head, unit=world.a, period=OCTOBER, today=TODAY)
    assert [d.name for d in head["departments"]] == ["内科"]


def test_period_labels():
    assert OCTOBER.label() == "2026年10月" and OCTOBER.is_month
    assert stats.Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 15)).label() == (
        "2026年10月1日至2026年10月15日"
    )
    assert stats.Period.month(2026, 2).end == datetime.date(2026, 2, 28)
