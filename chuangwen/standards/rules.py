"""台账要求: the catalogue of evidence rules an item may declare, e.g. "≥2 photos" or "a 文号".

A rule is a small dict, ``{"type": "min_photos", "count": 2}``. This module validates their
parameters (``validate_rules``), describes them in words (``describe_rule``), and reads and writes
the compact text form used in the spreadsheet column 台账要求/规则, e.g.
"照片≥2; 文号; 近24个月; 类型:pdf,docx; 记录≥2/月". That text form is Chinese whatever the interface
language, because it is part of the file the offices keep; the messages about it are translated.
The evidence app checks uploads against these rules; it only imports the two public names."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_PHOTOS = "min_photos"
MIN_FILES = "min_files"
FILE_TYPES = "file_types"
REQUIRES_DOC_NUMBER = "requires_doc_number"
DATE_WINDOW_MONTHS = "date_window_months"
MIN_RECORDS = "min_records"

RULE_TYPES = (MIN_PHOTOS, MIN_FILES, FILE_TYPES, REQUIRES_DOC_NUMBER, DATE_WINDOW_MONTHS, MIN_RECORDS)
PERIODS = ("month", "quarter", "year")
# File types evidence may declare (the evidence app checks the real content type).
ALLOWED_FILE_TYPES = ("jpg", "jpeg", "png", "gif", "webp", "heic", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx")
MAX_COUNT = 1000
MAX_MONTHS = 120

_PERIOD_TEXT = {"month": "月", "quarter": "季", "year": "年"}
_TEXT_PERIOD = {"月": "month", "季": "quarter", "季度": "quarter", "年": "year"}
_SEPARATORS = re.compile(r"[;；\n]+")
_LIST_SEPARATORS = re.compile(r"[,，、/\s]+")
_GE = r"\s*(?:≥|>=|＞=|至少)\s*"
_TEXT_FORMS = (
    (re.compile(rf"^照片{_GE}(\d+)\s*张?$"), lambda m: {"type": MIN_PHOTOS, "count": int(m[1])}),
    (re.compile(rf"^(?:文件|附件){_GE}(\d+)\s*[个份]?$"), lambda m: {"type": MIN_FILES, "count": int(m[1])}),
    (
        re.compile(r"^类型\s*[:：]\s*(.+)$"),
        lambda m: {"type": FILE_TYPES, "types": [t for t in _LIST_SEPARATORS.split(m[1]) if t]},
    ),
    (re.compile(r"^(?:须有|带)?文号$"), lambda m: {"type": REQUIRES_DOC_NUMBER}),
    (re.compile(r"^近\s*(\d+)\s*个?月(?:内)?$"), lambda m: {"type": DATE_WINDOW_MONTHS, "months": int(m[1])}),
    (
        re.compile(rf"^记录{_GE}(\d+)\s*[次条份]?\s*/\s*(月|季度|季|年)$"),
        lambda m: {"type": MIN_RECORDS, "count": int(m[1]), "period": _TEXT_PERIOD[m[2]]},
    ),
)


def _positive_int(value, name: str, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        raise ValidationError(_("%(name)s must be a whole number from 1 to %(max)s.") % {"name": name, "max": maximum})
    return value


def _validate_one(rule) -> dict:
    if not isinstance(rule, dict) or "type" not in rule:
        raise ValidationError(_("A rule must name its type."))
    kind = rule["type"]
    if kind not in RULE_TYPES:
        raise ValidationError(_("Unknown rule “%(rule)s”.") % {"rule": kind})
    expected = {
        MIN_PHOTOS: {"count"},
        MIN_FILES: {"count"},
        FILE_TYPES: {"types"},
        REQUIRES_DOC_NUMBER: set(),
        DATE_WINDOW_MONTHS: {"months"},
        MIN_RECORDS: {"count", "period"},
    }[kind]
    extra = set(rule) - expected - {"type"}
    if extra:
        raise ValidationError(
            _("The rule “%(rule)s” does not take: %(names)s.") % {"rule": kind, "names": ", ".join(sorted(extra))}
        )
    if kind in (MIN_PHOTOS, MIN_FILES):
        return {"type": kind, "count": _positive_int(rule.get("count"), _("The count"), MAX_COUNT)}
    if kind == FILE_TYPES:
        types = rule.get("types")
        if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
            raise ValidationError(_("List at least one file type, e.g. pdf, docx."))
        cleaned = []
        for t in types:
            t = t.strip().lower().lstrip(".")
            if t not in ALLOWED_FILE_TYPES:
                raise ValidationError(
                    _("File type “%(type)s” is not accepted; use %(types)s.")
                    % {"type": t, "types": ", ".join(ALLOWED_FILE_TYPES)}
                )
            if t not in cleaned:
                cleaned.append(t)
        return {"type": kind, "types": cleaned}
    if kind == REQUIRES_DOC_NUMBER:
        return {"type": kind}
    if kind == DATE_WINDOW_MONTHS:
        return {"type": kind, "months": _positive_int(rule.get("months"), _("The number of months"), MAX_MONTHS)}
    period = rule.get("period")
    if period not in PERIODS:
        raise ValidationError(_("The period must be month, quarter or year."))
    return {"type": kind, "count": _positive_int(rule.get("count"), _("The count"), MAX_COUNT), "period": period}


def validate_rules(rules) -> list[dict]:
    """The rules, checked and normalised (lower-case file types, no unknown keys).

    Raises ``ValidationError`` listing every bad rule; two rules of the same type are refused
    because they would contradict each other."""
    if rules in (None, ""):
        return []
    if not isinstance(rules, list):
        raise ValidationError(_("Rules must be a list."))
    cleaned: list[dict] = []
    problems: list[str] = []
    seen: set[str] = set()
    for rule in rules:
        try:
            one = _validate_one(rule)
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        if one["type"] in seen:
            problems.append(_("The rule “%(rule)s” is given twice.") % {"rule": one["type"]})
            continue
        seen.add(one["type"])
        cleaned.append(one)
    if problems:
        raise ValidationError(problems)
    return cleaned


def describe_rule(rule: dict) -> str:
    """One rule in words for the pages, e.g. {"type": "min_photos", "count": 2} → "至少2张照片"."""
    kind = rule.get("type")
    if kind == MIN_PHOTOS:
        return _("At least %(count)s photos") % {"count": rule["count"]}
    if kind == MIN_FILES:
        return _("At least %(count)s files") % {"count": rule["count"]}
    if kind == FILE_TYPES:
        return _("File types: %(types)s") % {"types": "、".join(rule["types"])}
    if kind == REQUIRES_DOC_NUMBER:
        return _("Documents must carry a document number (文号)")
    if kind == DATE_WINDOW_MONTHS:
        return _("Dated within the last %(months)s months") % {"months": rule["months"]}
    if kind == MIN_RECORDS:
        messages = {
            "month": _("At least %(count)s records a month"),
            "quarter": _("At least %(count)s records a quarter"),
            "year": _("At least %(count)s records a year"),
        }
        return messages[rule["period"]] % {"count": rule["count"]}
    return str(kind)


def parse_rules_text(text: str) -> list[dict]:
    """The compact text form ("照片≥2; 文号; 近24个月") as checked rules; ``ValidationError``
    names each part that is not understood."""
    rules: list[dict] = []
    unknown: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        part = part.strip()
        if not part:
            continue
        for pattern, build in _TEXT_FORMS:
            match = pattern.match(part)
            if match:
                rules.append(build(match))
                break
        else:
            unknown.append(part)
    if unknown:
        raise ValidationError(
            [
                _("Unknown rule “%(rule)s”; write e.g. 照片≥2; 文件≥1; 类型:pdf,docx; 文号; 近24个月; 记录≥2/月.")
                % {"rule": part}
                for part in unknown
            ]
        )
    return validate_rules(rules)


def rules_to_text(rules: list[dict]) -> str:
    """Checked rules in the compact text form; ``parse_rules_text`` reads it back unchanged."""
    parts = []
    for rule in rules:
        kind = rule["type"]
        if kind == MIN_PHOTOS:
            parts.append(f"照片≥{rule['count']}")
        elif kind == MIN_FILES:
            parts.append(f"文件≥{rule['count']}")
        elif kind == FILE_TYPES:
            parts.append("类型:" + ",".join(rule["types"]))
        elif kind == REQUIRES_DOC_NUMBER:
            parts.append("文号")
        elif kind == DATE_WINDOW_MONTHS:
            parts.append(f"近{rule['months']}个月")
        elif kind == MIN_RECORDS:
            parts.append(f"记录≥{rule['count']}/{_PERIOD_TEXT[rule['period']]}")
    return "; ".join(parts)
