"""Standards as published (issue 13): declared points at every level checked on import and in
the editor, two to four levels, methods as data, the 计分规则 column, the export's metadata and
round trip, and discarding a draft."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chuangwen.standards import exporters
from chuangwen.standards.importers import StandardImportError, read_xlsx, read_yaml
from chuangwen.standards.models import Aspect, Indicator, Item, Method, Section, Standard
from chuangwen.standards.selectors import standard_list, standard_tree
from chuangwen.standards.services import (
    item_update,
    level_update,
    standard_discard,
    standard_import,
    standard_publish,
)

from .conftest import upload, xlsx_bytes

TWO = ["方面", "方面分值", "项目编号", "测评内容", "分值", "测评方法", "计分规则"]
FOUR = [
    "方面",
    "方面分值",
    "指标",
    "指标分值",
    "细则",
    "细则分值",
    "项目编号",
    "测评内容",
    "分值",
    "测评方法",
    "台账要求/规则",
]


def _two_level(third_points=2):
    return [
        ["03 学雷锋活动", 10, "3.1", "建立志愿服务队伍", 4, "材料审核", ""],
        [None, None, "3.2", "开展学雷锋志愿服务活动", 4, "动态考核", "每月2分"],
        [None, None, "3.3", "志愿服务进社区", third_points, "明察暗访", "发现一处扣1分"],
        ["04 诚信建设", None, "4.1", "公开服务承诺", 3, "site", ""],
    ]


def _four_level(section_item_points=3):
    return [
        ["1 思想道德", 10, "1.1 理论学习", 10, "1.1.1 学习制度", 6, "1.1.1.1", "建立学习制度", 3, "材料审核", "文号"],
        [None, None, None, None, None, None, "1.1.1.2", "学习计划", section_item_points, "材料审核", "照片≥3/条"],
        [None, None, None, None, "1.1.2 学习记录", "4", "1.1.2.1", "每月学习记录", 4, "材料审核", "记录≥1/月"],
    ]


def test_two_level_standard_with_declared_points_is_accepted_and_written(world):
    tree = read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO)))
    assert tree.depth == 2 and tree.total_points == Decimal("13")
    std = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="两级体系")
    assert std.depth == 2
    aspect = Aspect.objects.get(standard=std, code="03")
    assert (aspect.points, aspect.children_rule) == (Decimal("10"), "equal")
    # One hidden indicator per aspect keeps Item.indicator required.
    assert list(Indicator.objects.filter(aspect__standard=std).values_list("implicit", flat=True)) == [True, True]
    assert Item.objects.get(standard=std, code="3.2").methods == ["dynamic"]
    assert Item.objects.get(standard=std, code="3.3").scoring == {
        "method": "per_occurrence",
        "deduct": "1",
        "restore_on_close": False,
    }
    assert Item.objects.get(standard=std, code="3.3").methods == ["unannounced"]


def test_two_level_file_whose_items_exceed_the_aspect_is_refused_whole(world):
    before = (Standard.objects.count(), Item.objects.count())
    with pytest.raises(StandardImportError) as info:
        read_xlsx(upload(xlsx_bytes(_two_level(third_points=4), headers=TWO)))
    [problem] = info.value.problems
    assert str(problem) == "Row 2：03 学雷锋活动 declares 10 points; its children add up to 12."
    assert (Standard.objects.count(), Item.objects.count()) == before


def test_four_level_standard_is_accepted_with_sections(world):
    tree = read_xlsx(upload(xlsx_bytes(_four_level(), headers=FOUR)))
    assert tree.depth == 4
    std = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="四级体系")
    assert std.depth == 4
    sections = Section.objects.filter(indicator__aspect__standard=std).order_by("order")
    assert [(s.code, s.points) for s in sections] == [("1.1.1", Decimal("6")), ("1.1.2", Decimal("4"))]
    item = Item.objects.get(standard=std, code="1.1.1.2")
    assert item.section.code == "1.1.1" and item.rules == [{"type": "min_photos", "count": 3, "per": "record"}]
    detail = standard_tree(std)
    assert [s.points for s in detail.aspects[0].indicators[0].sections] == [Decimal("6"), Decimal("4")]
    assert detail.total_points == Decimal("10")


def test_four_level_file_whose_items_exceed_a_section_is_refused(world):
    with pytest.raises(StandardImportError) as info:
        read_xlsx(upload(xlsx_bytes(_four_level(section_item_points=4), headers=FOUR)))
    messages = [str(p) for p in info.value.problems]
    assert "Row 2：1.1.1 学习制度 declares 6 points; its children add up to 7." in messages
    assert "Row 2：1.1 理论学习 declares 10 points; its children add up to 11." not in messages


@pytest.mark.parametrize(
    ("declared", "points", "ok"),
    [
        ("≤10", 8, True),
        ("≤10", 12, False),
        ("10（扣完为止）", 12, True),
        ("10（扣完为止）", 8, False),
        ("10", 8, False),
    ],
)
def test_within_and_cap(world, declared, points, ok):
    rows = [["1 加分项目", declared, "1.1", "获得表彰", points, "材料审核", ""]]
    content = upload(xlsx_bytes(rows, headers=TWO))
    if ok:
        tree = read_xlsx(content)
        # Pages show the declared points, never a sum that contradicts them.
        assert tree.total_points == Decimal("10")
    else:
        with pytest.raises(StandardImportError):
            read_xlsx(content)


YAML_TWO = """
name: 两级
aspects:
  - code: "1"
    title: 学雷锋活动
    points: 10
    items:
      - {code: "1.1", title: 队伍, points: 4, methods: 材料审核}
      - {code: "1.2", title: 活动, points: 7, methods: 动态考核}
"""

YAML_FOUR = """
name: 四级
aspects:
  - code: "1"
    title: 思想道德
    points: 5
    indicators:
      - code: "1.1"
        title: 理论学习
        points: "≤5"
        sections:
          - code: "1.1.1"
            title: 学习制度
            points: 3
            items:
              - {code: "1.1.1.1", title: 制度, points: 3, methods: [documents]}
"""


def test_yaml_two_and_four_levels(world):
    with pytest.raises(StandardImportError) as info:
        read_yaml(upload(YAML_TWO.encode(), "s.yaml"))
    assert [str(p) for p in info.value.problems] == [
        "aspects[0].points：1 学雷锋活动 declares 10 points; its children add up to 11."
    ]
    assert read_yaml(upload(YAML_TWO.replace("points: 7", "points: 6").encode(), "s.yaml")).depth == 2
    tree = read_yaml(upload(YAML_FOUR.encode(), "s.yaml"))
    assert tree.depth == 4 and tree.total_points == Decimal("5")
    assert tree.aspects[0].indicators[0].children_rule == "within"


def test_methods_are_data_a_bureau_adds_its_own(world):
    rows = [["1 方面", None, "1.1", "项目", 2, "入户走访", ""]]
    with pytest.raises(StandardImportError) as info:
        read_xlsx(upload(xlsx_bytes(rows, headers=TWO)), owner_unit=world.bureau)
    assert "Unknown assessment method “入户走访”" in str(info.value.problems[0])
    Method.objects.create(code="visit", name="入户走访", owner_region=world.bureau.region)
    tree = read_xlsx(upload(xlsx_bytes(rows, headers=TWO)), owner_unit=world.bureau)
    assert next(tree.items()).methods == ["visit"]
    # A method switched off is refused (it is never deleted: stored items keep its code).
    Method.objects.filter(code="visit").update(active=False)
    with pytest.raises(StandardImportError):
        read_xlsx(upload(xlsx_bytes(rows, headers=TWO)), owner_unit=world.bureau)


def test_shipped_methods_keep_the_old_codes(db):
    codes = set(Method.objects.values_list("code", flat=True))
    assert {"site", "documents", "survey", "online", "dynamic", "unannounced", "report", "web_survey"} <= codes


def _snapshot(std):
    detail = standard_tree(std)
    out = [(std.name, std.version, std.level, std.depth, std.description)]
    for a in detail.aspects:
        out.append(("A", a.aspect.code, a.aspect.title, a.aspect.points, a.aspect.children_rule))
        for i in a.indicators:
            out.append(("I", i.indicator.code, i.indicator.points, i.indicator.implicit))
            for s in i.sections:
                out.append(("S", s.section.code, s.section.title, s.section.points, s.section.children_rule))
                out += [("T", t.code, t.title, t.points, t.methods, t.rules, t.scoring) for t in s.items]
            out += [("T", t.code, t.title, t.points, t.methods, t.rules, t.scoring, t.materials) for t in i.items]
    return out


@pytest.mark.parametrize("rows,headers", [(_two_level(), TWO), (_four_level(), FOUR)])
@pytest.mark.parametrize("fmt", ["xlsx", "yaml"])
def test_export_reimports_to_the_same_standard(world, rows, headers, fmt):
    tree = read_xlsx(upload(xlsx_bytes(rows, headers=headers)))
    std = standard_import(
        tree=tree, owner_unit=world.bureau, user=world.supervisor, name="导出体系", version="2026", level="city"
    )
    Standard.objects.filter(pk=std.pk).update(description="说明文字")
    std.refresh_from_db()
    if fmt == "xlsx":
        again = read_xlsx(upload(exporters.export_xlsx(std)))
    else:
        again = read_yaml(upload(exporters.export_yaml(std), "s.yaml"))
    assert (again.name, again.version, again.level, again.description) == ("导出体系", "2026", "city", "说明文字")
    copy = standard_import(tree=again, owner_unit=world.bureau, user=world.supervisor, version="2027")
    assert _snapshot(copy)[1:] == _snapshot(std)[1:]
    assert _snapshot(copy)[0][3] == std.depth


def test_editor_refuses_children_over_a_parent_and_publish_refuses_a_mismatch(world):
    tree = read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO)))
    std = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="编辑体系")
    item = Item.objects.get(standard=std, code="3.3")
    with pytest.raises(ValidationError) as info:
        item_update(item=item, user=world.supervisor, points=Decimal("3"))
    assert "03 学雷锋活动 declares 10 points; its children add up to 11." in info.value.messages
    assert Item.objects.get(pk=item.pk).points == Decimal("2")
    # Short of the parent while re-weighting is allowed, but such a draft is not published.
    item_update(item=Item.objects.get(pk=item.pk), user=world.supervisor, points=Decimal("1"))
    with pytest.raises(ValidationError):
        standard_publish(standard=std, user=world.supervisor)
    level_update(level=Aspect.objects.get(standard=std, code="03"), user=world.supervisor, points=Decimal("9"))
    assert standard_publish(standard=std, user=world.supervisor).status == Standard.Status.PUBLISHED


def test_list_shows_declared_points(world):
    rows = [["1 扣分项目", "10（扣完为止）", "1.1", "吸烟", 6, "暗访", ""], [None, None, "1.2", "垃圾", 6, "暗访", ""]]
    std = standard_import(
        tree=read_xlsx(upload(xlsx_bytes(rows, headers=TWO))),
        owner_unit=world.bureau,
        user=world.supervisor,
        name="封顶",
    )
    row = standard_list(world.supervisor).get(pk=std.pk)
    assert row.total_points == Decimal("10") and standard_tree(std).total_points == Decimal("10")


def test_discard_a_draft_keeps_it_out_of_the_lists(world, client):
    tree = read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO)))
    std = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="作废")
    client.force_login(world.supervisor)
    response = client.post(f"/standards/{std.pk}/discard/")
    assert response.status_code == 302
    std.refresh_from_db()
    assert std.status == Standard.Status.DISCARDED and Item.objects.filter(standard=std).count() == 4
    assert not standard_list(world.supervisor).filter(pk=std.pk).exists()
    other = standard_import(tree=tree, owner_unit=world.bureau, user=world.supervisor, name="已发布")
    standard_publish(standard=other, user=world.supervisor)
    with pytest.raises(ValidationError):
        standard_discard(standard=other, user=world.supervisor)
    assert Standard.objects.get(pk=other.pk).status == Standard.Status.PUBLISHED


def test_whole_numbers_in_scoring_rules_stay_readable():
    from chuangwen.standards.scoring_rules import parse_scoring_text, scoring_to_text

    rule = parse_scoring_text("满意度:≥90=1,≥85=0.6")
    assert rule["bands"][0]["min"] == "90" and parse_scoring_text(scoring_to_text(rule)) == rule


def _detail_html(client, std):
    from django.urls import reverse

    response = client.get(reverse("standards:standard_detail", args=[std.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_pages_show_declared_points_sections_and_hide_implicit_indicators(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    two = standard_import(
        tree=read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO))),
        owner_unit=world.bureau,
        user=world.supervisor,
        name="两级页面",
    )
    four = standard_import(
        tree=read_xlsx(upload(xlsx_bytes(_four_level(), headers=FOUR))),
        owner_unit=world.bureau,
        user=world.supervisor,
        name="四级页面",
    )
    client = login(world.supervisor)
    html = _detail_html(client, two)
    assert html.count('data-testid="standard-item"') == 4 and 'data-testid="total-points">13<' in html
    # The hidden indicator (code and title of its aspect) is not shown as a level of its own.
    assert 'text-primary">03 学雷锋活动<' not in html
    assert "动态考核" in html and "明察暗访/暗访" in html and "points off per occurrence" in html
    assert 'data-testid="standard-discard"' in html
    html = _detail_html(client, four)
    assert html.count('data-testid="standard-section"') == 2 and "1.1.1 学习制度" not in html
    assert "学习制度" in html and "At least 3 photos in each record" in html
    with CaptureQueriesContext(connection) as small:
        _detail_html(client, two)
    with CaptureQueriesContext(connection) as large:
        _detail_html(client, four)
    assert len(small) == len(large)


def test_editor_form_takes_scoring_and_the_new_requirements(world, login):
    from django.urls import reverse

    std = standard_import(
        tree=read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO))),
        owner_unit=world.bureau,
        user=world.supervisor,
        name="编辑页面",
    )
    item = Item.objects.get(standard=std, code="3.1")
    client = login(world.supervisor)
    data = {
        "code": "3.1",
        "title": "建立志愿服务队伍",
        "points": "4",
        "methods": ["documents", "report"],
        "scoring_text": "少一次扣0.5分",
        "rule_min_photos": "3",
        "rule_per_record": "on",
        "rule_note_required": "on",
        "rule_more": "类别:方案,制度; 须见:落款处加盖单位印章",
    }
    response = client.post(reverse("standards:item_update", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.methods == ["documents", "report"]
    assert item.scoring == {"method": "per_occurrence", "deduct": "0.5", "restore_on_close": False}
    assert item.rules == [
        {"type": "min_photos", "count": 3, "per": "record"},
        {"type": "note_required"},
        {"type": "doc_kinds", "kinds": ["方案", "制度"]},
        {"type": "attestations", "items": ["落款处加盖单位印章"]},
    ]
    # Over the aspect's declared 10 points: refused, with the aspect named, nothing saved.
    response = client.post(reverse("standards:item_update", args=[item.pk]), {**data, "points": "6"})
    assert response.status_code == 200
    assert "03 学雷锋活动 declares 10 points; its children add up to 12." in response.content.decode()
    assert Item.objects.get(pk=item.pk).points == Decimal("4")


def test_api_tree_declared_points_sections_and_discard(world, call):
    content = upload(xlsx_bytes(_four_level(), headers=FOUR))
    response = call(world.supervisor, "POST", "/api/standards/standards/import", data={"file": content, "name": "四级"})
    assert response.status_code == 201, response.json()
    tree = response.json()
    assert tree["depth"] == 4 and Decimal(tree["total_points"]) == 10
    indicator = tree["aspects"][0]["indicators"][0]
    assert Decimal(indicator["declared_points"]) == 10 and indicator["children_rule"] == "equal"
    assert [s["code"] for s in indicator["sections"]] == ["1.1.1", "1.1.2"]
    assert indicator["sections"][0]["items"][1]["rule_labels"] == ["At least 3 photos in each record"]
    bad = upload(xlsx_bytes(_four_level(section_item_points=4), headers=FOUR))
    response = call(world.supervisor, "POST", "/api/standards/standards/import", data={"file": bad, "name": "坏"})
    assert response.status_code == 422
    assert {
        "field": "Row 2",
        "row": 2,
        "column": "分值",
        "message": "1.1.1 学习制度 declares 6 points; its children add up to 7.",
    } in response.json()["errors"]
    assert not Standard.objects.filter(name="坏").exists()
    response = call(world.supervisor, "POST", f"/api/standards/standards/{tree['id']}/discard")
    assert response.status_code == 200 and response.json()["status"] == "discarded"
    listed = call(world.supervisor, "GET", "/api/standards/standards").json()["items"]
    assert tree["id"] not in [s["id"] for s in listed]


def test_points_page_saves_every_level_whole_or_not_at_all(world, login):
    from django.urls import reverse

    std = standard_import(
        tree=read_xlsx(upload(xlsx_bytes(_two_level(), headers=TWO))),
        owner_unit=world.bureau,
        user=world.supervisor,
        name="分值页面",
    )
    a03, a04 = Aspect.objects.filter(standard=std).order_by("order")
    client = login(world.supervisor)
    url = reverse("standards:standard_points", args=[std.pk])
    page = client.get(url).content.decode()
    assert f'name="aspect-{a03.pk}" value="10"' in page and f'name="aspect-{a04.pk}" value=""' in page
    response = client.post(url, {f"aspect-{a03.pk}": "8", f"aspect-{a04.pk}": "3"})
    assert response.status_code == 200
    assert "03 学雷锋活动 declares 8 points; its children add up to 10." in response.content.decode()
    assert Aspect.objects.get(pk=a04.pk).points is None  # nothing saved
    response = client.post(url, {f"aspect-{a03.pk}": "10（扣完为止）", f"aspect-{a04.pk}": "≤5"})
    assert response.status_code == 302
    a03.refresh_from_db()
    a04.refresh_from_db()
    assert (a03.points, a03.children_rule, a04.points, a04.children_rule) == (10, "cap", 5, "within")
    assert client.post(url, {f"aspect-{a03.pk}": "十分"}).status_code == 200
    assert login(world.office).get(url).status_code in (403, 404)


def test_bureau_adds_its_own_method_on_the_methods_page(world, login):
    from django.urls import reverse

    url = reverse("standards:method_list")
    client = login(world.supervisor)
    assert "动态考核" in client.get(url).content.decode()
    assert client.post(url, {"code": "visit", "name": "入户走访"}).status_code == 302
    method = Method.objects.get(code="visit")
    assert method.owner_region == world.bureau.region and method.active
    assert client.post(url, {"code": "visit", "name": "重复"}).status_code == 200  # the code is taken
    # The hospitals of the region see it; their office cannot add methods.
    office = login(world.office)
    page = office.get(url).content.decode()
    assert "入户走访" in page and 'data-testid="method-form"' not in page
    office.post(url, {"code": "own", "name": "自定"})
    assert not Method.objects.filter(code="own").exists()
    login(world.supervisor).post(url, {"toggle": "visit"})
    assert not Method.objects.get(code="visit").active
