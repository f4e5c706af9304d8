"""A standard as an .xlsx workbook or a YAML file, in exactly the layout the importers read, so
export → import gives the same standard: tree, declared points, methods, rules and scoring, and
(on the sheet 体系信息 of the workbook, at the top of the YAML) name, version, level, levels and
description. A two-level standard's hidden indicators are not written."""

from __future__ import annotations

from decimal import Decimal

import yaml

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

from .importers import COLUMNS, INFO_SHEET, LEVEL_COLUMNS, LEVEL_NAMES
from .models import Method, Standard
from .points import declared_text
from .rules import rules_to_text
from .scoring_rules import scoring_to_text
from .selectors import standard_tree

LEVEL_LABELS = {str(v): k for k, v in LEVEL_NAMES.items()}
WIDTHS = {"方面": 22, "指标": 26, "细则": 26, "测评内容": 60, "测评方法": 18, "所需材料": 36, "台账要求/规则": 30}
YAML_CONTENT_TYPE = "application/yaml; charset=utf-8"


def _points(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _method_labels() -> dict[str, str]:
    return dict(Method.objects.values_list("code", "name"))


def _methods(methods: list[str], labels: dict[str, str]) -> str:
    return "、".join(labels.get(m, m) for m in methods)


def headers_for(depth: int) -> list[str]:
    """The columns of a standard of ``depth`` levels, in order."""
    level_headers = {h for pair in LEVEL_COLUMNS.values() for h in pair}
    levels = [h for d, pair in sorted(LEVEL_COLUMNS.items()) if d <= depth for h in pair]
    return levels + [h for h in COLUMNS if h not in level_headers]


def _level_cells(node, kind: str) -> list:
    level = getattr(node, kind)
    return [f"{level.code} {level.title}", declared_text(level.points, level.children_rule)]


def _rows(detail, depth: int, labels):
    """(level spans, cells) of each item row, in order."""
    for a in detail.aspects:
        for i in a.indicators:
            groups = [(None, i.items)] + [(s, s.items) for s in i.sections]
            for section, items in groups:
                for item in items:
                    cells = _level_cells(a, "aspect")
                    if depth >= 3:
                        cells += _level_cells(i, "indicator")
                    if depth == 4:
                        cells += _level_cells(section, "section") if section else ["", ""]
                    cells += [
                        item.code,
                        item.title,
                        _points(item.points),
                        _methods(item.methods, labels),
                        item.materials,
                        rules_to_text(item.rules),
                        scoring_to_text(item.scoring) if item.scoring else "",
                    ]
                    yield (a.aspect.pk, i.indicator.pk, section.section.pk if section else None), cells


def export_xlsx(standard: Standard) -> bytes:
    """The sheet 测评体系 with one row per item, level cells merged over their items as in the
    official tables (header in row 1, no title row, so the file imports back as it is), and the
    sheet 体系信息 with the standard's name, version, level, levels and description."""
    detail = standard_tree(standard)
    depth = standard.depth
    headers = headers_for(depth)
    book = XlsxBook()
    columns = [XlsxColumn(h, WIDTHS.get(h, 10), align="wrap") for h in headers]
    sheet = book.sheet("测评体系", columns, print_header=f"{standard.name}（{standard.version}）")
    level_count = {2: 1, 3: 2, 4: 3}[depth]
    row = sheet.header_row + 1
    starts: list[int] = [row] * level_count
    last: list = [None] * level_count
    for keys, cells in _rows(detail, depth, _method_labels()):
        for n in range(level_count):
            if keys[: n + 1] != last[n]:
                _merge(sheet, starts[n], row - 1, n)
                starts[n], last[n] = row, keys[: n + 1]
        sheet.append(cells)
        row += 1
    for n in range(level_count):
        _merge(sheet, starts[n], row - 1, n)
    info = book.plain_sheet(INFO_SHEET)
    info.append(["项目", "内容"])
    for label, value in (
        ("名称", standard.name),
        ("版本", standard.version),
        ("级别", LEVEL_LABELS.get(str(standard.level), str(standard.level))),
        ("层级", str(depth)),
        ("说明", standard.description),
    ):
        info.append([label, value])
    return book.save()


def _merge(sheet, first: int, last: int, level: int) -> None:
    if last > first:
        for column in (2 * level + 1, 2 * level + 2):
            sheet.merge(first, column, last, column)


def _declared(node) -> dict:
    text = declared_text(node.points, node.children_rule)
    return {"points": text} if text else {}


def _item_data(item, labels) -> dict:
    data = {
        "code": item.code,
        "title": item.title,
        "points": _points(item.points),
        "methods": _methods(item.methods, labels),
        "materials": item.materials,
        "rules": rules_to_text(item.rules),
    }
    if item.scoring:
        data["scoring"] = scoring_to_text(item.scoring)
    return data


def tree_as_data(standard: Standard) -> dict:
    """The standard as plain data in the YAML layout (also what the API's tree mirrors)."""
    detail = standard_tree(standard)
    labels = _method_labels()
    aspects = []
    for a in detail.aspects:
        aspect = {"code": a.aspect.code, "title": a.aspect.title, **_declared(a.aspect)}
        if standard.depth == 2:
            aspect["items"] = [_item_data(item, labels) for i in a.indicators for item in i.items]
        else:
            aspect["indicators"] = []
            for i in a.indicators:
                indicator = {"code": i.indicator.code, "title": i.indicator.title, **_declared(i.indicator)}
                if i.sections:
                    indicator["sections"] = [
                        {
                            "code": s.section.code,
                            "title": s.section.title,
                            **_declared(s.section),
                            "items": [_item_data(item, labels) for item in s.items],
                        }
                        for s in i.sections
                    ]
                indicator["items"] = [_item_data(item, labels) for item in i.items]
                aspect["indicators"].append(indicator)
        aspects.append(aspect)
    return {
        "name": standard.name,
        "version": standard.version,
        "level": LEVEL_LABELS.get(str(standard.level), str(standard.level)),
        "depth": standard.depth,
        "description": standard.description,
        "aspects": aspects,
    }


class _PlainDumper(yaml.SafeDumper):
    """Writes a value used twice out twice: the importer refuses anchors and aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def export_yaml(standard: Standard) -> bytes:
    """The standard as YAML (UTF-8, Chinese left readable), read back by ``importers.read_yaml``."""
    text = yaml.dump(tree_as_data(standard), Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=120)
    return text.encode("utf-8")


def export_filename(standard: Standard, extension: str) -> str:
    return f"{standard.name}-{standard.version}.{extension}"
