"""The checked tree an import builds (``StandardTree``), its values and the file-wide checks,
shared by the .xlsx and YAML readers of ``importers``. Nothing here writes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import points as declared
from .models import MAX_POINTS, Method
from .rules import parse_rules_text, validate_rules
from .scoring_rules import parse_scoring_text, validate_scoring

_METHOD_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_HEADING = re.compile(
    r"^([0-9A-Za-z一二三四五六七八九十][0-9A-Za-z一二三四五六七八九十_-]*(?:[.．][0-9A-Za-z]+)*)"
    r"(?:\s*[、．.]\s*|\s+)(\S.*)$"
)


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
    scoring: dict = field(default_factory=dict)


@dataclass
class _Node:
    code: str
    title: str
    points: Decimal | None = None
    children_rule: str = declared.EQUAL
    # Where the level first appears (row or YAML path), for the messages about its points.
    where: str = ""
    row: int | None = None


@dataclass
class SectionData(_Node):
    items: list[ItemData] = field(default_factory=list)

    @property
    def children(self):
        return self.items


@dataclass
class IndicatorData(_Node):
    items: list[ItemData] = field(default_factory=list)
    sections: list[SectionData] = field(default_factory=list)
    implicit: bool = False

    @property
    def children(self):
        return [*self.sections, *self.items]

    def all_items(self):
        yield from self.items
        for section in self.sections:
            yield from section.items


@dataclass
class AspectData(_Node):
    indicators: list[IndicatorData] = field(default_factory=list)

    @property
    def children(self):
        return self.indicators


@dataclass
class StandardTree:
    """A checked standard, ready to write."""

    aspects: list[AspectData]
    name: str = ""
    version: str = ""
    level: str = ""
    description: str = ""
    depth: int = 3

    def items(self):
        for aspect in self.aspects:
            for indicator in aspect.indicators:
                yield from indicator.all_items()

    @property
    def total_points(self) -> Decimal:
        return sum((declared.effective(a) for a in self.aspects), Decimal("0"))


class Bad(Exception):
    def __init__(self, message: str):
        self.message = message


# ------------------------------------------------------------------------------------------ values


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_points(value) -> Decimal:
    """A positive number of points, at most MAX_POINTS, with at most two decimals."""
    if isinstance(value, bool):
        raise Bad(_("Points must be a number."))
    text = text_of(value)
    if not text:
        raise Bad(_("Points are missing."))
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise Bad(_("Points “%(value)s” are not a number.") % {"value": text}) from None
    return _bounded(points)


def _bounded(points: Decimal) -> Decimal:
    if not points.is_finite() or points <= 0:
        raise Bad(_("Points must be a positive number."))
    if points > MAX_POINTS:
        raise Bad(_("Points must be at most %(max)s.") % {"max": MAX_POINTS})
    if points != points.quantize(Decimal("0.01")):
        raise Bad(_("Points may have at most two decimals."))
    return points


def parse_declared_points(value, rule=None) -> tuple[Decimal | None, str]:
    """A level's declared points ("10", "≤10", "10（扣完为止）", blank), and how its children
    relate to them; ``rule`` (YAML ``children_rule``) overrides the form of the text."""
    text = text_of(value)
    try:
        points, form_rule = declared.parse_declared(text)
    except ValueError:
        raise Bad(
            _("Declared points “%(value)s” are not understood; write e.g. 10, ≤10 or 10（扣完为止）.") % {"value": text}
        ) from None
    if rule not in (None, ""):
        if rule not in declared.RULES:
            raise Bad(_("children_rule must be equal, within or cap."))
        form_rule = rule
    return (None if points is None else _bounded(points)), form_rule


def method_names(owner_unit=None) -> dict[str, str]:
    """Name or code → code of every method a standard of ``owner_unit`` may use (one query)."""
    names: dict[str, str] = {}
    for code, name in Method.available_to(owner_unit).values_list("code", "name"):
        names[code] = code
        for alias in re.split(r"[/／]", name):
            names.setdefault(alias.strip(), code)
    return names


def parse_methods(value, names: dict[str, str]) -> list[str]:
    """Assessment methods from names (or codes), several separated by 、，, or a list."""
    if isinstance(value, list):
        parts = [text_of(v) for v in value]
    else:
        parts = _METHOD_SEPARATORS.split(text_of(value))
    parts = [n for n in parts if n]
    listed = "、".join(n for n, c in names.items() if n != c)
    if not parts:
        raise Bad(_("The assessment method is missing; use one of %(methods)s.") % {"methods": listed})
    methods: list[str] = []
    for part in parts:
        method = names.get(part)
        if method is None:
            raise Bad(
                _("Unknown assessment method “%(method)s”; use one of %(methods)s.")
                % {"method": part, "methods": listed}
            )
        if method not in methods:
            methods.append(method)
    return methods


def parse_rules(value) -> list[dict]:
    """Rules as the compact text form or (YAML) a list of rule dicts."""
    try:
        if isinstance(value, list):
            return validate_rules(value)
        return parse_rules_text(text_of(value))
    except ValidationError as exc:
        raise Bad("；".join(exc.messages)) from None


def parse_scoring(value) -> dict:
    """计分规则 as its text form ("发现一处扣1分") or (YAML) a mapping."""
    try:
        if isinstance(value, dict):
            return validate_scoring(value)
        return parse_scoring_text(text_of(value))
    except ValidationError as exc:
        raise Bad("；".join(exc.messages)) from None


def parse_heading(text: str) -> tuple[str, str]:
    """ "1 思想道德建设" → ("1", "思想道德建设"); text without a code → ("", text)."""
    match = _HEADING.match(text)
    if match:
        return match[1], match[2].strip()
    return "", text


# ------------------------------------------------------------------------------------------ checks

ITEM_KEYS = ("code", "title", "points", "methods", "materials", "rules", "scoring")


class Checker:
    """Collects problems and checks uniqueness across the whole file."""

    def __init__(self, owner_unit=None):
        self.problems: list[Problem] = []
        self.item_codes: dict[str, str] = {}
        self.codes: dict[str, set[str]] = {"aspect": set(), "indicator": set(), "section": set()}
        self.count = 0
        self.methods = method_names(owner_unit)

    def node(self, kind: str, code: str, title: str, where: str, field_name: str, row: int | None = None) -> bool:
        """Checks a level's code and title; False after reporting a problem."""
        ok = True
        if code in self.codes[kind]:
            message = {
                "aspect": _("Aspect code %(code)s is used twice."),
                "indicator": _("Indicator code %(code)s is used twice."),
                "section": _("Section code %(code)s is used twice."),
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

    def item(self, raw: dict, *, default_code: str, report, labels: dict[str, str]) -> ItemData | None:
        """An item from raw values, or None after reporting each bad field through ``report``."""
        ok = True
        title = text_of(raw.get("title"))
        if not title:
            report(labels["title"], _("The item content is missing."))
            ok = False
        code = text_of(raw.get("code")) or default_code
        if len(code) > 20:
            report(labels["code"], _("The item code is longer than 20 characters."))
            ok = False
        parsed = {}
        parsers = (
            ("points", parse_points),
            ("methods", lambda v: parse_methods(v, self.methods)),
            ("rules", parse_rules),
            ("scoring", parse_scoring),
        )
        for key, parse in parsers:
            try:
                parsed[key] = parse(raw.get(key))
            except Bad as exc:
                report(labels[key], exc.message)
                ok = False
        if not ok:
            return None
        return ItemData(code=code, title=title, materials=text_of(raw.get("materials")), **parsed)

    def finish(self, tree: StandardTree) -> StandardTree:
        if not self.problems and not any(True for _i in tree.items()):
            raise StandardImportError(_("The file contains no items."))
        if not self.problems:
            # Declared points are checked on a tree whose every value is right.
            for node, message in declared.check(tree.aspects):
                self.add(node.where, "分值", message, node.row)
        if self.problems:
            raise StandardImportError(
                _("%(n)s problems found; nothing was imported. Correct the file and upload it again.")
                % {"n": len(self.problems)},
                self.problems,
            )
        return tree
