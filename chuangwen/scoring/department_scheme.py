"""The rules of a 量化考核方案 as data, and how they turn one department-month of ledger totals
into a score.

A rule maps a ledger source to points: ``points`` set means "this many points per entry" (the
feeders of complaints, praise letters, survey alerts and overdue task periods write a nominal
−1 or +1 per event, so the scheme alone decides what an event costs); ``points`` null means
"the entries' own points" (findings carry the points of the standard item's rule, manual
entries the points the office typed). ``cap`` bounds what one source can take from (or give
to) a department in a month, e.g. complaints at most −10. A source without a rule counts its
entries' own points. Counter-entries (corrections, appeals reversed) cancel their entry and
neither counts (see ``department_scores``), so they need no rule."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Source

# Counter-entries never reach a scheme: the entry they cancel and they are left out together.
COUNTER_SOURCES = frozenset({Source.CORRECTION, Source.APPEAL})
RULE_SOURCES = [s for s in Source if s not in COUNTER_SOURCES]

DEFAULT_RULES = [
    {"source": Source.FINDING.value, "points": None, "cap": None},
    {"source": Source.COMPLAINT.value, "points": "-2", "cap": "10"},
    {"source": Source.SURVEY_ALERT.value, "points": "-3", "cap": None},
    {"source": Source.TASK_PERIOD.value, "points": "-2", "cap": "10"},
    {"source": Source.MANUAL.value, "points": None, "cap": None},
    {"source": Source.PRAISE.value, "points": "1", "cap": "5"},
    {"source": Source.HONOUR.value, "points": None, "cap": "5"},
]
DEFAULT_BONUS_CAP = Decimal("10")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    source: str
    points: Decimal | None
    cap: Decimal | None

    def apply(self, *, total: Decimal, count: int) -> Decimal:
        """The points a department gets from ``count`` entries of this source whose own points
        add up to ``total``."""
        applied = total if self.points is None else self.points * count
        if self.cap is not None:
            applied = max(-self.cap, min(self.cap, applied))
        return applied.quantize(TWO)

    def as_data(self) -> dict:
        return {
            "source": self.source,
            "points": None if self.points is None else str(self.points),
            "cap": None if self.cap is None else str(self.cap),
        }


def _decimal(value, *, row: int, label: str, positive: bool = False) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(
            _("Rule %(row)s: %(label)s “%(value)s” is not a number.") % {"row": row, "label": label, "value": value}
        ) from None
    if not number.is_finite() or abs(number) >= 1000:
        raise ValidationError(_("Rule %(row)s: %(label)s is out of range.") % {"row": row, "label": label})
    if positive and number <= 0:
        raise ValidationError(_("Rule %(row)s: the cap must be above 0.") % {"row": row})
    if number == 0:
        raise ValidationError(_("Rule %(row)s: points per entry must not be 0.") % {"row": row})
    return number.quantize(TWO)


def rules_clean(rules) -> list[Rule]:
    """The rules of a scheme, checked: known sources (not counter-entries), each once, numbers
    that are numbers. Every problem is named by its rule's number; nothing is half-accepted."""
    if not isinstance(rules, list):
        raise ValidationError({"rules": _("The rules must be a list.")})
    problems, cleaned, seen = [], [], set()
    for row, raw in enumerate(rules, start=1):
        if not isinstance(raw, dict):
            problems.append(_("Rule %(row)s is not a rule.") % {"row": row})
            continue
        source = raw.get("source")
        if source not in {s.value for s in RULE_SOURCES}:
            problems.append(_("Rule %(row)s: unknown source “%(source)s”.") % {"row": row, "source": source})
            continue
        if source in seen:
            problems.append(
                _("Rule %(row)s: the source “%(source)s” has a rule already.")
                % {"row": row, "source": Source(source).label}
            )
            continue
        seen.add(source)
        try:
            points = _decimal(raw.get("points"), row=row, label=_("points per entry"))
            cap = _decimal(raw.get("cap"), row=row, label=_("cap"), positive=True)
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        cleaned.append(Rule(source, points, cap))
    if problems:
        raise ValidationError({"rules": problems})
    return cleaned


def rules_of(scheme) -> dict[str, Rule]:
    """The scheme's rules by source (stored rules are clean: ``scheme_save`` checked them)."""
    return {rule.source: rule for rule in rules_clean(scheme.rules or [])}


def describe(rule: Rule) -> str:
    """A rule in words, as the scheme page shows it: "每条 −2 分，每月最多 10 分"."""
    label = Source(rule.source).label
    what = _("own points of each entry") if rule.points is None else _("%(points)s per entry") % {"points": rule.points}
    cap = "" if rule.cap is None else _("; at most %(cap)s a month") % {"cap": rule.cap}
    return f"{label}: {what}{cap}"


@dataclass(frozen=True)
class MonthTotals:
    """One department's month from the ledger: per source, its negative and positive entries
    (count and points), entries cancelled by a counter-entry left out."""

    by_source: dict[str, tuple[int, Decimal, int, Decimal]]


def score_of(scheme, rules: dict[str, Rule], totals: MonthTotals) -> dict:
    """Apply the scheme: base + deductions + bonuses (capped per source and bonuses in total),
    never below the scheme's floor. Returns the figures and the breakdown per source."""
    deductions, bonuses, entries, breakdown = Decimal(0), Decimal(0), 0, {}
    for source in sorted(totals.by_source):
        n_neg, neg, n_pos, pos = totals.by_source[source]
        rule = rules.get(source) or Rule(source, None, None)
        count, total = n_neg + n_pos, neg + pos
        if rule.points is None:
            # Own points: deductions and bonuses of one source are capped apart.
            applied_neg = rule.apply(total=neg, count=n_neg) if n_neg else Decimal(0)
            applied_pos = rule.apply(total=pos, count=n_pos) if n_pos else Decimal(0)
            applied = applied_neg + applied_pos
        else:
            applied = rule.apply(total=total, count=count)
            applied_neg, applied_pos = (applied, Decimal(0)) if applied < 0 else (Decimal(0), applied)
        deductions += applied_neg
        bonuses += applied_pos
        entries += count
        breakdown[source] = {"entries": count, "points": str(total.quantize(TWO)), "applied": str(applied)}
    if scheme.bonus_cap is not None and bonuses > scheme.bonus_cap:
        bonuses = scheme.bonus_cap
    score = max(scheme.floor, scheme.base_score + deductions + bonuses)
    return {
        "base": scheme.base_score,
        "deductions": deductions.quantize(TWO),
        "bonuses": bonuses.quantize(TWO),
        "score": score.quantize(TWO),
        "entries": entries,
        "breakdown": breakdown,
    }
