"""Standard import (API and page) under attack: YAML alias bombs and zip bombs are refused in
Chinese, naming the file and the limit, the server answers (never 500) and nothing is written."""

import pytest
from django.urls import reverse

from chuangwen.standards.models import Item, Standard
from tests import bombs

from .conftest import HEADERS, upload

API = "/api/standards/standards/import"


@pytest.fixture(autouse=True)
def _english():
    """Unlike the rest of tests/standards, this module checks the Chinese messages users read."""
    yield

ZH = {"Accept-Language": "zh-hans"}


@pytest.fixture
def api_refuses(world, call):
    def _refuses(content: bytes, name: str) -> str:
        response = call(world.office, "POST", API, data={"file": upload(content, name), "name": "院标"}, headers=ZH)
        assert response.status_code == 422, response.content
        assert not Standard.objects.exists() and not Item.objects.exists()
        return response.json()["message"]

    return _refuses


def test_the_issues_billion_laughs_yaml_is_refused(api_refuses):
    """It made the server spend 43 s and 2.9 GB and answer 500."""
    message = api_refuses(bombs.BILLION_LAUGHS_YAML.encode(), "laughs.yaml")
    assert message == (
        "YAML 文件“laughs.yaml”第 1 行使用了锚点或别名（& 或 *），导入文件须把每个值完整写出，已拒绝，未导入任何数据。"
    )


def test_the_issues_alias_tree_is_refused_through_the_page(world, login):
    """300×300×300 items in 4 KB: it killed the server process by stack overflow."""
    client = login(world.office)
    content = bombs.alias_tree_yaml().encode()
    assert len(content) < 4096
    response = client.post(
        reverse("standards:standard_import"),
        {"file": upload(content, "tree.yaml"), "name": "院标", "owner_unit": world.a.pk},
        headers=ZH,
    )
    assert response.status_code == 200
    assert "YAML 文件“tree.yaml”第 1 行使用了锚点或别名" in response.content.decode()
    assert not Standard.objects.exists()


def test_deep_and_wide_yaml_are_refused(api_refuses):
    assert "嵌套超过 20 层" in api_refuses(bombs.deep_yaml(500).encode(), "deep.yaml")
    assert "的值超过 100000 个" in api_refuses(bombs.wide_yaml(200_000).encode(), "wide.yaml")
    # Deeper than libyaml itself will go: refused as unreadable, not a crash.
    assert api_refuses(bombs.deep_yaml(100_000).encode(), "deeper.yaml")


def test_yaml_items_are_counted_while_reading(api_refuses, settings):
    settings.STANDARD_IMPORT_MAX_ITEMS = 3
    items = "".join(f"          - {{title: 项目{i}, points: 1, methods: 材料审核}}\n" for i in range(4))
    text = "aspects:\n  - title: 方面\n    indicators:\n      - title: 指标\n        items:\n" + items
    assert api_refuses(text.encode(), "s.yaml") == "文件中的测评项目超过3个，不予接受。"


def test_an_xlsx_shared_strings_bomb_is_refused(api_refuses):
    content = bombs.workbook(
        sheet=bombs.header_sheet(HEADERS), shared_strings=bombs.shared_strings_bomb(100 * bombs.MB)
    )
    assert "部件“xl/sharedStrings.xml”解压后超过单个部件 32 MB 的上限" in api_refuses(content, "标准.xlsx")


def test_xlsx_items_past_the_limit_are_refused_while_reading(api_refuses, settings):
    settings.STANDARD_IMPORT_MAX_ITEMS = 2
    rows = [["1 方面", "1.1 指标", f"1.1.{i}", f"内容{i}", "1", "材料审核"] for i in range(1, 4)]
    message = api_refuses(bombs.workbook(sheet=bombs.header_sheet(HEADERS, rows)), "标准.xlsx")
    assert message.startswith("文件“标准.xlsx”的工作表“花名册”超过 2 行（读到第 4 行时停止）")
