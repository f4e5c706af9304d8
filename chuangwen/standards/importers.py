"""Reading a 测评体系 from an .xlsx workbook or a YAML file into a checked tree.

Both readers return the same ``StandardTree`` or raise ``StandardImportError`` listing every
problem (with the spreadsheet row number, or the YAML path such as
``aspects[2].indicators[0].items[3].points``). They never write: ``services.standard_import``
writes a checked tree in one transaction.

The workbook is one sheet with the columns 方面, 指标, 项目编号, 测评内容, 分值, 测评方法, 所需材料 and
台账要求/规则, read by ``core.spreadsheets.read_table``. Official tables merge the 方面 and 指标 cells
over their items (the reader spreads them down), and a blank 方面 or 指标 cell means "same as
above". A 方面 or 指标 cell reads "code title" ("1 思想道德建设", "一、思想道德建设", "1.2 理论学习");
without a code, one is numbered. Headers and values are Chinese whatever the
interface language, like the tables the offices exchange."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chuangwen.core import spreadsheets
from chuangwen.core.safe_files import UnsafeFile, yaml_load_strict
from chuangwen.core.spreadsheets import Row, SpreadsheetRefused, read_table

from .models import MAX_POINTS, AssessmentMethod, TitleLevel
from .rules import parse_rules_text, validate_rules

# Column header → field. The last one accepts both spellings seen in real tables.
COLUMNS = {
    "方面": "aspect",
    "指标": "indicator",
    "项目编号": "code",
    "测评内容": "title",
    "分值": "points",
    "测评方法": "methods",
    "所需材料": "materials",
    "台账要求/规则": "rules",
}
HEADER_ALIASES = {"台账要求": "rules", "规则": "rules", "测评项目": "title", "编号": "code"}
REQUIRED_COLUMNS = ("方面", "指标", "测评内容", "分值")
HEADERS = tuple(COLUMNS)
READ_COLUMNS = tuple(
    spreadsheets.Column(
        key,
        header,
        required=header in REQUIRED_COLUMNS,
        synonyms=tuple(alias for alias, k in HEADER_ALIASES.items() if k == key),
    )
    for header, key in COLUMNS.items()
)

METHOD_NAMES = {
    "实地考察": AssessmentMethod.SITE,
    "材料审核": AssessmentMethod.DOCUMENTS,
    "问卷调查": AssessmentMethod.SURVEY,
    "网上申报": AssessmentMethod.ONLINE,
}
METHOD_LABELS = {v: k for k, v in METHOD_NAMES.items()}
LEVEL_NAMES = {
    "县级": TitleLevel.COUNTY,
    "市级": TitleLevel.CITY,
    "省级": TitleLevel.PROVINCE,
    "全国": TitleLevel.NATIONAL,
}

_METHOD_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_HEADING = re.compile(
    r"^([0-9A-Za-z一二三四五六七八九十][0-9A-Za-z一二三四五六七八九十_-]*(?:[.．][0-9A-Za-z]+)*)"
    r"(?:\s*[、．.]\s*|\s+)(\S.*)$"
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """One problem: ``where`` is "第N行" style row number (xlsx) or a YAML path."""

    where: str
    field: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        return f"{self.where}：{self.message}" if self.where else self.message


class StandardImportError(Exception):
    """The file was refused and nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class ItemData:
    code: str
    title: str
    points: Decimal
    methods: list[str]
    materials: str = ""
    rules: list[dict] = field(default_factory=list)


@dataclass
class IndicatorData:
    code: str
    title: str
    items: list[ItemData] = field(default_factory=list)


@dataclass
class AspectData:
    code: str
    title: str
    indicators: list[IndicatorData] = field(default_factory=list)


@dataclass
class StandardTree:
    """A checked standard, ready to write."""

    aspects: list[AspectData]
    name: str = ""
    version: str = ""
    level: str = ""
    description: str = ""

    def items(self):
        for aspect in self.aspects:
            for indicator in aspect.indicators:
                yield from indicator.items

    @property
    def total_points(self) -> Decimal:
        return sum((i.points for i in self.items()), Decimal("0"))


class _Bad(Exception):
    def __init__(self, message: str):
        self.message = message


# ------------------------------------------------------------------------------------------ values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_points(value) -> Decimal:
    """A positive number of points, at most MAX_POINTS, with at most two decimals."""
    if isinstance(value, bool):
        raise _Bad(_("Points must be a number."))
    text = _text(value)
    if not text:
        raise _Bad(_("Points are missing."))
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise _Bad(_("Points “%(value)s” are not a number.") % {"value": text}) from None
    if not points.is_finite() or points <= 0:
        raise _Bad(_("Points must be a positive number."))
    if points > MAX_POINTS:
        raise _Bad(_("Points must be at most %(max)s.") % {"max": MAX_POINTS})
    if points != points.quantize(Decimal("0.01")):
        raise _Bad(_("Points may have at most two decimals."))
    return points


def parse_methods(value) -> list[str]:
    """Assessment methods from Chinese names (or our codes), several separated by 、，, or a list."""
    if isinstance(value, list):
        names = [_text(v) for v in value]
    else:
        names = _METHOD_SEPARATORS.split(_text(value))
    names = [n for n in names if n]
    if not names:
        raise _Bad(_("The assessment method is missing; use 实地考察, 材料审核, 问卷调查 or 网上申报."))
    methods: list[str] = []
    for name in names:
        method = METHOD_NAMES.get(name) or (name if name in AssessmentMethod.values else None)
        if method is None:
            raise _Bad(
                _("Unknown assessment method “%(method)s”; use 实地考察, 材料审核, 问卷调查 or 网上申报.")
                % {"method": name}
            )
        if method not in methods:
            methods.append(method)
    return methods


def parse_rules(value) -> list[dict]:
    """Rules as the compact text form or (YAML) a list of rule dicts."""
    try:
        if isinstance(value, list):
            return validate_rules(value)
        return parse_rules_text(_text(value))
    except ValidationError as exc:
        raise _Bad("；".join(exc.messages)) from None


def parse_heading(text: str) -> tuple[str, str]:
    """ "1 思想道德建设" → ("1", "思想道德建设"); text without a code → ("", text)."""
    match = _HEADING.match(text)
    if match:
        return match[1], match[2].strip()
    return "", text


# ------------------------------------------------------------------------------------------ checks


class _Checker:
    """Collects problems and checks uniqueness across the whole file."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.item_codes: dict[str, str] = {}
        self.codes: dict[str, set[str]] = {"aspect": set(), "indicator": set()}
        self.count = 0

    def node(self, kind: str, code: str, title: str, where: str, field_name: str, row: int | None = None) -> bool:
        """Checks an aspect's or indicator's code and title; False after reporting a problem."""
        ok = True
        if code in self.codes[kind]:
            message = {
                "aspect": _("Aspect code %(code)s is used twice."),
                "indicator": _("Indicator code %(code)s is used twice."),
            }[kind]
            self.add(where, field_name, message % {"code": code}, row)
            ok = False
        self.codes[kind].add(code)
        if len(code) > 20:
            self.add(where, field_name, _("The code %(code)s is longer than 20 characters.") % {"code": code}, row)
            ok = False
        if len(title) > 200:
            self.add(where, field_name, _("The title is longer than 200 characters."), row)
            ok = False
        return ok

    def add(self, where: str, field_name: str, message: str, row: int | None = None) -> None:
        self.problems.append(Problem(where, field_name, message, row))

    def item_code(self, code: str, where: str, field_name: str, row: int | None = None) -> None:
        if code in self.item_codes:
            self.add(
                where,
                field_name,
                _("Item code %(code)s is already used at %(first)s.") % {"code": code, "first": self.item_codes[code]},
                row,
            )
        else:
            self.item_codes[code] = where

    def count_item(self) -> None:
        """Counts one more item, refusing the file at the first one past the limit."""
        self.count += 1
        limit = settings.STANDARD_IMPORT_MAX_ITEMS
        if self.count > limit:
            raise StandardImportError(
                _("The file has more than %(max)s items; a standard this large is not accepted.") % {"max": limit}
            )

    def finish(self, tree: StandardTree) -> StandardTree:
        if not self.problems and not any(True for _i in tree.items()):
            raise StandardImportError(_("The file contains no items."))
        if self.problems:
            raise StandardImportError(
                _("%(n)s problems found; nothing was imported. Correct the file and upload it again.")
                % {"n": len(self.problems)},
                self.problems,
            )
        return tree


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


# ------------------------------------------------------------------------------------------ xlsx


def read_xlsx(uploaded_file) -> StandardTree:
    """The standard in an .xlsx upload (``.size`` and a file-like body), checked."""
    try:
        table = read_table(
            uploaded_file,
            columns=READ_COLUMNS,
            max_bytes=settings.STANDARD_IMPORT_MAX_BYTES,
            max_rows=settings.STANDARD_IMPORT_MAX_ITEMS,
        )
    except SpreadsheetRefused as exc:
        raise StandardImportError(exc.message) from exc
    rows = [row for row in table.rows if any(_text(v) for v in row.cells.values())]
    if not rows:
        raise StandardImportError(_("The file contains no items."))
    return _xlsx_tree(rows)


def _row_where(row_no: int) -> str:
    return _("Row %(row)s") % {"row": row_no}


def _xlsx_tree(rows: list[Row]) -> StandardTree:
    check = _Checker()
    tree = StandardTree(aspects=[])
    aspect: AspectData | None = None
    indicator: IndicatorData | None = None
    for row in rows:
        row_no = row.number
        where = _row_where(row_no)
        check.count_item()
        aspect_text = _text(row.get("aspect"))
        indicator_text = _text(row.get("indicator"))
        if aspect_text and (aspect is None or parse_heading(aspect_text) != (aspect.code, aspect.title)):
            code, title = parse_heading(aspect_text)
            code = code or str(len(tree.aspects) + 1)
            check.node("aspect", code, title, where, "方面", row_no)
            aspect = AspectData(code=code, title=title)
            tree.aspects.append(aspect)
            indicator = None
        elif aspect is None:
            check.add(where, "方面", _("The aspect is missing."), row_no)
            continue
        if indicator_text and (indicator is None or parse_heading(indicator_text) != (indicator.code, indicator.title)):
            code, title = parse_heading(indicator_text)
            code = code or f"{aspect.code}.{len(aspect.indicators) + 1}"
            check.node("indicator", code, title, where, "指标", row_no)
            indicator = IndicatorData(code=code, title=title)
            aspect.indicators.append(indicator)
        elif indicator is None:
            check.add(where, "指标", _("The indicator is missing."), row_no)
            continue
        item = _item_from(
            {k: row.get(k) for k in ("code", "title", "points", "methods", "materials", "rules")},
            default_code=f"{indicator.code}.{len(indicator.items) + 1}",
            report=lambda column, message, where=where, row_no=row_no: check.add(where, column, message, row_no),
            labels={k: h for h, k in COLUMNS.items()},
        )
        if item is not None:
            check.item_code(item.code, where, "项目编号", row_no)
            indicator.items.append(item)
    return check.finish(tree)


def _item_from(raw: dict, *, default_code: str, report, labels: dict[str, str]) -> ItemData | None:
    """An item from raw values, or None after reporting each bad field through ``report``."""
    ok = True
    title = _text(raw.get("title"))
    if not title:
        report(labels["title"], _("The item content is missing."))
        ok = False
    code = _text(raw.get("code")) or default_code
    if len(code) > 20:
        report(labels["code"], _("The item code is longer than 20 characters."))
        ok = False
    parsed = {}
    for key, parse in (("points", parse_points), ("methods", parse_methods), ("rules", parse_rules)):
        try:
            parsed[key] = parse(raw.get(key))
        except _Bad as exc:
            report(labels[key], exc.message)
            ok = False
    if not ok:
        return None
    return ItemData(
        code=code,
        title=title,
        points=parsed["points"],
        methods=parsed["methods"],
        materials=_text(raw.get("materials")),
        rules=parsed["rules"],
    )


# ------------------------------------------------------------------------------------------ YAML


def read_yaml(uploaded_file) -> StandardTree:
    """The standard in a YAML upload, checked. Paths in messages follow the file's structure.
    Anchors and aliases are refused and the nesting and number of values are bounded before
    anything is built (``core.safe_files.yaml_load_strict``)."""
    data = _read_bytes(uploaded_file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StandardImportError(_("The file is not UTF-8 text; save the YAML file as UTF-8.")) from exc
    return _yaml_tree(text, filename=getattr(uploaded_file, "name", "") or "standard.yaml")


def read_yaml_text(text: str) -> StandardTree:
    """A YAML standard given as text (the shipped demo standards)."""
    return _yaml_tree(text, filename="standard.yaml")


def _yaml_tree(text: str, *, filename: str) -> StandardTree:
    try:
        doc = yaml_load_strict(text, filename=filename)
    except UnsafeFile as exc:
        raise StandardImportError(exc.message) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise StandardImportError(_("The YAML file cannot be read (line %(line)s).") % {"line": line}) from exc
    return tree_from_data(doc)


def tree_from_data(doc) -> StandardTree:
    """A checked tree from parsed YAML / JSON data ({name, version, level, aspects: [...]})."""
    if not isinstance(doc, dict) or not isinstance(doc.get("aspects"), list):
        raise StandardImportError(_("The file must have a list “aspects” at the top level."))
    check = _Checker()
    level = _text(doc.get("level"))
    level = LEVEL_NAMES.get(level, level)
    if level and level not in TitleLevel.values:
        check.add("level", "level", _("Unknown title level “%(level)s”.") % {"level": level})
    tree = StandardTree(
        aspects=[],
        name=_text(doc.get("name")),
        version=_text(doc.get("version")),
        level=level,
        description=_text(doc.get("description")),
    )
    for a_no, a_raw in enumerate(doc["aspects"]):
        a_path = f"aspects[{a_no}]"
        aspect = _yaml_node(a_raw, a_path, str(a_no + 1), check, AspectData, "indicators", "aspect")
        if aspect is None:
            continue
        tree.aspects.append(aspect)
        for i_no, i_raw in enumerate(a_raw.get("indicators") or []):
            i_path = f"{a_path}.indicators[{i_no}]"
            indicator = _yaml_node(
                i_raw, i_path, f"{aspect.code}.{i_no + 1}", check, IndicatorData, "items", "indicator"
            )
            if indicator is None:
                continue
            aspect.indicators.append(indicator)
            for k_no, k_raw in enumerate(i_raw.get("items") or []):
                path = f"{i_path}.items[{k_no}]"
                check.count_item()
                if not isinstance(k_raw, dict):
                    check.add(path, "", _("An item must be a mapping with title, points and methods."))
                    continue
                item = _item_from(
                    k_raw,
                    default_code=f"{indicator.code}.{k_no + 1}",
                    report=lambda key, message, path=path: check.add(f"{path}.{key}", key, message),
                    labels={k: k for k in ("code", "title", "points", "methods", "materials", "rules")},
                )
                if item is not None:
                    check.item_code(item.code, f"{path}.code", "code")
                    indicator.items.append(item)
    return check.finish(tree)


def _yaml_node(raw, path: str, default_code: str, check: _Checker, cls, children: str, kind: str):
    if not isinstance(raw, dict):
        check.add(path, "", _("Expected a mapping with code and title."))
        return None
    title = _text(raw.get("title"))
    if not title:
        check.add(f"{path}.title", "title", _("The title is missing."))
        return None
    if not isinstance(raw.get(children) or [], list):
        check.add(f"{path}.{children}", children, _("Expected a list."))
        return None
    code = _text(raw.get("code")) or default_code
    check.node(kind, code, title, f"{path}.code", "code")
    return cls(code=code, title=title)
