"""A standard as an .xlsx workbook or a YAML file, in exactly the layout the importers read, so
export → edit → import round-trips."""

from __future__ import annotations

from decimal import Decimal

import yaml

from chuangwen.core.xlsx import XlsxBook, XlsxColumn

from .importers import HEADERS, LEVEL_NAMES, METHOD_LABELS
from .models import Standard
from .rules import rules_to_text
from .selectors import standard_tree

LEVEL_LABELS = {str(v): k for k, v in LEVEL_NAMES.items()}
WIDTHS = (22, 26, 10, 60, 8, 18, 36, 30)
YAML_CONTENT_TYPE = "application/yaml; charset=utf-8"


def _points(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _methods(methods: list[str]) -> str:
    return "、".join(METHOD_LABELS.get(m, m) for m in methods)


def export_xlsx(standard: Standard) -> bytes:
    """One sheet: 方面, 指标, 项目编号, 测评内容, 分值, 测评方法, 所需材料, 台账要求/规则; aspect and
    indicator cells merged over their items, as in the official tables. The header stays in row 1
    (no title row) so that the file imports back as it is."""
    detail = standard_tree(standard)
    book = XlsxBook()
    columns = [XlsxColumn(h, w, align="wrap") for h, w in zip(HEADERS, WIDTHS, strict=True)]
    sheet = book.sheet("测评体系", columns, print_header=f"{standard.name}（{standard.version}）")
    row = sheet.header_row + 1
    for aspect_node in detail.aspects:
        aspect_start = row
        for ind_node in aspect_node.indicators:
            ind_start = row
            for item in ind_node.items:
                sheet.append(
                    [
                        f"{aspect_node.aspect.code} {aspect_node.aspect.title}",
                        f"{ind_node.indicator.code} {ind_node.indicator.title}",
                        item.code,
                        item.title,
                        _points(item.points),
                        _methods(item.methods),
                        item.materials,
                        rules_to_text(item.rules),
                    ]
                )
                row += 1
            if row - ind_start > 1:
                sheet.merge(ind_start, 2, row - 1, 2)
        if row - aspect_start > 1:
            sheet.merge(aspect_start, 1, row - 1, 1)
    return book.save()


def tree_as_data(standard: Standard) -> dict:
    """The standard as plain data in the YAML layout (also what the API's tree mirrors)."""
    detail = standard_tree(standard)
    return {
        "name": standard.name,
        "version": standard.version,
        "level": LEVEL_LABELS.get(str(standard.level), str(standard.level)),
        "description": standard.description,
        "aspects": [
            {
                "code": a.aspect.code,
                "title": a.aspect.title,
                "indicators": [
                    {
                        "code": i.indicator.code,
                        "title": i.indicator.title,
                        "items": [
                            {
                                "code": item.code,
                                "title": item.title,
                                "points": _points(item.points),
                                "methods": _methods(item.methods),
                                "materials": item.materials,
                                "rules": rules_to_text(item.rules),
                            }
                            for item in i.items
                        ],
                    }
                    for i in a.indicators
                ],
            }
            for a in detail.aspects
        ],
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
