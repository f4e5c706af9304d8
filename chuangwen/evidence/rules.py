"""Checking evidence against the rules a standard item declares (``Item.rules``).

The catalogue of rule types (names, parameters, descriptions) lives in
``chuangwen.standards.rules``; this module decides whether a set of evidence records meets them.
Records are plain ``Record`` values so the same check serves the compliance kept per item (all
accepted evidence of a campaign item) and the live preview on the evidence form (one record).
Counts of photos and files are pooled over the records unless the rule says ``"per": "record"``
(then every record must have them); per-person quantities (``per_person``) are computed by the
volunteer module and not checked here."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .models import EvidenceFile, ItemCompliance

DOC_NUMBER_OPEN = "〔[［【("
DOC_NUMBER_CLOSE = "〕]］】)"

# Content types we store -> the extension a rule may name.
EXT_OF_CONTENT_TYPE = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
}
# Names a rule may use for a family of types.
TYPE_ALIASES = {
    "jpeg": {"jpg"},
    "image": {"jpg", "png", "heic"},
    "photo": {"jpg", "png", "heic"},
    "word": {"doc", "docx"},
    "excel": {"xls", "xlsx"},
}


@dataclass(frozen=True)
class FileFacts:
    kind: str
    ext: str


@dataclass(frozen=True)
class Record:
    """What the rules look at in one evidence record."""

    occurred_on: date
    doc_number: str = ""
    files: tuple[FileFacts, ...] = ()
    title: str = ""
    note: str = ""
    doc_kind: str = ""
    attested: tuple[str, ...] = ()


@dataclass
class RuleResult:
    rule: dict
    met: bool
    reason: str = ""


@dataclass
class Outcome:
    status: str
    results: list[RuleResult] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        return [r.reason for r in self.results if not r.met]


# Records kept by other apps that count for an item without being uploaded again (an activity
# linked to the item, with its photos): functions ``(campaign, item_ids) -> {item_id: [Record]}``,
# registered in their app's ``ready``, so this app imports none of them.
_RECORD_SOURCES: list = []


def register_record_source(source) -> None:
    """Count the records ``source`` returns for a campaign's items with the accepted evidence."""
    if source not in _RECORD_SOURCES:
        _RECORD_SOURCES.append(source)


def linked_records(campaign, item_ids) -> dict[int, list[Record]]:
    """The records of every registered source for ``item_ids`` of ``campaign``."""
    out: dict[int, list[Record]] = {}
    for source in _RECORD_SOURCES:
        for item_id, records in source(campaign, item_ids).items():
            out.setdefault(item_id, []).extend(records)
    return out


def looks_like_doc_number(value: str) -> bool:
    """A 文号 such as 青医发〔2026〕12号: an issuer, a bracketed year and a number ending in 号."""
    value = (value or "").strip()
    return bool(value) and any(c in value for c in DOC_NUMBER_OPEN) and value.endswith("号")


def file_facts(f: EvidenceFile) -> FileFacts:
    return FileFacts(kind=f.kind, ext=EXT_OF_CONTENT_TYPE.get(f.content_type, ""))


def record_of(evidence, files: Iterable[EvidenceFile]) -> Record:
    """The ``Record`` of an evidence row and its (non-archived) files."""
    return Record(
        occurred_on=evidence.occurred_on,
        doc_number=evidence.doc_number,
        files=tuple(file_facts(f) for f in files if f.archived_at is None),
        title=getattr(evidence, "title", "") or "",
        note=getattr(evidence, "note", "") or "",
        doc_kind=getattr(evidence, "doc_kind", "") or "",
        attested=tuple(getattr(evidence, "attested", None) or ()),
    )


DOC_NUMBER_EXAMPLE = "青医发〔2026〕3号"
_LOOSE_DOC_NUMBER = re.compile(r"^(\D*?)\s*[〔\[［【(（]?\s*((?:19|20)\d{2})\s*[〕\]］】)）]?\s*[第]?\s*(\d+)\s*号?$")


def expected_doc_number(received: str) -> str:
    """The 文号 in the expected form, built from what was typed when it can be read
    ("青医发2026第3号" → "青医发〔2026〕3号"), the general example otherwise."""
    match = _LOOSE_DOC_NUMBER.match((received or "").strip())
    if match and match[1]:
        return f"{match[1]}〔{match[2]}〕{int(match[3])}号"
    return DOC_NUMBER_EXAMPLE


def doc_number_reason(records) -> str:
    """Why no record carries a 文号: none typed, or the form expected with what was received."""
    typed = [r.doc_number.strip() for r in records if (r.doc_number or "").strip()]
    if not typed:
        return _("Missing document number")
    return _("The document number should look like %(expected)s (received: %(received)s)") % {
        "expected": expected_doc_number(typed[0]),
        "received": typed[0],
    }


def _named(records) -> str:
    return "、".join(r.title or str(r.occurred_on) for r in records[:5]) + ("…" if len(records) > 5 else "")


def _check_count(rule, records, files, *, photos: bool) -> RuleResult:
    need = _count(rule, "count")

    def have_of(fs) -> int:
        return sum(f.kind == EvidenceFile.Kind.IMAGE for f in fs) if photos else len(fs)

    if rule.get("per") == "record":
        short = [r for r in records if have_of(r.files) < need]
        if not records or short:
            message = (
                _("Not enough photos in each record: %(need)s needed, short in %(records)s")
                if photos
                else _("Not enough files in each record: %(need)s needed, short in %(records)s")
            )
            names = _named(short) if short else _("no record")
            return RuleResult(rule, False, message % {"need": need, "records": names})
        return RuleResult(rule, True)
    have = have_of(files)
    message = (
        _("Not enough photos: %(need)s needed, %(have)s present")
        if photos
        else _("Not enough files: %(need)s needed, %(have)s present")
    )
    return RuleResult(rule, have >= need, "" if have >= need else message % {"need": need, "have": have})


def _check_each(rule, records, test, message: str) -> RuleResult:
    """Met when there are records and every one passes ``test``; the reason names those that fail."""
    failing = [r for r in records if not test(r)]
    if records and not failing:
        return RuleResult(rule, True)
    return RuleResult(rule, False, message % {"records": _named(failing) if failing else _("no record")})


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_key(day: date, period: str) -> tuple[int, int]:
    if period == "year":
        return (day.year, 1)
    if period == "quarter":
        return (day.year, (day.month - 1) // 3 + 1)
    return (day.year, day.month)


def _next_period(key: tuple[int, int], period: str) -> tuple[int, int]:
    year, n = key
    last = {"year": 1, "quarter": 4}.get(period, 12)
    return (year + 1, 1) if n >= last else (year, n + 1)


def _period_end(key: tuple[int, int], period: str) -> date:
    year, n = key
    if period == "year":
        return date(year, 12, 31)
    month = n * 3 if period == "quarter" else n
    return date(year, month, calendar.monthrange(year, month)[1])


def _period_label(key: tuple[int, int], period: str) -> str:
    year, n = key
    if period == "year":
        return str(year)
    if period == "quarter":
        return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": n}
    return f"{year}-{n:02d}"


def periods_so_far(start: date, end: date, today: date, period: str) -> list[tuple[int, int]]:
    """The complete periods of the campaign up to ``today`` (the current one when none is
    complete yet, so a fresh campaign is judged on what it has done so far)."""
    last_day = min(today, end)
    key = _period_key(start, period)
    complete = []
    while _period_end(key, period) <= last_day:
        complete.append(key)
        key = _next_period(key, period)
    if not complete and start <= last_day:
        complete.append(_period_key(last_day, period))
    return complete


def _count(rule: dict, name: str, default: int = 1) -> int:
    try:
        return max(int(rule.get(name, default)), 0)
    except (TypeError, ValueError):
        return default


def _types(rule: dict) -> set[str]:
    wanted = set()
    for t in rule.get("types") or []:
        t = str(t).lower().lstrip(".")
        wanted |= TYPE_ALIASES.get(t, {t})
    return wanted


def _check_min_records(rule, records, start, end, today) -> RuleResult:
    need = _count(rule, "count")
    period = rule.get("period") if rule.get("period") in ("month", "quarter", "year") else "month"
    counts: dict[tuple[int, int], int] = {}
    for r in records:
        if start <= r.occurred_on <= end:
            k = _period_key(r.occurred_on, period)
            counts[k] = counts.get(k, 0) + 1
    for key in periods_so_far(start, end, today, period):
        have = counts.get(key, 0)
        if have < need:
            messages = {
                "month": _("Not enough records: %(need)s a month needed, %(label)s has %(have)s"),
                "quarter": _("Not enough records: %(need)s a quarter needed, %(label)s has %(have)s"),
                "year": _("Not enough records: %(need)s a year needed, %(label)s has %(have)s"),
            }
            label = _period_label(key, period)
            return RuleResult(rule, False, messages[period] % {"need": need, "label": label, "have": have})
    return RuleResult(rule, True)


def check(rules: list[dict], records: list[Record], *, start: date, end: date, today: date) -> list[RuleResult]:
    """Each rule with whether ``records`` together meet it and, if not, why (in the active
    language). A date window narrows the records every other rule counts."""
    window = [r for r in rules if r.get("type") == "date_window_months"]
    results = []
    for rule in window:
        months = _count(rule, "months", 12)
        since = months_before(today, months)
        inside = [r for r in records if since <= r.occurred_on <= today]
        reason = _("Out of the time window: must be within the last %(months)s months") % {"months": months}
        results.append(RuleResult(rule, bool(inside), "" if inside else reason))
        records = inside
    files = [f for r in records for f in r.files]
    for rule in rules:
        kind = rule.get("type")
        if kind in ("min_photos", "min_files"):
            results.append(_check_count(rule, records, files, photos=kind == "min_photos"))
        elif kind == "doc_kinds":
            kinds = set(rule.get("kinds") or [])
            message = _("Not tagged as %(kinds)s: %%(records)s") % {"kinds": "、".join(rule.get("kinds") or [])}
            results.append(_check_each(rule, records, lambda r, kinds=kinds: r.doc_kind in kinds, message))
        elif kind == "attestations":
            wanted = list(rule.get("items") or [])

            def attested(r, wanted=wanted):
                return all(w in r.attested for w in wanted)

            message = _("Not confirmed by the reviewer (%(items)s): %%(records)s") % {"items": "、".join(wanted)}
            results.append(_check_each(rule, records, attested, message))
        elif kind == "note_required":
            results.append(
                _check_each(rule, records, lambda r: bool(r.note.strip()), _("No written note: %(records)s"))
            )
        elif kind == "file_types":
            wanted = _types(rule)
            ok = any(f.ext in wanted for f in files)
            listed = "、".join(str(t).upper() for t in rule.get("types") or [])
            reason = _("No file of the required type: %(types)s") % {"types": listed}
            results.append(RuleResult(rule, ok, "" if ok else reason))
        elif kind == "requires_doc_number":
            ok = any(looks_like_doc_number(r.doc_number) for r in records)
            results.append(RuleResult(rule, ok, "" if ok else doc_number_reason(records)))
        elif kind == "min_records":
            results.append(_check_min_records(rule, records, start, end, today))
    order = {id(rule): i for i, rule in enumerate(rules)}
    results.sort(key=lambda r: order.get(id(r.rule), len(order)))
    return results


def item_outcome(rules: list[dict], records: list[Record], *, start: date, end: date, today: date) -> Outcome:
    """The compliance of one campaign item from its accepted records: met when they meet every
    rule, partial when some exist but a rule is unmet, unmet when there are none."""
    if not records:
        results = check(rules, records, start=start, end=end, today=today)
        results.insert(0, RuleResult({"type": "accepted"}, False, _("No accepted evidence yet")))
        return Outcome(ItemCompliance.Status.UNMET, results)
    results = check(rules, records, start=start, end=end, today=today)
    status = ItemCompliance.Status.MET if all(r.met for r in results) else ItemCompliance.Status.PARTIAL
    return Outcome(status, results)


def doc_kinds_of(items) -> list[str]:
    """The document kinds the ``doc_kinds`` rules of ``items`` name, in order, each once."""
    kinds: list[str] = []
    for item in items:
        for rule in item.rules or []:
            if rule.get("type") == "doc_kinds":
                kinds += [k for k in rule.get("kinds") or [] if k not in kinds]
    return kinds


def attestations_of(item) -> list[str]:
    """What the reviewer must see in each record of ``item`` (its ``attestations`` rule)."""
    for rule in (item.rules or []) if item is not None else []:
        if rule.get("type") == "attestations":
            return list(rule.get("items") or [])
    return []


def with_per_person(
    outcome: Outcome, rules: list[dict], *, unit_id: int, start: date, end: date, today: date
) -> Outcome:
    """``outcome`` with the item's per-person hours ("志愿服务每人每月3小时") checked from the
    volunteer module's hours: an item that asks only for them needs no uploaded evidence."""
    from chuangwen.volunteer.compliance import per_person_result

    computed = [
        result
        for rule in rules
        if rule.get("type") == "per_person"
        and (result := per_person_result(rule, unit_id=unit_id, start=start, end=end, today=today)) is not None
    ]
    if not computed:
        return outcome
    results = outcome.results + computed
    if all(r.get("type") == "per_person" for r in rules):
        results = computed  # nothing to upload: "no accepted evidence yet" does not apply
    if all(r.met for r in results):
        status = ItemCompliance.Status.MET
    elif any(r.met for r in results) or outcome.status != ItemCompliance.Status.UNMET:
        status = ItemCompliance.Status.PARTIAL
    else:
        status = ItemCompliance.Status.UNMET
    return Outcome(status, results)
