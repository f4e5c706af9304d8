"""Progress pages: what they show, who may open them, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.campaigns.models import Task
from chuangwen.evidence.models import ItemCompliance
from tests import factories as f


def url(pk):
    return reverse("dashboard:campaign_progress", args=[pk])


def test_campaign_progress_page_shows_kpis_tables_and_chart(prog, login):
    r = login(prog.office).get(url(prog.camp_a.pk))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="item-table"' in html and 'data-testid="department-table"' in html
    assert html.count('data-testid="item-row"') == len(prog.items)
    assert html.count('data-state="met"') == 4 and html.count('data-state="partial"') == 3
    assert "至少2张照片" in html  # unmet reasons
    assert "vendor/echarts/echarts.min.js" in html and "cdn" not in html.lower()
    assert 'id="cw-progress-data"' in html
    # A department with overdue tasks is highlighted.
    assert re.search(r'<tr class="table-danger" data-testid="department-row">\s*<td>内科</td>', html)


@pytest.mark.parametrize("role", ["office", "head", "staff", "inspector", "secretary", "supervisor", "admin"])
def test_every_role_of_a_or_above_it_may_see_a_progress(prog, login, role):
    assert login(getattr(prog, role)).get(url(prog.camp_a.pk)).status_code == 200


@pytest.mark.parametrize("role", ["office", "head", "staff", "inspector", "secretary"])
def test_another_hospital_campaign_is_404(prog, login, role):
    client = login(getattr(prog, role))
    assert client.get(url(prog.camp_b.pk)).status_code == 404
    assert client.get(url(prog.camp_c.pk)).status_code == 404


def test_supervisor_of_county_x_cannot_open_county_y(prog, login):
    assert login(prog.supervisor).get(url(prog.camp_c.pk)).status_code == 404
    assert login(prog.nobody).get(url(prog.camp_a.pk)).status_code == 404


def test_anonymous_is_sent_to_login(prog, client):
    r = client.get(url(prog.camp_a.pk))
    assert r.status_code == 302 and "/login/" in r["Location"]


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(path)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_campaign_progress_query_count_is_fixed(prog, login):
    client = login(prog.office)
    before = _count(client, url(prog.camp_a.pk))
    # Many more items states, tasks (with items) and departments: same number of queries.
    for i in range(6):
        d = f.department(prog.a, f"新科室{i}")
        for k in range(3):
            f.task(prog.camp_a, d, title=f"新任务{i}-{k}", deadline=prog.today, items=prog.items[k : k + 3])
    for item in prog.items[8:]:
        ItemCompliance.objects.create(campaign=prog.camp_a, unit=prog.a, item=item, status="partial")
    _items_of_every_source(prog)
    html = client.get(url(prog.camp_a.pk)).content.decode()
    assert html.count('data-testid="score-line"') > 12  # every item explains its score
    assert _count(client, url(prog.camp_a.pk)) == before
    assert before <= 18, before  # + the pass line and the vetoes of 创建达标 (issue 13)


def _items_of_every_source(prog):
    """Items scored by findings (ledger), monthly periods (tasks' evidence), the satisfaction
    index and a grade, with their sources, and the scores refreshed."""
    import datetime

    from chuangwen.evidence.models import Evidence
    from chuangwen.scoring.items import item_scores_refresh
    from chuangwen.scoring.models import ItemAssessment
    from chuangwen.scoring.services import entry_add
    from chuangwen.surveys.models import DepartmentMonth

    rules = [
        {"method": "per_occurrence", "deduct": "0.5", "restore_on_close": False},
        {"method": "per_period", "period": "month", "points_per_period": "0.5"},
        {"method": "survey", "bands": [{"min": "90", "fraction": "1"}, {"min": "80", "fraction": "0.8"}]},
        {"method": "grades", "grades": [{"grade": "A", "fraction": "1"}, {"grade": "B", "fraction": "0.8"}]},
    ]
    for item, rule in zip(prog.items[8:], rules, strict=True):
        item.scoring = rule
        item.save()
    for day in (3, 9):
        entry_add(unit=prog.a, campaign=prog.camp_a, item=prog.items[8], points="-0.5", source="finding",
                  reason="暗访发现吸烟", occurred_on=datetime.date(2026, 3, day))  # fmt: skip
    task = f.task(prog.camp_a, prog.a_med, title="每月志愿服务", deadline=prog.today, items=[prog.items[9]])
    Evidence.objects.create(campaign=prog.camp_a, unit=prog.a, department=prog.a_med, task=task, item=prog.items[9],
                            title="三月志愿服务", occurred_on=datetime.date(2026, 3, 5), status="accepted")  # fmt: skip
    t = f.survey_template(prog.a)
    DepartmentMonth.objects.create(unit=prog.a, department=prog.a_med, template=t, month=datetime.date(2026, 3, 1),
                                   responses=10, index_count=10, index_sum=46)  # fmt: skip
    ItemAssessment.objects.create(campaign=prog.camp_a, unit=prog.a, item=prog.items[11], assessor="self", grade="B",
                                  reason="现场评定", by=prog.office)  # fmt: skip
    item_scores_refresh(campaign=prog.camp_a, today=prog.today)


def test_my_progress_redirects_to_the_active_campaign(prog, login):
    r = login(prog.head).get(reverse("dashboard:progress"))
    assert r.status_code == 302 and r["Location"] == url(prog.camp_a.pk)


def test_my_progress_without_campaign_says_so(world, login):
    r = login(world.office).get(reverse("dashboard:progress"))
    assert r.status_code == 200 and 'data-testid="no-campaign"' in r.content.decode()


def test_my_progress_of_a_supervisor_across_the_region_is_the_bureau_table(prog, login):
    r = login(prog.supervisor).get(reverse("dashboard:progress"))
    assert r["Location"] == reverse("dashboard:bureau_progress")


# --- bureau table ------------------------------------------------------------------------------


def bureau_ids(response):
    return [int(x) for x in re.findall(r'data-testid="bureau-row" data-unit="(\d+)"', response.content.decode())]


def test_bureau_table_lists_only_units_of_the_region(prog, login):
    r = login(prog.supervisor).get(reverse("dashboard:bureau_progress"))
    assert r.status_code == 200
    assert sorted(bureau_ids(r)) == sorted([prog.a.pk, prog.b.pk])
    assert "临川县人民医院" not in r.content.decode()


@pytest.mark.parametrize("role", ["office", "head", "staff", "inspector", "secretary", "nobody"])
def test_hospital_users_get_403_on_the_bureau_table(prog, login, role):
    assert login(getattr(prog, role)).get(reverse("dashboard:bureau_progress")).status_code == 403


def test_bureau_table_filters_sorts_and_shows_all(prog, login):
    client = login(prog.admin)
    assert sorted(bureau_ids(client.get(reverse("dashboard:bureau_progress")))) == sorted(
        [prog.a.pk, prog.b.pk, prog.c.pk]
    )
    r = client.get(reverse("dashboard:bureau_progress"), {"region": prog.county_y.pk})
    assert bureau_ids(r) == [prog.c.pk]
    r = client.get(reverse("dashboard:bureau_progress"), {"category": "tcm"})
    assert bureau_ids(r) == [prog.b.pk]
    r = client.get(reverse("dashboard:bureau_progress"), {"sort": "-score", "all": "1"})
    assert bureau_ids(r) == [prog.b.pk, prog.a.pk, prog.c.pk]
    # A region outside the user's own is ignored (no widening, no error).
    r = login(prog.supervisor).get(reverse("dashboard:bureau_progress"), {"region": prog.county_y.pk})
    assert sorted(bureau_ids(r)) == sorted([prog.a.pk, prog.b.pk])


def test_bureau_table_query_count_is_fixed(prog, login):
    client = login(prog.supervisor)
    path = reverse("dashboard:bureau_progress") + "?all=1"
    before = _count(client, path)
    for i in range(5):
        u = f.unit(prog.county_x, f"乡镇卫生院{i}", category="township")
        c = f.campaign(u, prog.std)
        f.task(c, f.department(u, "全科"), deadline=prog.today)
    assert _count(client, path) == before
    assert _count(client, reverse("dashboard:bureau_progress")) == before + 1  # + the paginator's count


def test_bureau_click_through_switches_unit_and_opens_its_progress(prog, login):
    client = login(prog.supervisor)
    enter = reverse("dashboard:bureau_enter")
    r = client.post(enter, {"unit": prog.b.pk})
    assert r.status_code == 302 and r["Location"] == url(prog.camp_b.pk)
    assert client.session["current_unit_id"] == prog.b.pk
    assert client.post(enter, {"unit": prog.c.pk}).status_code == 404
    assert client.post(enter, {"unit": "x"}).status_code == 404
    assert client.get(enter).status_code == 405


def test_overdue_links_to_the_task_page_when_it_exists(prog, login):
    html = login(prog.office).get(url(prog.camp_a.pk)).content.decode()
    assert html.count('data-testid="overdue-row"') == 3
    overdue = Task.objects.get(title="任务2")
    task_url = reverse("campaigns:task_detail", args=[overdue.pk])
    assert f'href="{task_url}"' in html


def test_menu_entries_by_role(prog, login):
    home = reverse("home")
    office_html = login(prog.office).get(home).content.decode()
    assert reverse("dashboard:progress") in office_html
    assert reverse("dashboard:notifications") in office_html
    assert reverse("dashboard:bureau_progress") not in office_html
    assert reverse("dashboard:bureau_progress") in login(prog.supervisor).get(home).content.decode()


def test_bureau_rows_show_the_pass_line_and_a_running_veto(prog, login):
    from chuangwen.scoring.models import PassLine, VetoCondition

    client = login(prog.supervisor)
    path = reverse("dashboard:bureau_progress") + "?all=1"
    before = _count(client, path)
    PassLine.objects.create(region=prog.county_x, level="county", percent=1)
    PassLine.objects.create(region=prog.county_x, level="city", percent=99)
    f.unit_veto(prog.b, condition=VetoCondition.objects.get(code="staff_criminal_case"), occurred_on=prog.today)
    html = client.get(path).content.decode()
    rows = {r.split('data-unit="')[1].split('"')[0]: r for r in html.split('data-testid="bureau-row"')[1:]}
    a, b = rows[str(prog.a.pk)], rows[str(prog.b.pk)]
    assert 'data-testid="row-pass-line"' in a and "达标线 99%" in a  # A aims at the city title
    assert "text-bg-light" in a.split('data-testid="row-pass-line"')[0].rsplit("<span", 1)[1]  # not reached
    assert 'data-testid="row-veto"' in b and "一票否决" in b
    assert _count(client, path) == before  # the lines and vetoes of all rows: the same two queries
