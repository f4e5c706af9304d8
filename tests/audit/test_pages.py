"""The audit log page: who may read which events (the office its unit, the bureau its region,
the admin everything, nobody else), the filters, a fixed number of queries, the .xlsx export
(itself recorded) and the menu entry."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chuangwen.audit.models import Action, AuditEvent
from chuangwen.audit.services import audit_record
from chuangwen.core.roles import Role
from tests import factories as f

from .conftest import drain

URL = reverse("audit:event_list")


@pytest.fixture
def logged(world):
    """Events in hospitals A, B (county X) and C (county Y), and a bureau user's own login."""
    b_office = f.user("b_office")
    f.member(b_office, Role.OFFICE, unit=world.b)
    c_office = f.user("c_office")
    f.member(c_office, Role.OFFICE, unit=world.c)
    audit_record(action=Action.DOWNLOAD, actor=world.staff, target=world.a_p1, target_repr="A的文件")
    audit_record(action=Action.EXPORT, actor=b_office, target=world.b_p1, target_repr="B的花名册")
    audit_record(action=Action.VIEW_CONTACT, actor=c_office, target=world.c_p1, target_repr="C的投诉")
    city = f.user("city")
    f.member(city, Role.SUPERVISOR, region=world.county_x)
    audit_record(action=Action.LOGIN, actor=city, target_repr="县局登录")
    return world


def shown(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    return {name for name in ("A的文件", "B的花名册", "C的投诉", "县局登录") if name in html}


def test_the_office_reads_its_unit_only(logged, login):
    assert shown(login(logged.office)) == {"A的文件"}


def test_the_bureau_reads_its_region_with_its_own_events(logged, login):
    assert shown(login(logged.supervisor)) == {"A的文件", "B的花名册", "县局登录"}


def test_the_admin_reads_everything(logged, login):
    assert shown(login(logged.admin)) == {"A的文件", "B的花名册", "C的投诉", "县局登录"}


@pytest.mark.parametrize("who", ["staff", "head", "inspector", "secretary", "nobody"])
def test_nobody_else_reaches_the_log_nor_sees_it_in_the_menu(logged, login, who):
    client = login(getattr(logged, who))
    assert client.get(URL).status_code == 404
    assert client.get(reverse("audit:event_export")).status_code == 404
    home = client.get("/").content.decode()
    assert URL not in home
    assert not AuditEvent.objects.visible_to(getattr(logged, who)).exists()


def test_the_menu_shows_the_log_to_its_readers(logged, login):
    for who in (logged.office, logged.supervisor, logged.admin):
        assert f'href="{URL}"' in login(who).get("/").content.decode()


def test_filters_who_what_when_and_unit(logged, login):
    client = login(logged.supervisor)
    assert shown(client, "?username=b_") == {"B的花名册"}
    assert shown(client, "?action=download") == {"A的文件"}
    assert shown(client, f"?unit={logged.b.pk}") == {"B的花名册"}
    today = timezone.localdate()
    assert shown(client, f"?date_from={today}&date_to={today}") == {"A的文件", "B的花名册", "县局登录"}
    assert shown(client, f"?date_to={today - timedelta(days=1)}") == set()
    # A unit outside the region is not a choice: the filter refuses it, nothing leaks.
    assert "C的投诉" not in client.get(f"{URL}?unit={logged.c.pk}").content.decode()


def test_the_page_is_chinese_and_paginated(logged, login):
    for i in range(60):
        audit_record(action=Action.DOWNLOAD, actor=logged.staff, target=logged.a_p1, target_repr=f"文件{i}")
    html = login(logged.office).get(URL).content.decode()
    assert "审计日志" in html and "下载文件" in html
    assert html.count('data-testid="audit-row"') == 50
    assert "1 / 2" in html


def test_the_page_makes_a_fixed_number_of_queries(logged, login, django_assert_num_queries):
    client = login(logged.supervisor)
    client.get(URL)  # warm the session and caches

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(40):
        unit = (logged.a, logged.b)[i % 2]
        audit_record(action=Action.EXPORT, actor=logged.supervisor, unit=unit, target_repr=f"导出{i}")
    with django_assert_num_queries(few):
        client.get(URL)
    assert few <= 10


def test_the_export_is_the_filtered_list_and_is_recorded(logged, login):
    client = login(logged.supervisor)
    response = client.get(reverse("audit:event_export") + "?action=download", REMOTE_ADDR="10.0.0.8")
    body = drain(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("审计日志")  # the title row, above the header
    assert rows[1][:2] == ("时间", "用户")
    assert [r[3] for r in rows[2:]] == ["A的文件"]
    export = AuditEvent.objects.filter(action=Action.EXPORT, actor=logged.supervisor).get()
    assert export.detail == {"kind": "audit_log", "rows": 1, "filters": {"action": "download"}}
    assert export.client_ip == "10.0.0.8"
