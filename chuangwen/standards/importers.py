"""Reading a 测评体系 from an .xlsx workbook or a YAML file into a checked tree.

Both readers return the same ``StandardTree`` or raise ``StandardImportError`` listing every
problem (with the spreadsheet row number, or the YAML path such as
``aspects[2].indicators[0].items[3].points``). They never write: ``services.standard_import``
writes a checked tree in one transaction. Declared points are checked on the whole tree
(``points.check``): a file whose children exceed a parent is refused whole.

The workbook's first sheet has the columns 方面 [方面分值] [指标 [指标分值] [细则 [细则分值]]]
项目编号, 测评内容, 分值, 测评方法, 所需材料, 台账要求/规则 and 计分规则, read by
``core.spreadsheets.read_table``; the levels are those whose columns are present (no 指标: two
levels, 细则: four). Official tables merge the level cells over their items (the reader spreads
them down), and a blank level cell means "same as above". A level cell reads "code title"
("1 思想道德建设", "一、思想道德建设", "1.2 理论学习"); without a code, one is numbered. A 分值
cell of a level reads "10", "≤10" (children within) or "10（扣完为止）" (capped). An optional
sheet 体系信息 carries 名称, 版本, 级别 and 说明 (what the export writes). Headers and values are
Chinese whatever the interface language, like the tables the offices exchange."""

from __future__ import annotations

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from chuangwen.core import spreadsheets
from chuangwen.core.safe_files import UnsafeFile, yaml_load_strict
from chuangwen.core.spreadsheets import Row, SpreadsheetRefused, read_table, read_xlsx_rows

from .import_tree import (
    ITEM_KEYS,
    AspectData,
    Bad,
    Checker,
    IndicatorData,
    ItemData,
    Problem,
    SectionData,
    StandardImportError,
    StandardTree,
    parse_declared_points,
    parse_heading,
    parse_methods,
    parse_points,
    parse_rules,
    text_of,
)
from .models import TitleLevel

__all__ = [
    "AspectData",
    "IndicatorData",
    "ItemData",
    "Problem",
    "SectionData",
    "StandardImportError",
    "StandardTree",
    "parse_methods",
    "parse_points",
    "parse_rules",
    "read_xlsx",
    "read_yaml",
    "read_yaml_text",
    "tree_from_data",
]

# Column header → field. 台账要求/规则 accepts both spellings seen in real tables.
COLUMNS = {
    "方面": "aspect",
    "方面分值": "aspect_points",
    "指标": "indicator",
    "指标分值": "indicator_points",
    "细则": "section",
    "细则分值": "section_points",
    "项目编号": "code",
    "测评内容": "title",
    "分值": "points",
    "测评方法": "methods",
    "所需材料": "materials",
    "台账要求/规则": "rules",
    "计分规则": "scoring",
}
HEADER_ALIASES = {
    "台账要求": "rules",
    "规则": "rules",
    "测评项目": "title",
    "编号": "code",
    "三级指标": "section",
    "二级指标": "indicator",
    "一级指标": "aspect",
}
REQUIRED_COLUMNS = ("方面", "测评内容", "分值")
HEADERS = tuple(COLUMNS)
LEVEL_COLUMNS = {2: ("方面", "方面分值"), 3: ("指标", "指标分值"), 4: ("细则", "细则分值")}
READ_COLUMNS = tuple(
    spreadsheets.Column(
        key,
        header,
        required=header in REQUIRED_COLUMNS,
        synonyms=tuple(alias for alias, k in HEADER_ALIASES.items() if k == key),
    )
    for header, key in COLUMNS.items()
)
INFO_SHEET = "体系信息"
INFO_KEYS = {"名称": "name", "版本": "version", "级别": "level", "层级": "depth", "说明": "description"}
LEVEL_NAMES = {
    "县级": TitleLevel.COUNTY,
    "市级": TitleLevel.CITY,
    "省级": TitleLevel.PROVINCE,
    "全国": TitleLevel.NATIONAL,
}


def _level(text: str, check: Checker, where: str) -> str:
    level = LEVEL_NAMES.get(text, text)
    if level and level not in TitleLevel.values:
        check.add(where, "level", _("Unknown title level “%(level)s”.") % {"level": level})
        return ""
    return level


def _declare(node, raw_points, check: Checker, where: str, column: str, row=None, rule=None) -> None:
    try:
        node.points, node.children_rule = parse_declared_points(raw_points, rule)
    except Bad as exc:
        check.add(where, column, exc.message, row)


# ------------------------------------------------------------------------------------------ xlsx


def read_xlsx(uploaded_file, *, owner_unit=None) -> StandardTree:
    """The standard in an .xlsx upload (``.size`` and a file-like body), checked; methods are
    those available to ``owner_unit``'s standards."""
    try:
        table = read_table(
            uploaded_file,
            columns=READ_COLUMNS,
            max_bytes=settings.STANDARD_IMPORT_MAX_BYTES,
            max_rows=settings.STANDARD_IMPORT_MAX_ITEMS,
        )
        info = read_xlsx_rows(
            uploaded_file, max_bytes=settings.STANDARD_IMPORT_MAX_BYTES, max_rows=20, sheet=INFO_SHEET
        )
    except SpreadsheetRefused as exc:
        raise StandardImportError(exc.message) from exc
    rows = [row for row in table.rows if any(text_of(v) for v in row.cells.values())]
    if not rows:
        raise StandardImportError(_("The file contains no items."))
    check = Checker(owner_unit)
    depth = 2 if not table.has("indicator") else (4 if table.has("section") else 3)
    tree = StandardTree(aspects=[], depth=depth)
    if info.title == INFO_SHEET:
        values = {INFO_KEYS.get(text_of(r[0])): text_of(r[1]) for _n, r in info.rows if len(r) > 1}
        tree.name, tree.version = values.get("name", ""), values.get("version", "")
        tree.description = values.get("description", "")
        tree.level = _level(values.get("level", ""), check, INFO_SHEET)
    return _xlsx_tree(rows, tree, check)


def _row_where(row_no: int) -> str:
    return _("Row %(row)s") % {"row": row_no}


def _new_level(kind, cls, text, default_code, check, where, row_no, column, **extra):
    code, title = parse_heading(text)
    code = code or default_code
    check.node(kind, code, title, where, column, row_no)
    return cls(code=code, title=title, where=where, row=row_no, **extra)


def _xlsx_tree(rows: list[Row], tree: StandardTree, check: Checker) -> StandardTree:
    aspect: AspectData | None = None
    indicator: IndicatorData | None = None
    section: SectionData | None = None
    seen_points: set[int] = set()

    def declare(node, key, column, where, row_no):
        value = text_of(row.get(key))
        if value and id(node) not in seen_points:
            seen_points.add(id(node))
            _declare(node, value, check, where, column, row_no)

    for row in rows:
        row_no = row.number
        where = _row_where(row_no)
        check.count_item()
        aspect_text = text_of(row.get("aspect"))
        if aspect_text and (aspect is None or parse_heading(aspect_text) != (aspect.code, aspect.title)):
            aspect = _new_level(
                "aspect", AspectData, aspect_text, str(len(tree.aspects) + 1), check, where, row_no, "方面"
            )
            tree.aspects.append(aspect)
            indicator = section = None
            if tree.depth == 2:
                indicator = IndicatorData(code=aspect.code, title=aspect.title, implicit=True)
                aspect.indicators.append(indicator)
                check.node("indicator", indicator.code, indicator.title, where, "方面", row_no)
        elif aspect is None:
            check.add(where, "方面", _("The aspect is missing."), row_no)
            continue
        declare(aspect, "aspect_points", "方面分值", where, row_no)
        if tree.depth > 2:
            indicator_text = text_of(row.get("indicator"))
            if indicator_text and (
                indicator is None or parse_heading(indicator_text) != (indicator.code, indicator.title)
            ):
                default = f"{aspect.code}.{len(aspect.indicators) + 1}"
                indicator = _new_level(
                    "indicator", IndicatorData, indicator_text, default, check, where, row_no, "指标"
                )
                aspect.indicators.append(indicator)
                section = None
            elif indicator is None:
                check.add(where, "指标", _("The indicator is missing."), row_no)
                continue
            declare(indicator, "indicator_points", "指标分值", where, row_no)
        if tree.depth == 4:
            section_text = text_of(row.get("section"))
            if section_text and (section is None or parse_heading(section_text) != (section.code, section.title)):
                default = f"{indicator.code}.{len(indicator.sections) + 1}"
                section = _new_level("section", SectionData, section_text, default, check, where, row_no, "细则")
                indicator.sections.append(section)
            if section is not None:
                declare(section, "section_points", "细则分值", where, row_no)
        parent = section or indicator
        item = check.item(
            {k: row.get(k) for k in ITEM_KEYS},
            default_code=f"{parent.code}.{len(parent.items) + 1}",
            report=lambda column, message, where=where, row_no=row_no: check.add(where, column, message, row_no),
            labels={k: h for h, k in COLUMNS.items()},
        )
        if item is not None:
            check.item_code(item.code, where, "项目编号", row_no)
            parent.items.append(item)
    return check.finish(tree)


# ------------------------------------------------------------------------------------------ YAML


def _read_bytes(uploaded_file) -> bytes:
    limit = settings.STANDARD_IMPORT_MAX_BYTES
    if uploaded_file.size > limit:
        raise StandardImportError(
            _("The file is larger than %(limit)s MB; a standard file is much smaller. Check that it is the right file.")
            % {"limit": limit // (1024 * 1024)}
        )
    stream = getattr(uploaded_file, "file", uploaded_file)
    stream.seek(0)
    return stream.read()


def read_yaml(uploaded_file, *, owner_unit=None) -> StandardTree:
    """The standard in a YAML upload, checked. Paths in messages follow the file's structure.
    Anchors and aliases are refused and the nesting and number of values are bounded before
    anything is built (``core.safe_files.yaml_load_strict``)."""
    data = _read_bytes(uploaded_file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StandardImportError(_("The file is not UTF-8 text; save the YAML file as UTF-8.")) from exc
    return _yaml_tree(text, filename=getattr(uploaded_file, "name", "") or "standard.yaml", owner_unit=owner_unit)


def read_yaml_text(text: str, *, owner_unit=None) -> StandardTree:
    """A YAML standard given as text (the shipped demo standards)."""
    return _yaml_tree(text, filename="standard.yaml", owner_unit=owner_unit)


def _yaml_tree(text: str, *, filename: str, owner_unit=None) -> StandardTree:
    try:
        doc = yaml_load_strict(text, filename=filename)
    except UnsafeFile as exc:
        raise StandardImportError(exc.message) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise StandardImportError(_("The YAML file cannot be read (line %(line)s).") % {"line": line}) from exc
    return tree_from_data(doc, owner_unit=owner_unit)


def _yaml_depth(aspects: list) -> int:
    """Two levels when an aspect lists its items directly, four when an indicator has sections."""
    if any(isinstance(a, dict) and "items" in a for a in aspects):
        return 2
    for a in aspects:
        for i in (a.get("indicators") or []) if isinstance(a, dict) else []:
            if isinstance(i, dict) and "sections" in i:
                return 4
    return 3


def tree_from_data(doc, *, owner_unit=None) -> StandardTree:
    """A checked tree from parsed YAML / JSON data ({name, version, level, aspects: [...]}).
    An aspect lists ``indicators`` (or, in a two-level standard, ``items``); an indicator lists
    ``items`` and, in a four-level one, ``sections`` with their items. Any level may give
    ``points`` ("10", "≤10", "10（扣完为止）") and ``children_rule`` (equal, within, cap)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("aspects"), list):
        raise StandardImportError(_("The file must have a list “aspects” at the top level."))
    check = Checker(owner_unit)
    tree = StandardTree(
        aspects=[],
        name=text_of(doc.get("name")),
        version=text_of(doc.get("version")),
        level=_level(text_of(doc.get("level")), check, "level"),
        description=text_of(doc.get("description")),
        depth=_yaml_depth(doc["aspects"]),
    )
    for a_no, a_raw in enumerate(doc["aspects"]):
        a_path = f"aspects[{a_no}]"
        children = "items" if tree.depth == 2 else "indicators"
        aspect = _yaml_node(a_raw, a_path, str(a_no + 1), check, AspectData, children, "aspect")
        if aspect is None:
            continue
        tree.aspects.append(aspect)
        if tree.depth == 2:
            indicator = IndicatorData(code=aspect.code, title=aspect.title, implicit=True)
            check.node("indicator", indicator.code, indicator.title, f"{a_path}.code", "code")
            aspect.indicators.append(indicator)
            _yaml_items(a_raw, a_path, indicator, check)
            continue
        for i_no, i_raw in enumerate(a_raw.get("indicators") or []):
            i_path = f"{a_path}.indicators[{i_no}]"
            indicator = _yaml_node(
                i_raw, i_path, f"{aspect.code}.{i_no + 1}", check, IndicatorData, "items", "indicator"
            )
            if indicator is None:
                continue
            aspect.indicators.append(indicator)
            if not isinstance(i_raw.get("sections") or [], list):
                check.add(f"{i_path}.sections", "sections", _("Expected a list."))
                continue
            for s_no, s_raw in enumerate(i_raw.get("sections") or []):
                s_path = f"{i_path}.sections[{s_no}]"
                section = _yaml_node(
                    s_raw, s_path, f"{indicator.code}.{s_no + 1}", check, SectionData, "items", "section"
                )
                if section is not None:
                    indicator.sections.append(section)
                    _yaml_items(s_raw, s_path, section, check)
            _yaml_items(i_raw, i_path, indicator, check)
    return check.finish(tree)


def _yaml_items(raw: dict, path: str, parent, check: Checker) -> None:
    for k_no, k_raw in enumerate(raw.get("items") or []):
        item_path = f"{path}.items[{k_no}]"
        check.count_item()
        if not isinstance(k_raw, dict):
            check.add(item_path, "", _("An item must be a mapping with title, points and methods."))
            continue
        item = check.item(
            k_raw,
            default_code=f"{parent.code}.{k_no + 1}",
            report=lambda key, message, p=item_path: check.add(f"{p}.{key}", key, message),
            labels={k: k for k in ITEM_KEYS},
        )
        if item is not None:
            check.item_code(item.code, f"{item_path}.code", "code")
            parent.items.append(item)


def _yaml_node(raw, path: str, default_code: str, check: Checker, cls, children: str, kind: str):
    if not isinstance(raw, dict):
        check.add(path, "", _("Expected a mapping with code and title."))
        return None
    title = text_of(raw.get("title"))
    if not title:
        check.add(f"{path}.title", "title", _("The title is missing."))
        return None
    if not isinstance(raw.get(children) or [], list):
        check.add(f"{path}.{children}", children, _("Expected a list."))
        return None
    code = text_of(raw.get("code")) or default_code
    check.node(kind, code, title, f"{path}.code", "code")
    node = cls(code=code, title=title, where=f"{path}.points")
    _declare(node, raw.get("points"), check, f"{path}.points", "points", rule=raw.get("children_rule"))
    return node
