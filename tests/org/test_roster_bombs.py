"""Roster import page under attack: every bomb is refused with a Chinese message naming the file,
part or sheet and the limit, and no person is written (issue 11, item 4)."""

import pytest
from django.urls import reverse

from chuangwen.org.models import Person
from chuangwen.org.roster import HEADERS
from tests import bombs

from .roster_helpers import upload

IMPORT = reverse("org:roster_import")


@pytest.fixture
def office(world, login):
    client = login(world.office)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def post(client, content: bytes, name="花名册.xlsx") -> str:
    before = Person.objects.count()
    response = client.post(IMPORT, {"file": upload(content, name)})
    assert response.status_code == 200
    assert Person.objects.count() == before
    html = response.content.decode()
    assert 'data-testid="roster-result"' not in html
    return html


def test_the_issues_shared_strings_bomb_is_refused_before_parsing(office):
    """636 KB whose sharedStrings.xml unpacks to 238 MB: it took 58 s and +1.5 GB; now the zip's
    directory refuses it before openpyxl loads a single string."""
    content = bombs.workbook(sheet=bombs.header_sheet(list(HEADERS)), shared_strings=bombs.shared_strings_bomb())
    assert len(content) < 700 * 1024
    html = post(office, content)
    assert "文件“花名册.xlsx”中的部件“xl/sharedStrings.xml”解压后超过单个部件 32 MB 的上限，疑似压缩炸弹" in html


def test_an_entity_bomb_in_the_shared_strings_is_refused(office):
    html = post(office, bombs.workbook(shared_strings=bombs.billion_laughs_xml()), "职工.xlsx")
    assert "文件“职工.xlsx”中的部件“xl/sharedStrings.xml”含有 DTD 声明" in html


def test_a_lying_zip_directory_is_refused(office):
    honest = bombs.workbook(shared_strings=bombs.shared_strings_bomb(20 * bombs.MB))
    html = post(office, bombs.understate_size(honest, "xl/sharedStrings.xml", 1000))
    assert "文件“花名册.xlsx”已损坏，无法打开" in html


def test_thousands_of_parts_are_refused(office):
    assert "超过上限 1000 个" in post(office, bombs.workbook(members=1500))


def test_rows_past_the_limit_are_refused_while_reading(office, settings, world):
    settings.ROSTER_MAX_ROWS = 3
    rows = [[str(7000 + i), "赵敏", "", "内科"] for i in range(4)]
    html = post(office, bombs.workbook(sheet=bombs.header_sheet(list(HEADERS), rows)))
    assert "文件“花名册.xlsx”的工作表“花名册”超过 3 行（读到第 5 行时停止）" in html


def test_a_row_a_billion_lines_down_is_refused(office):
    far = '<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>1</t></is></c></row>'
    html = post(office, bombs.workbook(sheet=bombs.header_sheet(list(HEADERS), extra=far)))
    assert "超过 20000 行（读到第 21002 行时停止）" in html
