"""计分规则: how an item's points are earned, as data on ``Item.scoring``.

A rule is a small dict; ``{}`` (no rule) means all or nothing. The methods:

* ``all_or_nothing``: the points when the item's requirement is met, else 0. With
  ``partial_fraction`` (only when the standard says so, e.g. "部分达标得50%") a partly met item
  earns that fraction.
* ``proportional``: the points × the share of the requirement met (rules met, periods done).
* ``per_occurrence``: starts from the points; each occurrence (a finding on the item, a missing
  record) deducts ``deduct``, floored at 0 ("发现一处扣0.5分", "少一次扣0.5分"). With
  ``restore_on_close`` a closed finding gives its points back (the standard says so).
* ``grades``: the assessor picks a grade; each grade earns a fraction ("A=1,B=0.8,C=0.6",
  as in the 全国文明城市测评体系).
* ``per_period``: 动态考核: ``points_per_period`` for each ``period`` (month or quarter) with
  accepted work; a period with none loses its points.
* ``survey``: from the satisfaction index, by bands ("≥90=1,≥80=0.8,≥70=0.5"): the fraction of
  the first band whose minimum the index reaches, else 0.

The text form, used in the spreadsheet column 计分规则, is Chinese whatever the interface language
(e.g. "发现一处扣1分", "每月2分", "等级:A=1,B=0.8,C=0.6"); ``parse_scoring_text`` reads it and
``scoring_to_text`` writes it back unchanged."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALL_OR_NOTHING = "all_or_nothing"
PROPORTIONAL = "proportional"
PER_OCCURRENCE = "per_occurrence"
GRADES = "grades"
PER_PERIOD = "per_period"
SURVEY = "survey"
METHODS = (ALL_OR_NOTHING, PROPORTIONAL, PER_OCCURRENCE, GRADES, PER_PERIOD, SURVEY)
PERIODS = ("month", "quarter")
_KEYS = {
    ALL_OR_NOTHING: {"partial_fraction"},
    PROPORTIONAL: set(),
    PER_OCCURRENCE: {"deduct", "restore_on_close"},
    GRADES: {"grades"},
    PER_PERIOD: {"period", "points_per_period"},
    SURVEY: {"bands"},
}
MAX_POINTS = Decimal("1000")


def _decimal(value, name: str, low=Decimal("0"), high=MAX_POINTS, low_open=True) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("%(name)s must be a number.") % {"name": name}) from None
    if not number.is_finite() or number > high or number < low or (low_open and number == low):
        raise ValidationError(
            _("%(name)s must be greater than %(low)s and at most %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return _plain(number)


def _plain(number: Decimal) -> str:
    """A number without trailing zeros or exponent: 90, 0.8, 2.5."""
    return format(number.normalize(), "f")


def _fraction(value, name: str) -> str:
    return _decimal(value, name, Decimal("0"), Decimal("1"), low_open=False)


def validate_scoring(rule) -> dict:
    """The rule checked and normalised (numbers as strings, so JSON keeps them exact).
    Raises ``ValidationError`` naming what is wrong."""
    if rule in (None, "", {}):
        return {}
    if not isinstance(rule, dict) or rule.get("method") not in METHODS:
        raise ValidationError(_("Unknown scoring method; use one of: %(methods)s.") % {"methods": ", ".join(METHODS)})
    method = rule["method"]
    extra = set(rule) - _KEYS[method] - {"method"}
    if extra:
        raise ValidationError(
            _("The scoring method “%(method)s” does not take: %(names)s.")
            % {"method": method, "names": ", ".join(sorted(extra))}
        )
    out: dict = {"method": method}
    if method == ALL_OR_NOTHING and rule.get("partial_fraction") is not None:
        out["partial_fraction"] = _fraction(rule["partial_fraction"], _("The share for a partly met item"))
    elif method == PER_OCCURRENCE:
        out["deduct"] = _decimal(rule.get("deduct"), _("The deduction per occurrence"))
        out["restore_on_close"] = bool(rule.get("restore_on_close", False))
    elif method == GRADES:
        grades = rule.get("grades")
        if not isinstance(grades, list) or not grades:
            raise ValidationError(_("List the grades, e.g. A=1, B=0.8, C=0.6."))
        seen = set()
        out["grades"] = []
        for g in grades:
            name = str((g or {}).get("grade", "")).strip() if isinstance(g, dict) else ""
            if not name or len(name) > 10 or name in seen:
                raise ValidationError(_("Each grade needs a short name of its own."))
            seen.add(name)
            out["grades"].append({"grade": name, "fraction": _fraction(g.get("fraction"), _("A grade's share"))})
    elif method == PER_PERIOD:
        if rule.get("period") not in PERIODS:
            raise ValidationError(_("The period must be month or quarter."))
        out["period"] = rule["period"]
        out["points_per_period"] = _decimal(rule.get("points_per_period"), _("The points per period"))
    elif method == SURVEY:
        bands = rule.get("bands")
        if not isinstance(bands, list) or not bands:
            raise ValidationError(_("List the satisfaction bands, e.g. ≥90=1, ≥80=0.8."))
        cleaned = [
            {
                "min": _decimal(
                    b.get("min") if isinstance(b, dict) else None, _("A band's minimum index"), high=Decimal("100")
                ),
                "fraction": _fraction(b.get("fraction") if isinstance(b, dict) else None, _("A band's share")),
            }
            for b in bands
        ]
        out["bands"] = sorted(cleaned, key=lambda b: Decimal(b["min"]), reverse=True)
    return out


def method_of(rule: dict) -> str:
    return (rule or {}).get("method", ALL_OR_NOTHING)


def describe_scoring(rule: dict) -> str:
    """The rule in words for the pages."""
    method = method_of(rule)
    if method == ALL_OR_NOTHING:
        if rule.get("partial_fraction") is not None:
            return _("Full points when met; %(pct)s%% when partly met") % {"pct": _pct(rule["partial_fraction"])}
        return _("Full points when met, none otherwise")
    if method == PROPORTIONAL:
        return _("In proportion to the requirement met")
    if method == PER_OCCURRENCE:
        text = _("%(points)s points off per occurrence, down to 0") % {"points": rule["deduct"]}
        if rule.get("restore_on_close"):
            text += _("; given back when the finding is closed")
        return text
    if method == GRADES:
        return _("By grade: %(grades)s") % {
            "grades": "、".join(f"{g['grade']}={_pct(g['fraction'])}%" for g in rule["grades"])
        }
    if method == PER_PERIOD:
        if rule["period"] == "month":
            return _("%(points)s points for each month with accepted work") % {"points": rule["points_per_period"]}
        return _("%(points)s points for each quarter with accepted work") % {"points": rule["points_per_period"]}
    return _("From the satisfaction index: %(bands)s") % {
        "bands": "、".join(f"≥{b['min']}={_pct(b['fraction'])}%" for b in rule["bands"])
    }


def _pct(fraction: str) -> str:
    return _plain(Decimal(fraction) * 100)


_NUMBER = r"(\d+(?:\.\d+)?)"
_PAIR_SEPARATORS = re.compile(r"[,，、;；\s]+")


def _pairs(text: str, key_pattern: str) -> list[tuple[str, str]]:
    pairs = []
    for part in _PAIR_SEPARATORS.split(text.strip()):
        if not part:
            continue
        match = re.fullmatch(rf"{key_pattern}\s*[=＝:：]\s*{_NUMBER}", part)
        if not match:
            raise ValidationError(_("Cannot read “%(part)s”; write e.g. A=1,B=0.8.") % {"part": part})
        pairs.append((match[1], match[2]))
    return pairs


def parse_scoring_text(text: str) -> dict:
    """The text form as a checked rule; ``ValidationError`` shows the accepted forms."""
    text = (text or "").strip()
    if not text or text in ("全有或全无", "达标得分"):
        return {}
    if text == "按比例":
        return {"method": PROPORTIONAL}
    match = re.fullmatch(rf"部分达标得\s*{_NUMBER}\s*%", text)
    if match:
        return validate_scoring({"method": ALL_OR_NOTHING, "partial_fraction": Decimal(match[1]) / 100})
    match = re.fullmatch(rf"(?:发现一处|每处|少一次|每少一次|缺一次)扣\s*{_NUMBER}\s*分(?:[，,]\s*(整改后恢复))?", text)
    if match:
        return validate_scoring({"method": PER_OCCURRENCE, "deduct": match[1], "restore_on_close": bool(match[2])})
    match = re.fullmatch(rf"每(月|季度|季)\s*{_NUMBER}\s*分", text)
    if match:
        period = "month" if match[1] == "月" else "quarter"
        return validate_scoring({"method": PER_PERIOD, "period": period, "points_per_period": match[2]})
    match = re.fullmatch(r"等级\s*[:：]\s*(.+)", text)
    if match:
        grades = [{"grade": k, "fraction": v} for k, v in _pairs(match[1], r"([A-Za-z\u4e00-\u9fff]{1,4})")]
        return validate_scoring({"method": GRADES, "grades": grades})
    match = re.fullmatch(r"满意度\s*[:：]\s*(.+)", text)
    if match:
        bands = [{"min": k, "fraction": v} for k, v in _pairs(match[1], rf"(?:≥|>=)?\s*{_NUMBER}")]
        return validate_scoring({"method": SURVEY, "bands": bands})
    raise ValidationError(
        _(
            "Unknown scoring rule “%(rule)s”; write e.g. 全有或全无, 按比例, 发现一处扣1分, 少一次扣0.5分, "
            "每月2分, 等级:A=1,B=0.8,C=0.6, 满意度:≥90=1,≥80=0.8, 部分达标得50%%."
        )
        % {"rule": text}
    )


def scoring_to_text(rule: dict) -> str:
    """A checked rule in the text form; ``parse_scoring_text`` reads it back unchanged."""
    method = method_of(rule)
    if method == ALL_OR_NOTHING:
        if rule.get("partial_fraction") is not None:
            return f"部分达标得{_pct(rule['partial_fraction'])}%"
        return "全有或全无"
    if method == PROPORTIONAL:
        return "按比例"
    if method == PER_OCCURRENCE:
        return f"发现一处扣{rule['deduct']}分" + ("，整改后恢复" if rule.get("restore_on_close") else "")
    if method == PER_PERIOD:
        return f"每{'月' if rule['period'] == 'month' else '季度'}{rule['points_per_period']}分"
    if method == GRADES:
        return "等级:" + ",".join(f"{g['grade']}={g['fraction']}" for g in rule["grades"])
    return "满意度:" + ",".join(f"≥{b['min']}={b['fraction']}" for b in rule["bands"])
