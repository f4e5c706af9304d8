"""责任分解表 import page under attack: zip bombs and oversized sheets are refused in Chinese before
or while reading, naming the file, part or sheet and the limit; no task is written."""

import io

import pytest
from django.urls import reverse

from chuangwen.campaigns import responsibility_table as table
from chuangwen.campaigns.models import Task
from tests import bombs


@pytest.fixture
def post(world, login, camp):
    client = login(world.office)

    def _post(content: bytes, name="责任分解表.xlsx") -> str:
        before = Task.objects.count()
        buf = io.BytesIO(content)
        buf.name = name
        response = client.post(
            reverse("campaigns:responsibility_import", args=[camp.pk]),
            {"file": buf},
            headers={"Accept-Language": "zh-hans"},
        )
        assert response.status_code == 200
        assert Task.objects.count() == before
        return response.content.decode()

    return _post


def sheet(rows=()) -> str:
    return bombs.header_sheet(list(table.HEADERS), [list(r) for r in rows])


def test_a_shared_strings_bomb_is_refused(post):
    html = post(bombs.workbook(sheet=sheet(), shared_strings=bombs.shared_strings_bomb(100 * bombs.MB)))
    assert "文件“责任分解表.xlsx”中的部件“xl/sharedStrings.xml”解压后超过单个部件 32 MB 的上限" in html


def test_a_part_that_packs_too_well_is_refused(post):
    html = post(bombs.workbook({"xl/media/image1.png": bombs.zeros(8 * bombs.MB)}, sheet=sheet()))
    assert "部件“xl/media/image1.png”解压后是压缩大小的" in html and "上限 100 倍" in html


def test_an_entity_bomb_is_refused(post):
    assert "含有 DTD 声明" in post(bombs.workbook(sheet=sheet(), shared_strings=bombs.billion_laughs_xml()))


def test_rows_past_the_limit_are_refused_while_reading(post, settings):
    settings.RESPONSIBILITY_TABLE_MAX_ROWS = 2
    rows = [["", "", "", f"任务{i}", "", "", "内科", "", "", "2026-03-31"] for i in range(30)]
    html = post(bombs.workbook(sheet=sheet(rows), sheet_name=table.SHEET_TITLE))
    assert "文件“责任分解表.xlsx”的工作表“责任分解表”超过 2 行（读到第 13 行时停止）" in html


def test_cells_far_to_the_right_do_not_widen_the_rows(post):
    """A cell in column XFD made openpyxl build 16384 values per row; only the first columns are read."""
    far = "".join(f'<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>' for r in range(2, 3000))
    html = post(bombs.workbook(sheet=bombs.header_sheet(list(table.HEADERS), extra=far)))
    assert "表格中没有任务行。" in html
