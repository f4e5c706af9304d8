from decimal import Decimal

import pytest

from chuangwen.standards.importers import StandardImportError, read_xlsx, read_yaml
from chuangwen.standards.models import Aspect, Item, Standard
from chuangwen.standards.services import standard_import

from .conftest import ROWS, YAML, upload, xlsx_bytes


def refused(content, name="standard.xlsx"):
    reader = read_yaml if name.endswith(".yaml") else read_xlsx
    with pytest.raises(StandardImportError) as info:
        reader(upload(content, name))
    return info.value


def test_xlsx_builds_the_tree_with_blank_cells_meaning_same_as_above(world):
    tree = read_xlsx(upload(xlsx_bytes(ROWS)))
    assert [(a.code, a.title) for a in tree.aspects] == [("1", "思想道德建设"), ("2", "行业作风")]
    assert [i.code for i in tree.aspects[0].indicators] == ["1.1", "1.2"]
    assert [i.code for i in tree.aspects[1].indicators] == ["2.1"]
    assert [i.code for i in tree.aspects[0].indicators[0].items] == ["1.1.1", "1.1.2"]
    first = tree.aspects[0].indicators[0].items[0]
    assert first.methods == ["documents"]
    assert first.rules == [{"type": "min_records", "count": 2, "period": "month"}, {"type": "min_photos", "count": 2}]
    assert tree.aspects[0].indicators[0].items[1].methods == ["documents", "site"]
    assert tree.aspects[1].indicators[0].items[0].rules == [
        {"type": "requires_doc_number"},
        {"type": "file_types", "types": ["pdf", "docx"]},
    ]
    assert tree.total_points == Decimal("20")


def test_xlsx_merged_cells_are_read_as_same_as_above(world):
    rows = [list(r) for r in ROWS[:3]]
    rows[1][0] = rows[2][0] = None
    content = xlsx_bytes(rows, merge=["A2:A4", "B2:B3"])
    tree = read_xlsx(upload(content))
    assert len(tree.aspects) == 1 and [i.code for i in tree.aspects[0].indicators] == ["1.1", "1.2"]
    assert len(list(tree.items())) == 3


def test_import_writes_the_tree_and_totals(world):
    tree = read_xlsx(upload(xlsx_bytes(ROWS)))
    std = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="县标准")
    assert std.status == Standard.Status.DRAFT and std.applies_to == world.county_x
    assert Aspect.objects.filter(standard=std).count() == 2
    assert Item.objects.filter(standard=std).count() == 5
    item = Item.objects.get(standard=std, code="2.1.1")
    assert item.points == Decimal("4.5") and item.indicator.code == "2.1" and item.aspect.code == "2"
    assert item.history.first().history_user == world.supervisor


def test_hospital_import_applies_to_no_region(world):
    tree = read_yaml(upload(YAML.encode(), "s.yaml"))
    std = standard_import(tree=tree, owner_unit=world.a, user=world.office)
    assert std.name == "测试测评体系" and std.level == "county" and std.applies_to is None
    assert Item.objects.get(standard=std, code="1.1.2").methods == ["documents", "site"]


@pytest.mark.parametrize(
    "row, column, fragment",
    [
        (["1 A", "1.1 B", "1.1.1", "", 3, "材料审核", "", ""], "测评内容", "content is missing"),
        (["1 A", "1.1 B", "1.1.1", "x", -1, "材料审核", "", ""], "分值", "positive"),
        (["1 A", "1.1 B", "1.1.1", "x", 0, "材料审核", "", ""], "分值", "positive"),
        (["1 A", "1.1 B", "1.1.1", "x", 1001, "材料审核", "", ""], "分值", "at most"),
        (["1 A", "1.1 B", "1.1.1", "x", "三分", "材料审核", "", ""], "分值", "not a number"),
        (["1 A", "1.1 B", "1.1.1", "x", 3, "现场看看", "", ""], "测评方法", "现场看看"),
        (["1 A", "1.1 B", "1.1.1", "x", 3, "材料审核", "", "照片很多"], "台账要求/规则", "照片很多"),
        (["1 A", "1.1 B", "1.1.1", "x", 3, "材料审核", "", "类型:exe"], "台账要求/规则", "exe"),
    ],
)
def test_each_bad_cell_is_reported_with_its_row_and_nothing_is_written(world, row, column, fragment):
    good = ["1 A", "1.1 B", "1.0.1", "ok", 3, "材料审核", "", ""]
    error = refused(xlsx_bytes([good, row]))
    assert [(p.row, p.field) for p in error.problems] == [(3, column)]
    assert fragment in error.problems[0].message
    assert not Standard.objects.exists() and not Item.objects.exists()


def test_every_problem_of_the_file_is_listed_at_once(world):
    rows = [
        [None, "1.1 B", "1.1.1", "x", 3, "材料审核", "", ""],
        ["1 A", "1.1 B", "1.1.1", "x", 3, "材料审核", "", ""],
        ["1 A", "1.1 B", "1.1.1", "duplicate code", 3, "材料审核", "", ""],
        ["1 A", "1.1 B", "1.1.3", "", "abc", "看看", "", "火星"],
    ]
    error = refused(xlsx_bytes(rows))
    got = [(p.row, p.field) for p in error.problems]
    assert got == [(2, "方面"), (4, "项目编号"), (5, "测评内容"), (5, "分值"), (5, "测评方法"), (5, "台账要求/规则")]
    assert "Row 3" in error.problems[1].message


def test_refused_files(world, settings):
    assert "not an Excel" in refused(b"\xff\xd8\xff\xe0" + b"\0" * 50).message
    assert ".xls" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50).message
    assert "damaged" in refused(b"PK\x03\x04garbage" * 20).message
    assert "测评内容" in refused(xlsx_bytes(ROWS, headers=["方面", "指标", "分值"])).message
    assert "no items" in refused(xlsx_bytes([])).message
    settings.STANDARD_IMPORT_MAX_BYTES = 1000
    assert "larger than" in refused(xlsx_bytes(ROWS)).message
    assert not Standard.objects.exists()


@pytest.mark.parametrize(
    "text, path, fragment",
    [
        (YAML.replace("title: 每季撰写心得体会", ""), "aspects[0].indicators[0].items[1].title", "missing"),
        (YAML.replace("points: 5", "points: 1001"), "aspects[1].indicators[0].items[0].points", "at most"),
        (YAML.replace("points: 5", "points: -2"), "aspects[1].indicators[0].items[0].points", "positive"),
        (YAML.replace("methods: 问卷调查", "methods: 打电话"), "aspects[1].indicators[0].items[0].methods", "打电话"),
        (
            YAML.replace("type: min_photos", "type: min_selfies"),
            "aspects[0].indicators[0].items[1].rules",
            "min_selfies",
        ),
        (YAML.replace('code: "2.1.1"', 'code: "1.1.1"'), "aspects[1].indicators[0].items[0].code", "1.1.1"),
        (YAML.replace("title: 行业作风", "title: ''"), "aspects[1].title", "missing"),
    ],
)
def test_yaml_problems_name_their_path(world, text, path, fragment):
    error = refused(text.encode(), "s.yaml")
    assert [p.where for p in error.problems] == [path]
    assert fragment in error.problems[0].message
    assert not Standard.objects.exists()


def test_yaml_that_is_not_a_standard(world):
    assert "line" in refused(b"aspects: [\n  - {", "s.yaml").message
    assert "aspects" in refused(b"- just a list", "s.yaml").message
    assert "UTF-8" in refused("aspects: []".encode("gbk") + b"\xff\xfe", "s.yaml").message
