"""Each role's home says what to do next: the items, their counts, the filtered lists they link to
(the list shows exactly what was counted), and a fixed number of queries per role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chuangwen.feedback.models import Complaint
from chuangwen.inspections.models import Finding
from tests import factories as f
from tests.dashboard.homes_data import build_busy


@pytest.fixture
def busy(world):
    return build_busy(world)


def panel(resp, key):
    [p] = [p for p in resp.context["panels"] if p.key == key]
    return {i.key: i for i in p.items}, p


def test_office_home_counts_what_waits_and_links_to_the_filtered_lists(busy, login):
    client = login(busy.office)
    resp = client.get("/")
    items, _p = panel(resp, "office")
    assert items["evidence-review"].count == 1
    assert items["findings-recheck"].count == 2
    assert items["complaints-due-today"].count == 1
    assert items["complaints-overdue"].count == 1
    assert items["appeals"].count == 1
    assert items["ledger-gaps"].count == 3
    html = resp.content.decode()
    assert 'data-testid="next-evidence-review"' in html
    # Each link lands on a list holding exactly what was counted.
    listed = client.get(items["findings-recheck"].url).context["object_list"]
    assert {x.state for x in listed} == {"responded"} and len(listed) == 2
    listed = client.get(items["complaints-due-today"].url).context["object_list"]
    assert len(listed) == 1 and listed[0].deadline == timezone.localdate()
    assert len(client.get(items["complaints-overdue"].url).context["object_list"]) == 1
    assert len(client.get(items["appeals"].url).context["object_list"]) == 1
    assert len(client.get(items["evidence-review"].url).context["object_list"]) == 1
    progress = client.get(items["ledger-gaps"].url)
    rows = [it for a in progress.context["p"].aspects for i in a.indicators for it in i.items]
    assert len(rows) == 3 and {r.state for r in rows} == {"unmet"}
    assert 'data-testid="state-filter"' in progress.content.decode()


def test_head_home_shows_the_department_and_its_own_tasks(busy, login):
    client = login(busy.head)
    resp = client.get("/")
    items, p = panel(resp, "head")
    assert p.title == "内科"
    assert items["my-tasks"].count == 1
    assert items["rectifications-due"].count == 1  # 内科's ordered finding, not 外科's
    assert items["department-entries"].count == 1
    listed = client.get(items["rectifications-due"].url).context["object_list"]
    assert [x.department_id for x in listed] == [busy.a_med.pk]
    tasks = client.get(items["my-tasks"].url).context["tasks"]
    assert [t.title for t in tasks] == ["每月两次政治学习"]
    # Several memberships: the staff member's part shows too (without the tasks a second time).
    assert [p.key for p in resp.context["panels"]] == ["head", "staff"]
    assert "my-tasks" not in panel(resp, "staff")[0]


def test_inspector_home_leads_with_record_a_finding(busy, login):
    client = login(busy.inspector)
    resp = client.get("/")
    items, p = panel(resp, "inspector")
    assert p.action.key == "record-finding" and client.get(p.action.url).status_code == 200
    html = resp.content.decode()
    assert html.index('data-testid="record-finding"') < html.index('data-testid="home-campaign"')
    assert items["rounds-current"].count == 1 and [r.title for r in p.rows] == ["十二月院内自查"]
    listed = client.get(items["rounds-current"].url).context["object_list"]
    assert [r.title for r in listed] == ["十二月院内自查"]


def test_staff_home_is_about_the_person(busy, login):
    from chuangwen.volunteer.models import ServiceRule

    ServiceRule.objects.create(unit=busy.a, year=timezone.localdate().year, kind="each_year", target=25)
    client = login(busy.staff)
    resp = client.get("/")
    items, _p = panel(resp, "staff")
    assert items["my-tasks"].count == 1
    assert items["my-volunteer"].note == "0 / 25 小时" and items["my-volunteer"].urgent
    assert items["my-notes"].note == "0 字"
    assert set(items) == {"my-tasks", "my-volunteer", "my-notes", "my-ethics"}
    assert [p.key for p in resp.context["panels"]] == ["staff"]
    for it in items.values():
        assert client.get(it.url, follow=True).status_code == 200, it.key


def test_secretary_home_shows_meetings_due_and_the_pipeline(busy, login):
    from chuangwen.party.models import Branch

    busy.a_p2.user = busy.secretary
    busy.a_p2.save()
    branch = Branch.objects.create(unit=busy.a, name="第一党支部", secretary=busy.a_p2)
    client = login(busy.secretary)
    items, _p = panel(client.get("/"), "secretary")
    assert items[f"meetings-due-{branch.pk}"].url == f"/party/branches/{branch.pk}/"
    assert items["pipeline"].count == 0
    assert client.get(items["pipeline"].url).status_code == 200


def test_bureau_home_shows_its_rounds_and_the_units_overdue_work(busy, login):
    f.inspection_round(busy.bureau, kind="supervision", title="县卫健局季度督查", status="in_progress")
    client = login(busy.supervisor)
    resp = client.get("/")
    items, p = panel(resp, "bureau")
    assert items["bureau-rounds"].count == 2  # its own and the hospital's self-check under way
    assert items["bureau-findings-overdue"].count == 1
    assert items["bureau-complaints-overdue"].count == 1
    assert "ranking_panel" in resp.context  # the ranking's seam (ranking.selectors.home_panel)
    listed = client.get(items["bureau-findings-overdue"].url).context["object_list"]
    assert len(listed) == 1


def test_admin_home_says_what_admins_do(busy, login):
    client = login(busy.admin)
    items, _p = panel(client.get("/"), "admin")
    assert {"admin-users", "admin-units", "admin-calendar", "admin-audit"} == set(items)


@pytest.mark.parametrize(
    ("role", "queries"),
    [("office", 22), ("head", 31), ("inspector", 19), ("staff", 26), ("secretary", 18), ("supervisor", 13)],
)
def test_each_home_has_a_fixed_number_of_queries(busy, login, django_assert_num_queries, role, queries):
    """At most ``queries``, and the same number whatever waits (more findings, complaints)."""
    client = login(getattr(busy, role))
    client.get("/")  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    assert len(first) <= queries
    for _ in range(3):
        f.finding(busy.a, department=busy.a_med, state="responded")
        f.complaint(busy.a, status=Complaint.Status.ASSIGNED, deadline=timezone.localdate())
    with django_assert_num_queries(len(first)):
        assert client.get("/").status_code == 200


def test_the_finding_list_filters_match_the_counts(busy, login):
    """What the office counts as "to re-check" is what the list's state filter shows."""
    client = login(busy.office)
    count = Finding.objects.filter(unit=busy.a, state="responded").count()
    assert len(client.get("/inspections/findings/?state=responded").context["object_list"]) == count
