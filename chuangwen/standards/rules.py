"""台账要求: the catalogue of evidence rules an item may declare, e.g. "≥2 photos" or "a 文号".

A rule is a small dict, ``{"type": "min_photos", "count": 2}``. This module validates their
parameters (``validate_rules``), describes them in words (``describe_rule``), and reads and writes
the compact text form used in the spreadsheet column 台账要求/规则, e.g.
"照片≥2; 文号; 近24个月; 类型:pdf,docx; 记录≥2/月". That text form is Chinese whatever the interface
language, because it is part of the file the offices keep; the messages about it are translated.
The evidence app checks uploads against these rules; it only imports the two public names.

Counts of photos and files are pooled or per record. "照片≥3" (stored without "per") pools the
photos of all the item's accepted records, as every rule stored before this distinction did, so
published standards keep their meaning; "照片≥3/条" (``"per": "record"``) asks it of each record.
Standards whose wording is "每次活动…照片不少于3张" are imported with "/条" (the demo standards are).
Beyond counts: 材料类别 (``doc_kinds``: each record tagged with one of the kinds on upload),
须见 (``attestations``: what the reviewer ticks when accepting each record), 附文字说明
(``note_required``) and per-person quantities (``per_person``, "志愿服务每人每月3小时"), which are
stored and described but computed by the volunteer module, not checked against evidence."""

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
DOC_KINDS = "doc_kinds"
ATTESTATIONS = "attestations"
NOTE_REQUIRED = "note_required"
PER_PERSON = "per_person"

RULE_TYPES = (
    MIN_PHOTOS,
    MIN_FILES,
    FILE_TYPES,
    REQUIRES_DOC_NUMBER,
    DATE_WINDOW_MONTHS,
    MIN_RECORDS,
    DOC_KINDS,
    ATTESTATIONS,
    NOTE_REQUIRED,
    PER_PERSON,
)
PER_RECORD = "record"
POOLED = "pooled"
MAX_LABEL = 30
MAX_LABELS = 20
PERIODS = ("month", "quarter", "year")
# File types evidence may declare (the evidence app checks the real content type).
ALLOWED_FILE_TYPES = ("jpg", "jpeg", "png", "gif", "webp", "heic", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx")
MAX_COUNT = 1000
MAX_MONTHS = 120

_PERIOD_TEXT = {"month": "月", "quarter": "季", "year": "年"}
_TEXT_PERIOD = {"月": "month", "季": "quarter", "季度": "quarter", "年": "year"}
_LABEL_SEPARATORS = re.compile(r"[,，、/]+")
_PER = r"(?:\s*/\s*(条|合计))?"


def _count_rule(kind, m) -> dict:
    rule = {"type": kind, "count": int(m[1])}
    if m[2] == "条":
        rule["per"] = PER_RECORD
    return rule


def _labels(text: str) -> list[str]:
    return [t.strip() for t in _LABEL_SEPARATORS.split(text) if t.strip()]


_SEPARATORS = re.compile(r"[;；\n]+")
_LIST_SEPARATORS = re.compile(r"[,，、/\s]+")
_GE = r"\s*(?:≥|>=|＞=|至少)\s*"
_TEXT_FORMS = (
    (re.compile(rf"^照片{_GE}(\d+)\s*张?{_PER}$"), lambda m: _count_rule(MIN_PHOTOS, m)),
    (re.compile(rf"^(?:文件|附件){_GE}(\d+)\s*[个份]?{_PER}$"), lambda m: _count_rule(MIN_FILES, m)),
    (re.compile(r"^(?:材料)?类别\s*[:：]\s*(.+)$"), lambda m: {"type": DOC_KINDS, "kinds": _labels(m[1])}),
    (re.compile(r"^须见\s*[:：]\s*(.+)$"), lambda m: {"type": ATTESTATIONS, "items": _labels(m[1])}),
    (re.compile(r"^(?:须|需)?附?文字说明$"), lambda m: {"type": NOTE_REQUIRED}),
    (
        re.compile(r"^(.*?)每人每(月|季度|季|年)\s*(\d+(?:\.\d+)?)\s*(\S{1,4})$"),
        lambda m: {
            "type": PER_PERSON,
            "what": m[1].strip(),
            "quantity": m[3],
            "unit": m[4],
            "period": _TEXT_PERIOD[m[2]],
        },
    ),
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
        MIN_PHOTOS: {"count", "per"},
        MIN_FILES: {"count", "per"},
        FILE_TYPES: {"types"},
        REQUIRES_DOC_NUMBER: set(),
        DATE_WINDOW_MONTHS: {"months"},
        MIN_RECORDS: {"count", "period"},
        DOC_KINDS: {"kinds"},
        ATTESTATIONS: {"items"},
        NOTE_REQUIRED: set(),
        PER_PERSON: {"what", "quantity", "unit", "period"},
    }[kind]
    extra = set(rule) - expected - {"type"}
    if extra:
        raise ValidationError(
            _("The rule “%(rule)s” does not take: %(names)s.") % {"rule": kind, "names": ", ".join(sorted(extra))}
        )
    if kind in (MIN_PHOTOS, MIN_FILES):
        one = {"type": kind, "count": _positive_int(rule.get("count"), _("The count"), MAX_COUNT)}
        per = rule.get("per", POOLED)
        if per not in (PER_RECORD, POOLED):
            raise ValidationError(_("“per” must be record or pooled."))
        if per == PER_RECORD:
            one["per"] = PER_RECORD
        return one
    if kind in (DOC_KINDS, ATTESTATIONS):
        key = "kinds" if kind == DOC_KINDS else "items"
        return {"type": kind, key: _validate_labels(rule.get(key), kind)}
    if kind == NOTE_REQUIRED:
        return {"type": kind}
    if kind == PER_PERSON:
        return _validate_per_person(rule)
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


def _validate_labels(values, kind: str) -> list[str]:
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        if kind == DOC_KINDS:
            raise ValidationError(_("List at least one document kind, e.g. 会议纪要, 方案, 签到表."))
        raise ValidationError(_("List at least one thing the reviewer must see, e.g. 落款处加盖单位印章."))
    cleaned = []
    for v in values:
        v = v.strip()
        if len(v) > MAX_LABEL:
            raise ValidationError(_("“%(label)s” is longer than %(max)s characters.") % {"label": v, "max": MAX_LABEL})
        if v not in cleaned:
            cleaned.append(v)
    if len(cleaned) > MAX_LABELS:
        raise ValidationError(_("At most %(max)s entries.") % {"max": MAX_LABELS})
    return cleaned


def _validate_per_person(rule: dict) -> dict:
    from decimal import Decimal, InvalidOperation

    try:
        quantity = Decimal(str(rule.get("quantity")))
    except InvalidOperation:
        quantity = None
    if quantity is None or not quantity.is_finite() or not Decimal("0") < quantity <= MAX_COUNT:
        raise ValidationError(_("The quantity per person must be a positive number."))
    unit, what = str(rule.get("unit") or "").strip(), str(rule.get("what") or "").strip()
    if not unit or len(unit) > 4 or len(what) > MAX_LABEL:
        raise ValidationError(_("Write the quantity per person as e.g. 志愿服务每人每月3小时."))
    if rule.get("period") not in PERIODS:
        raise ValidationError(_("The period must be month, quarter or year."))
    text = format(quantity.normalize(), "f")
    return {"type": PER_PERSON, "what": what, "quantity": text, "unit": unit, "period": rule["period"]}


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
    per_record = rule.get("per") == PER_RECORD
    if kind == MIN_PHOTOS:
        if per_record:
            return _("At least %(count)s photos in each record") % {"count": rule["count"]}
        return _("At least %(count)s photos") % {"count": rule["count"]}
    if kind == MIN_FILES:
        if per_record:
            return _("At least %(count)s files in each record") % {"count": rule["count"]}
        return _("At least %(count)s files") % {"count": rule["count"]}
    if kind == DOC_KINDS:
        return _("Each record is one of: %(kinds)s") % {"kinds": "、".join(rule["kinds"])}
    if kind == ATTESTATIONS:
        return _("The reviewer must see: %(items)s") % {"items": "、".join(rule["items"])}
    if kind == NOTE_REQUIRED:
        return _("Each record carries a written note")
    if kind == PER_PERSON:
        period = {"month": _("a month"), "quarter": _("a quarter"), "year": _("a year")}[rule["period"]]
        return _("%(what)s %(quantity)s %(unit)s per person %(period)s (computed by the volunteer module)") % {
            "what": rule["what"],
            "quantity": rule["quantity"],
            "unit": rule["unit"],
            "period": period,
        }
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
                _(
                    "Unknown rule “%(rule)s”; write e.g. 照片≥2; 照片≥3/条; 文件≥1; 类型:pdf,docx; 文号; 近24个月; "
                    "记录≥2/月; 类别:会议纪要,签到表; 须见:落款处加盖单位印章; 附文字说明; 志愿服务每人每月3小时."
                )
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
        per = "/条" if rule.get("per") == PER_RECORD else ""
        if kind == MIN_PHOTOS:
            parts.append(f"照片≥{rule['count']}{per}")
        elif kind == MIN_FILES:
            parts.append(f"文件≥{rule['count']}{per}")
        elif kind == DOC_KINDS:
            parts.append("类别:" + ",".join(rule["kinds"]))
        elif kind == ATTESTATIONS:
            parts.append("须见:" + ",".join(rule["items"]))
        elif kind == NOTE_REQUIRED:
            parts.append("附文字说明")
        elif kind == PER_PERSON:
            parts.append(f"{rule['what']}每人每{_PERIOD_TEXT[rule['period']]}{rule['quantity']}{rule['unit']}")
        elif kind == FILE_TYPES:
            parts.append("类型:" + ",".join(rule["types"]))
        elif kind == REQUIRES_DOC_NUMBER:
            parts.append("文号")
        elif kind == DATE_WINDOW_MONTHS:
            parts.append(f"近{rule['months']}个月")
        elif kind == MIN_RECORDS:
            parts.append(f"记录≥{rule['count']}/{_PERIOD_TEXT[rule['period']]}")
    return "; ".join(parts)
