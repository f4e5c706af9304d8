"""Roster pages: who may import, what the page shows, and what an export contains."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from chuangwen.core.middleware import SESSION_KEY
from chuangwen.core.roles import Role
from chuangwen.org.models import Person
from chuangwen.org.roster import HEADERS

from .. import factories as f
from .roster_helpers import person_row, read_rows, upload, xlsx

IMPORT = reverse("org:roster_import")
EXPORT = reverse("org:roster_export")
TEMPLATE = reverse("org:roster_template")


@pytest.fixture(autouse=True)
def _english(client):
    """Pages and messages are checked in English (their msgids), whatever the .po files say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
    with translation.override("en"):
        yield


def post_file(client, content, name="花名册.xlsx"):
    return client.post(IMPORT, {"file": upload(content, name)})


def exported_numbers(response) -> set[str]:
    rows = read_rows(b"".join(response.streaming_content) if response.streaming else response.content)
    start = rows[0].index("工号")
    return {r[start] for r in rows[1:]}


def test_office_sees_the_upload_form(world, login):
    response = login(world.office).get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<input type="file" name="file" accept=".xlsx" data-testid="roster-file"' in html
    assert 'data-testid="roster-submit"' in html
    assert TEMPLATE in html


def test_office_imports_a_file(world, login):
    content = xlsx([person_row("1001", "陈静", "外科"), person_row(world.a_p1.employee_no, "李娜", "外科")])
    response = post_file(login(world.office), content)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="roster-result"' in html
    assert "1 added, 1 updated, 0 unchanged" in html
    assert Person.objects.get(unit=world.a, employee_no="1001").history.get().history_user == world.office
    world.a_p1.refresh_from_db()
    assert world.a_p1.department == world.a_surg


def test_bad_rows_are_shown_in_a_table(world, login):
    rows = [person_row("1001", None), person_row("1002"), person_row("1003", dept="心内科")]
    response = post_file(login(world.office), xlsx(rows))

    html = response.content.decode()
    table = re.search(r'<table[^>]*data-testid="roster-errors".*?<tbody>(.*?)</tbody>', html, re.S)
    assert table, html
    first_cells = re.findall(r"<tr><td>(\d+)</td>", table.group(1))
    assert first_cells == ["2", "4"]
    assert "心内科" in table.group(1)
    assert 'data-testid="roster-result"' not in html
    assert not Person.objects.filter(employee_no__in=["1001", "1002", "1003"]).exists()


def test_file_error_is_shown(world, login):
    response = post_file(login(world.office), b"not a workbook", name="roster.xlsx")
    assert "This is not an Excel .xlsx file." in response.content.decode()


def test_over_the_limit_upload_is_refused(world, login, settings):
    settings.ROSTER_MAX_BYTES = 1024
    content = xlsx([person_row(str(1000 + i)) for i in range(200)])
    assert len(content) > 1024
    response = post_file(login(world.office), content)
    assert "larger than" in response.content.decode()
    assert not Person.objects.filter(employee_no="1000").exists()


def test_post_without_a_file(world, login):
    response = login(world.office).post(IMPORT, {})
    assert "Choose an .xlsx file" in response.content.decode()


@pytest.mark.parametrize("who", ["head", "staff", "inspector", "secretary", "supervisor", "nobody"])
def test_others_may_not_import(world, login, who):
    client = login(getattr(world, who))
    assert client.get(IMPORT).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    assert post_file(client, xlsx([person_row("1001")])).status_code == 403
    assert not Person.objects.filter(employee_no="1001").exists()


def test_supervisor_who_chose_a_unit_still_may_not_import(world, login):
    client = login(world.supervisor)
    session = client.session
    session[SESSION_KEY] = world.a.pk
    session.save()
    assert client.get(reverse("org:person_list")).context["current_unit"] == world.a
    assert client.get(IMPORT).status_code == 403


def test_admin_without_a_unit_is_asked_to_choose_one(world, login):
    client = login(world.admin)
    response = client.get(IMPORT)
    assert response.status_code == 200
    assert 'data-testid="roster-choose-unit"' in response.content.decode()
    assert 'data-testid="roster-file"' not in response.content.decode()
    assert post_file(client, xlsx([person_row("1001")])).status_code == 200
    assert not Person.objects.filter(employee_no="1001").exists()
    assert client.get(TEMPLATE).url == IMPORT


def test_anonymous_is_sent_to_login(client):
    assert client.get(IMPORT).status_code == 302
    assert client.get(EXPORT).status_code == 302


def test_template_download(world, login):
    response = login(world.office).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_rows(response.content)[0] == HEADERS


def test_export_contains_only_the_users_unit(world, login):
    response = login(world.office).get(EXPORT)

    assert response.status_code == 200
    assert exported_numbers(response) == {world.a_p1.employee_no, world.a_p2.employee_no}
    assert "filename*=utf-8''" + quote(f"职工花名册-{world.a.short_name}-") in response["Content-Disposition"]


def test_export_of_hospital_b_has_none_of_hospital_a(world, login):
    office_b = f.user("office_b")
    f.member(office_b, Role.OFFICE, unit=world.b)
    numbers = exported_numbers(login(office_b).get(EXPORT))
    assert numbers == {world.b_p1.employee_no, world.b_p2.employee_no}


def test_export_uses_the_staff_list_filters(world, login):
    client = login(world.office)
    assert exported_numbers(client.get(EXPORT, {"q": "李娜"})) == {world.a_p1.employee_no}
    assert exported_numbers(client.get(EXPORT, {"department": world.a_surg.pk})) == {world.a_p2.employee_no}


def test_staff_member_exports_only_themself(world, login):
    assert exported_numbers(login(world.staff).get(EXPORT)) == {world.a_p1.employee_no}


def test_supervisor_exports_their_region_with_the_unit_column(world, login):
    response = login(world.supervisor).get(EXPORT)
    rows = read_rows(response.content)
    assert rows[0][0] == "单位"
    assert {r[0] for r in rows[1:]} == {world.a.name, world.b.name}
    assert world.c.name not in {r[0] for r in rows[1:]}
