"""The ranking's figures: computed from the units' own selectors, stored as snapshots that equal
the live figures, one row per unit and month, read in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest

from chuangwen.dashboard import progress
from chuangwen.inspections import stats
from chuangwen.ranking import selectors, services
from chuangwen.ranking.figures import live_figures
from chuangwen.ranking.models import UnitSnapshot
from chuangwen.ranking.tasks import snapshots_refresh_job

from .conftest import TODAY

pytestmark = pytest.mark.django_db

FIELDS = [f for f in services.FIELDS]


def test_live_figures_are_the_units_own_pages(ranked):
    w = ranked
    f = live_figures(w.a, on=TODAY)
    page = progress.campaign_progress(w.camp_a, today=TODAY)
    assert f.score_percent == Decimal("75.0") == Decimal(str(page.overall.percent))
    assert f.pass_percent == Decimal("50.0") and f.reached is True
    assert f.tasks_overdue == 1 == page.tasks.overdue
    panel = stats.panel_context(
        user=w.supervisor, unit=w.a, period=stats.Period(w.camp_a.starts_on, TODAY), today=TODAY
    )["totals"]
    assert (f.findings_open, f.findings_overdue, float(f.rectification_rate)) == (
        panel.open,
        panel.overdue,
        panel.closure_rate,
    )
    assert (f.findings_open, f.findings_overdue) == (2, 2)
    assert f.complaints_overdue == 1
    assert f.satisfaction_index == Decimal("100.0")
    assert f.volunteer_hours == Decimal("6.0")
    assert f.ethics_vetoes == 0
    assert live_figures(w.b, on=TODAY).ethics_vetoes == 1


def test_a_snapshot_equals_the_live_figures_and_a_rerun_rewrites_the_month(ranked):
    w = ranked
    assert services.snapshots_refresh(on=TODAY) == 3
    for unit in (w.a, w.b, w.c):
        row = UnitSnapshot.objects.get(unit=unit, month=date(2026, 6, 1))
        live = live_figures(unit, on=TODAY)
        assert {k: getattr(row, k) for k in FIELDS} == {k: getattr(live, k) for k in FIELDS}
        assert row.campaign_id == live.campaign_id
    services.snapshots_refresh(on=TODAY)
    assert UnitSnapshot.objects.count() == 3


def test_the_job_refreshes_one_region(ranked):
    snapshots_refresh_job.enqueue(region_id=ranked.county_x.pk, day=TODAY.isoformat())
    assert set(UnitSnapshot.objects.values_list("unit_id", flat=True)) == {ranked.a.pk, ranked.b.pk}


def test_the_ranking_reads_only_the_supervisors_region_ranked_by_score(ranked, django_assert_num_queries):
    w = ranked
    services.snapshots_refresh(on=TODAY)
    month = date(2026, 6, 1)
    with django_assert_num_queries(2):  # memberships, then the rows
        rows = list(selectors.ranking_rows(w.supervisor, month=month))
    assert [(r.unit_id, r.rank) for r in rows] == [(w.a.pk, 1), (w.b.pk, 2)]
    by_tasks = list(selectors.ranking_rows(w.supervisor, month=month, sort="-tasks"))
    assert [r.unit_id for r in by_tasks] == [w.b.pk, w.a.pk]
    assert [r.rank for r in by_tasks] == [2, 1]
    for user in (w.office, w.head, w.staff, w.inspector, w.secretary, w.nobody):
        assert not selectors.ranking_rows(user, month=month).exists()


def test_trends_come_from_the_snapshots_twelve_months(ranked, django_assert_num_queries):
    w = ranked
    services.snapshots_refresh(on=TODAY)
    services.snapshots_refresh(on=date(2026, 3, 31))
    with django_assert_num_queries(1):
        months, series = selectors.trends([w.a.pk], month=date(2026, 6, 1))
    assert months[0] == date(2025, 7, 1) and months[-1] == date(2026, 6, 1)
    score = series[w.a.pk]["score_percent"]
    assert score[-1] == 75.0 and score[-4] is not None and score[0] is None


def test_home_panel_gives_the_top_and_key_figures_to_a_supervisor_only(ranked, django_assert_num_queries):
    w = ranked
    services.snapshots_refresh(on=TODAY)
    with django_assert_num_queries(4):
        panel = selectors.home_panel(w.supervisor)
    assert [r.unit_id for r in panel["top"]] == [w.a.pk, w.b.pk]
    assert panel["figures"]["units"] == 2 and panel["figures"]["reached"] == 1
    assert panel["figures"]["tasks_overdue"] == 3
    assert selectors.home_panel(w.office) is None
