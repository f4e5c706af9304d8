"""Grade rules as text lines the office edits, one rule a line:

    优秀：得分>=90，扣分<=0
    较差：得分<60
    较差：一票否决

(``score``/``deductions`` and ASCII punctuation work too). ``parse`` names the line of every
mistake; ``format_rules`` writes a rule set's rules back the same way."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .grading import OPS

GRADE_NAMES = {"优秀": "excellent", "良好": "good", "一般": "fair", "较差": "poor"}
GRADE_LABELS = {v: k for k, v in GRADE_NAMES.items()}
FIELD_NAMES = {"得分": "score", "score": "score", "扣分": "deductions", "deductions": "deductions"}
FIELD_LABELS = {"score": "得分", "deductions": "扣分"}
VETO_WORDS = {"一票否决", "veto"}
CONDITION = re.compile(r"^\s*(得分|扣分|score|deductions)\s*(>=|<=|>|<|≥|≤)\s*(-?\d+(?:\.\d+)?)\s*$")


def parse(text: str) -> tuple[list, list[str]]:
    """(rules as (grade, conditions, on_veto), errors "第 N 行：…")."""
    rules, errors = [], []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, sep, body = line.replace("：", ":").partition(":")
        grade = GRADE_NAMES.get(head.strip()) or (head.strip() if head.strip() in GRADE_LABELS else None)
        if not sep or grade is None:
            errors.append(_("Line %(n)s: start with a grade (优秀, 良好, 一般 or 较差) and a colon.") % {"n": n})
            continue
        parts = [p for p in re.split(r"[,，;；、]", body) if p.strip()]
        on_veto = any(p.strip() in VETO_WORDS for p in parts)
        conditions = []
        for p in parts:
            if p.strip() in VETO_WORDS:
                continue
            m = CONDITION.match(p.replace("≥", ">=").replace("≤", "<="))
            if not m:
                errors.append(
                    _("Line %(n)s: “%(part)s” is not a condition like 得分>=90.") % {"n": n, "part": p.strip()}
                )
                continue
            field, op, value = m.groups()
            try:
                Decimal(value)
            except InvalidOperation:  # pragma: no cover - the pattern allows numbers only
                errors.append(_("Line %(n)s: the value is not a number.") % {"n": n})
                continue
            assert op in OPS
            conditions.append(
                {"field": FIELD_NAMES[field], "op": op, "value": float(value) if "." in value else int(value)}
            )
        if not conditions and not on_veto:
            errors.append(_("Line %(n)s: give at least one condition or 一票否决.") % {"n": n})
            continue
        rules.append((grade, conditions, on_veto))
    if not rules and not errors:
        errors.append(_("Give at least one grade rule."))
    return rules, errors


def format_rules(grade_rules) -> str:
    lines = []
    for r in grade_rules:
        parts = [f"{FIELD_LABELS[c['field']]}{c['op']}{c['value']}" for c in r.conditions]
        if r.on_veto:
            parts.append("一票否决")
        lines.append(f"{GRADE_LABELS[r.grade]}：" + "，".join(parts))
    return "\n".join(lines)
