import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chuangwen.campaigns import exports, services
from chuangwen.campaigns import responsibility_table as table
from chuangwen.campaigns.models import Campaign, Task
from tests import factories as f


@pytest.fixture
def tasks(world, camp, camp_b):
    today = timezone.localdate()
    later = today + timedelta(days=30)
    return {
        "med": f.task(camp, world.a_med, title="内科政治学习", person=world.a_p1, deadline=later),
        "med_late": f.task(camp, world.a_med, title="内科逾期任务", deadline=today - timedelta(days=5)),
        "surg": f.task(camp, world.a_surg, title="外科文明服务", person=world.a_p2, deadline=later),
        "b": f.task(camp_b, world.b_med, title="中医院的任务", deadline=later),
    }


def _titles(resp):
    return {t.title for t in resp.context["object_list"]}


def test_campaign_list_is_scoped(world, login, camp, camp_b):
    assert [c.pk for c in login(world.office).get(reverse("campaigns:campaign_list")).context["object_list"]] == [
        camp.pk
    ]
    resp = login(world.supervisor).get(reverse("campaigns:campaign_list"))
    assert {c.pk for c in resp.context["object_list"]} == {camp.pk, camp_b.pk}


@pytest.mark.parametrize("role", ["office", "head", "staff", "inspector", "secretary", "supervisor"])
def test_campaign_detail_visible_to_every_role_of_the_unit(world, login, camp, camp_b, tasks, role):
    client = login(getattr(world, role))
    resp = client.get(reverse("campaigns:campaign_detail", args=[camp.pk]))
    assert resp.status_code == 200
    assert resp.context["counts"]["total"] == 3 and resp.context["counts"]["overdue"] == 1
    expected_b = 200 if role == "supervisor" else 404
    assert client.get(reverse("campaigns:campaign_detail", args=[camp_b.pk])).status_code == expected_b


def test_campaign_detail_shows_timeline_members_and_links(world, login, camp):
    services.campaign_member_add(campaign=camp, group="leading", person=world.a_p1, duty="组长", user=world.office)
    html = login(world.office).get(reverse("campaigns:campaign_detail", args=[camp.pk])).content.decode()
    assert "宣传发动" in html and "查漏补缺·迎检" in html and "组长" in html and "李娜" in html
    assert reverse("campaigns:responsibility_export", args=[camp.pk]) in html
    assert reverse("campaigns:responsibility_import", args=[camp.pk]) in html


def test_removing_a_member_archives_them_off_the_page_and_the_api(world, login, camp):
    member = services.campaign_member_add(
        campaign=camp, group="office", person=world.a_p1, duty="主任", user=world.office
    )
    client = login(world.office)
    remove = reverse("campaigns:member_remove", args=[camp.pk, member.pk])
    assert client.post(remove).status_code == 302
    assert client.get(reverse("campaigns:campaign_detail", args=[camp.pk])).context["office_members"] == []
    assert client.get(f"/api/campaigns/campaigns/{camp.pk}").json()["members"] == []
    member.refresh_from_db()
    assert member.archived_by == world.office  # kept, with who took them off
    assert client.post(remove).status_code == 404  # already off


def test_campaign_edit_permissions(world, login, camp, camp_b):
    url = reverse("campaigns:campaign_update", args=[camp.pk])
    assert login(world.head).get(url).status_code == 403
    assert login(world.office).get(url).status_code == 200
    assert login(world.office).get(reverse("campaigns:campaign_update", args=[camp_b.pk])).status_code == 404


def test_office_creates_campaign_with_edited_phases(world, login, std):
    client = login(world.office)
    form = client.get(reverse("campaigns:campaign_create")).context["formset"]
    assert [f.initial["name"] for f in form.forms] == ["宣传发动", "全面创建", "查漏补缺·迎检"]
    data = {
        "name": "2026年创建市级文明单位", "year": 2026, "target_level": "city", "standard": std.pk,
        "status": "active", "starts_on": "2026-02-01", "ends_on": "2026-11-30", "guiding_idea": "",
        "phases-TOTAL_FORMS": 3, "phases-INITIAL_FORMS": 0, "phases-MIN_NUM_FORMS": 3, "phases-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for i, (name, kind, start, end) in enumerate(
        [
            ("宣传发动", "mobilise", "2026-02-01", "2026-03-31"),
            ("全面创建", "implement", "2026-04-01", "2026-08-31"),
            ("迎检", "review", "2026-09-01", "2026-11-30"),
        ]  # fmt: skip
    ):
        data |= {f"phases-{i}-name": name, f"phases-{i}-kind": kind, f"phases-{i}-starts_on": start,
                 f"phases-{i}-ends_on": end}  # fmt: skip
    resp = client.post(reverse("campaigns:campaign_create"), data)
    campaign = Campaign.objects.get()
    assert resp.status_code == 302 and campaign.unit == world.a
    assert [(p.name, p.ends_on) for p in campaign.phases.order_by("order")] == [
        ("宣传发动", date(2026, 3, 31)), ("全面创建", date(2026, 8, 31)), ("迎检", date(2026, 11, 30))
    ]  # fmt: skip
    # a phase outside the campaign is refused with a message, nothing written
    data["phases-0-starts_on"] = "2025-12-01"
    resp = client.post(reverse("campaigns:campaign_create"), data)
    assert resp.status_code == 200 and resp.context["formset"].non_form_errors()
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize("role", ["head", "staff", "supervisor", "nobody"])
def test_only_the_office_creates_campaigns(world, login, role):
    assert login(getattr(world, role)).get(reverse("campaigns:campaign_create")).status_code == 403


@pytest.mark.parametrize(
    "role,expected",
    [
        ("office", {"内科政治学习", "内科逾期任务", "外科文明服务"}),
        ("inspector", {"内科政治学习", "内科逾期任务", "外科文明服务"}),
        ("head", {"内科政治学习", "内科逾期任务"}),
        ("staff", {"内科政治学习"}),
        ("nobody", set()),
    ],
)
def test_task_list_scope(world, login, tasks, role, expected):
    assert _titles(login(getattr(world, role)).get(reverse("campaigns:task_list"))) == expected


def test_task_list_filters_and_overdue_rows(world, login, camp, tasks):
    client = login(world.office)
    url = reverse("campaigns:task_list")
    assert _titles(client.get(url, {"overdue": "true"})) == {"内科逾期任务"}
    assert _titles(client.get(url, {"department": world.a_surg.pk})) == {"外科文明服务"}
    assert _titles(client.get(url, {"q": "政治"})) == {"内科政治学习"}
    phase = camp.phases.order_by("order").first()
    services.task_update(task=tasks["surg"], user=world.office, phase=phase)
    assert _titles(client.get(url, {"phase": phase.pk})) == {"外科文明服务"}
    html = client.get(url, {"campaign": camp.pk}).content.decode()
    assert 'class="table-danger" data-overdue="5"' in html


def test_task_list_has_a_fixed_query_count(world, client, camp):
    client.force_login(world.office)
    url = reverse("campaigns:task_list")
    for i in range(5):
        f.task(camp, world.a_med, title=f"任务{i}", person=world.a_p1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"campaign": camp.pk})
    phases = list(camp.phases.all())
    for i in range(40):
        f.task(
            camp, world.a_surg if i % 2 else world.a_med, title=f"更多任务{i}", person=world.a_p2, phase=phases[i % 3]
        )
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"campaign": camp.pk})
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(small) <= 14


def test_campaign_detail_and_task_detail_have_fixed_query_counts(world, client, camp, std):
    client.force_login(world.office)
    t = f.task(camp, world.a_med, items=list(std.items.all()[:1]))
    urls = [reverse("campaigns:campaign_detail", args=[camp.pk]), reverse("campaigns:task_detail", args=[t.pk])]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as small:
        for url in urls:
            client.get(url)
    for p in (world.a_p1, world.a_p2):
        services.campaign_member_add(campaign=camp, group="office", person=p, duty="干事", user=world.office)
    t.items.set(std.items.all())
    t.co_departments.set([world.a_surg])
    for i in range(10):
        f.task(camp, world.a_med, title=f"新任务{i}")
    with CaptureQueriesContext(connection) as large:
        for url in urls:
            client.get(url)
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


@pytest.mark.parametrize(
    "role,task,status",
    [
        ("office", "b", 404),
        ("head", "surg", 404),
        ("staff", "med_late", 404),
        ("head", "med", 200),
        ("staff", "med", 200),
        ("supervisor", "b", 200),
    ],
)
def test_task_detail_scope(world, login, tasks, role, task, status):
    resp = login(getattr(world, role)).get(reverse("campaigns:task_detail", args=[tasks[task].pk]))
    assert resp.status_code == status


def test_task_detail_shows_items_rules_and_history(world, login, camp, std):
    it = std.items.get(code="1.1.1")
    it.rules = [{"type": "min_photos", "count": 2}]
    it.save()
    t = services.task_create(campaign=camp, title="宣传栏", department=world.a_med, deadline=date(2026, 4, 1),
                             items=[it], user=world.office)  # fmt: skip
    resp = login(world.office).get(reverse("campaigns:task_detail", args=[t.pk]))
    html = resp.content.decode()
    assert "1.1.1" in html and resp.context["items"][0][1]  # the rule is described
    assert 'data-testid="task-history"' in html and "office" in html


@pytest.mark.parametrize("role,status", [("office", 200), ("head", 403), ("staff", 403), ("supervisor", 403)])
def test_task_edit_permissions(world, login, tasks, role, status):
    assert (
        login(getattr(world, role)).get(reverse("campaigns:task_update", args=[tasks["med"].pk])).status_code == status
    )


def test_office_creates_and_edits_a_task_through_the_form(world, login, camp, std):
    client = login(world.office)
    data = {"title": "开设道德讲堂", "department": world.a_med.pk, "deadline": "2026-06-30", "recurrence": "quarterly",
            "items": [std.items.get(code="1.2.1").pk], "person": world.a_p1.pk}  # fmt: skip
    resp = client.post(reverse("campaigns:task_create", args=[camp.pk]), data)
    t = Task.objects.get()
    assert resp.status_code == 302 and t.code == "RW001" and t.items.count() == 1
    data |= {"title": "开设道德讲堂（每季）", "code": "RW001", "co_departments": [world.a_med.pk]}
    resp = client.post(reverse("campaigns:task_update", args=[t.pk]), data)
    assert resp.status_code == 200 and "co_departments" in resp.context["form"].errors
    del data["co_departments"]
    assert client.post(reverse("campaigns:task_update", args=[t.pk]), data).status_code == 302
    t.refresh_from_db()
    assert t.title == "开设道德讲堂（每季）"


def test_task_form_offers_only_the_campaigns_unit_and_standard(world, login, camp, std):
    other = f.standard(world.a, name="另一标准")
    form = login(world.office).get(reverse("campaigns:task_create", args=[camp.pk])).context["form"]
    assert set(form.fields["department"].queryset) == {world.a_med, world.a_surg}
    assert set(form.fields["items"].queryset) == set(std.items.all())
    assert not set(form.fields["items"].queryset) & set(other.items.all())


def test_archive_hides_the_task_and_keeps_it(world, login, tasks):
    client = login(world.office)
    t = tasks["med"]
    assert client.post(reverse("campaigns:task_archive", args=[t.pk])).status_code == 302
    assert "内科政治学习" not in _titles(client.get(reverse("campaigns:task_list")))
    assert client.get(reverse("campaigns:task_detail", args=[t.pk])).status_code == 404
    assert Task.objects.get(pk=t.pk).archived_by == world.office
    assert login(world.head).post(reverse("campaigns:task_archive", args=[tasks["med_late"].pk])).status_code == 403


def test_bulk_assign_page(world, login, camp, std):
    client = login(world.office)
    url = reverse("campaigns:bulk_assign", args=[camp.pk])
    resp = client.get(url)
    assert resp.status_code == 200 and "1.1.1" in resp.content.decode()
    picked = [i.pk for i in std.items.filter(code__startswith="1.1.")]
    data = {"items": picked, "mode": "per_item", "department": world.a_surg.pk, "person": world.a_p2.pk,
            "deadline": "2026-08-31", "recurrence": "monthly"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Task.objects.filter(department=world.a_surg, recurrence="monthly").count() == 3
    data |= {"mode": "combined", "title": "病区文明建设"}
    client.post(url, data)
    combined = Task.objects.get(title="病区文明建设")
    assert combined.items.count() == 3
    assert "3" in client.get(url).content.decode()
    assert login(world.head).get(url).status_code == 403


def test_export_download_is_scoped(world, login, tasks, camp, camp_b):
    resp = login(world.staff).get(reverse("campaigns:responsibility_export", args=[camp.pk]))
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    ws = load_workbook(io.BytesIO(resp.content))[table.SHEET_TITLE]
    assert [r[3] for r in ws.iter_rows(min_row=3, values_only=True)] == ["内科政治学习"]
    assert login(world.office).get(reverse("campaigns:responsibility_export", args=[camp_b.pk])).status_code == 404


def test_import_page_shows_row_errors_and_writes_nothing(world, login, camp, tasks):
    client = login(world.office)
    wb = load_workbook(io.BytesIO(exports.export_workbook(camp)))
    ws = wb[table.SHEET_TITLE]
    ws["G3"] = "不存在的科室"
    ws["D4"] = "改了名字"
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "责任分解表.xlsx"
    buf.seek(0)
    resp = client.post(reverse("campaigns:responsibility_import", args=[camp.pk]), {"file": buf})
    html = resp.content.decode()
    assert resp.status_code == 200 and 'data-testid="task-import-errors"' in html
    assert "<td>3</td>" in html and "不存在的科室" in html
    assert not Task.objects.filter(title="改了名字").exists()
    assert login(world.head).get(reverse("campaigns:responsibility_import", args=[camp.pk])).status_code == 403


def test_my_tasks_for_head_and_staff(world, login, tasks, camp):
    done = f.task(camp, world.a_med, title="内科已完成", status="accepted", deadline=date(2026, 1, 10))
    head = [t.title for t in login(world.head).get(reverse("campaigns:my_tasks")).context["tasks"]]
    assert head[0] == "内科逾期任务" and head[-1] == done.title
    assert set(head) == {"内科政治学习", "内科逾期任务", "内科已完成"}
    staff = [t.title for t in login(world.staff).get(reverse("campaigns:my_tasks")).context["tasks"]]
    assert staff == ["内科政治学习"]
    assert list(login(world.office).get(reverse("campaigns:my_tasks")).context["tasks"]) == []


def test_my_tasks_renders_as_phone_cards(world, login, tasks):
    html = login(world.head).get(reverse("campaigns:my_tasks")).content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert html.count('data-testid="task-card"') == 2
    assert 'data-overdue="5"' in html


def test_menu_entries(world, login):
    """The office sees the plans, the responsibility table and its tasks; a nurse only her tasks
    (issue 17: menus show only what the role can use)."""
    html = login(world.office).get(reverse("campaigns:my_tasks")).content.decode()
    for name in ("campaigns:campaign_list", "campaigns:task_list", "campaigns:my_tasks"):
        assert f'href="{reverse(name)}"' in html
    html = login(world.staff).get(reverse("campaigns:my_tasks")).content.decode()
    assert f'href="{reverse("campaigns:my_tasks")}"' in html
    for name in ("campaigns:campaign_list", "campaigns:task_list"):
        assert f'href="{reverse(name)}"' not in html


def test_bulk_assign_tree_follows_two_and_four_level_standards(world, login):
    """A two-level standard shows no hidden indicator; a four-level one shows its sections, and
    every item of a section can be picked."""
    from chuangwen.standards.importers import read_xlsx
    from chuangwen.standards.services import standard_import
    from tests.standards.conftest import upload, xlsx_bytes
    from tests.standards.test_published import FOUR, TWO, _four_level, _two_level

    client = login(world.office)
    for rows, headers, shown in (
        (_two_level(), TWO, ["3.1", "建立志愿服务队伍", "4.1"]),
        (_four_level(), FOUR, ["1.1.1 学习制度", "1.1.2 学习记录", "1.1.1.2", "1.1.2.1"]),
    ):
        std = standard_import(
            tree=read_xlsx(upload(xlsx_bytes(rows, headers=headers))),
            owner_unit=world.a,
            user=world.office,
            name=f"体系{len(headers)}",
        )
        camp = services.campaign_create(
            unit=world.a,
            name=f"{std.depth}级体系创建",
            year=2026,
            target_level="county",
            standard=std,
            starts_on=date(2026, 2, 1),
            ends_on=date(2026, 12, 31),
            user=world.office,
        )
        html = client.get(reverse("campaigns:bulk_assign", args=[camp.pk])).content.decode()
        for text in shown:
            assert text in html
        for item in std.items.all():
            assert f'value="{item.pk}"' in html
        if std.depth == 2:
            for ind in std.aspects.first().indicators.all():
                assert ind.implicit and f">{ind.code} {ind.title}<" not in html
