"""Reads of the evidence ledger shared by pages, the API and the task panel. Every query goes
through ``visible_to``; archived evidence is seen only by those who may review it (the office)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from chuangwen.campaigns.models import Task
from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import ScopeSpec, scope_q
from chuangwen.standards.models import Item
from chuangwen.standards.rules import RULE_TYPES, describe_rule

from . import rules as rule_check
from .models import REVIEW, Evidence, EvidenceFile, ItemCompliance


class _TaskAsEvidenceParent:
    """The scope of a task seen with the evidence permissions: who may add evidence to it is
    who could change evidence of that task (office of the unit, head of the task's department,
    the responsible person)."""

    scoping = ScopeSpec(unit="unit", department="department", owner="person__user", perms=Evidence.scoping.perms)


def tasks_open_for_evidence(user) -> QuerySet[Task]:
    """Tasks ``user`` may add evidence to (not archived)."""
    return Task.objects.filter(scope_q(_TaskAsEvidenceParent, user, CHANGE), archived_at__isnull=True)


def can_add_evidence(user, task: Task) -> bool:
    return tasks_open_for_evidence(user).filter(pk=task.pk).exists()


def reviewable_q(user) -> Q:
    return scope_q(Evidence, user, REVIEW)


def visible_evidence(user, action: str = VIEW) -> QuerySet[Evidence]:
    """Evidence ``user`` may see (or ``action``): archived rows only for reviewers."""
    qs = Evidence.objects.visible_to(user, action)
    if action == REVIEW:
        return qs
    return qs.filter(Q(archived_at__isnull=True) | reviewable_q(user))


def visible_files(user) -> QuerySet[EvidenceFile]:
    """Files ``user`` may download: archived files, or files of archived evidence, only for
    those who may review the evidence."""
    reviewable = Evidence.objects.filter(reviewable_q(user)).values("pk")
    live = Q(archived_at__isnull=True, evidence__archived_at__isnull=True)
    return EvidenceFile.objects.visible_to(user, VIEW).filter(live | Q(evidence__in=reviewable))


def evidence_list(user, *, unit=None) -> QuerySet[Evidence]:
    """The ledger list: visible evidence with what the rows show, and their file counts."""
    qs = visible_evidence(user).select_related("department", "task", "item", "submitted_by", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.annotate(file_count=live_file_count())


def review_queue(user, *, unit=None) -> QuerySet[Evidence]:
    """Submitted evidence the user may review, oldest submission first."""
    qs = (
        Evidence.objects.visible_to(user, REVIEW)
        .filter(status=Evidence.Status.SUBMITTED, archived_at__isnull=True)
        .select_related("department", "task", "item", "submitted_by", "unit")
        .annotate(file_count=live_file_count())
        .order_by("submitted_at", "id")
    )
    return qs.filter(unit=unit) if unit is not None else qs


def working_round(evidence: Evidence) -> int:
    """The round a record's files count in: its version, or the next one once it was returned
    (where the reviewed round's files were carried over, ``services._carry_files_forward``)."""
    return evidence.version + 1 if evidence.status == Evidence.Status.RETURNED else evidence.version


def current_files_q(prefix: str = "") -> Q:
    """Live files of their record's working round (SQL twin of ``working_round``)."""
    p = prefix
    returned = Q(**{f"{p}evidence__status": Evidence.Status.RETURNED})
    return Q(**{f"{p}archived_at__isnull": True}) & (
        (~returned & Q(**{f"{p}version": F(f"{p}evidence__version")}))
        | (returned & Q(**{f"{p}version": F(f"{p}evidence__version") + 1}))
    )


def current_files(evidence: Evidence) -> list[EvidenceFile]:
    """The files a record holds now: the working round's, not archived."""
    return [f for f in evidence_files(evidence, include_archived=False) if f.version == working_round(evidence)]


def evidence_files(evidence: Evidence, *, include_archived: bool) -> list[EvidenceFile]:
    qs = evidence.files.select_related("uploaded_by").order_by("version", "id")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return list(qs)


def files_by_round(files: list[EvidenceFile]) -> list[tuple[int, list[EvidenceFile]]]:
    """Files grouped by submission round, latest round first."""
    rounds: dict[int, list[EvidenceFile]] = {}
    for f in files:
        rounds.setdefault(f.version, []).append(f)
    return sorted(rounds.items(), reverse=True)


def live_file_count():
    """How many live files a record has, as a correlated subquery rather than a join with
    GROUP BY: a list sorted and cut to one page then counts the files of that page's rows only
    (and its paginator's COUNT leaves it out), instead of grouping every visible record first."""
    files = (
        EvidenceFile._base_manager.filter(current_files_q(), evidence=OuterRef("pk"))
        .order_by()
        .values("evidence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(files, output_field=IntegerField()), 0)


@dataclass
class RuleLine:
    description: str
    met: bool
    reason: str = ""


@dataclass
class ItemRules:
    """One standard item with its rules, each met or not, and its overall status."""

    item: Item
    status: str
    lines: list[RuleLine]
    reasons: list[str]
    accepted_count: int = 0


def _lines(results) -> list[RuleLine]:
    return [RuleLine(describe_rule(r.rule), r.met, r.reason) for r in results if r.rule.get("type") in RULE_TYPES]


def _task_items(task: Task, item_id=None) -> list[Item]:
    items = list(task.items.select_related("indicator").order_by("order", "id"))
    if item_id:
        items = [i for i in items if str(i.pk) == str(item_id)] or items
    return items


def form_rule_lines(task: Task, *, evidence=None, files=(), item_id=None) -> list[ItemRules]:
    """The rules of the task's items (or of the one chosen) checked against one record: its
    date, 文号 and files. Without a record, each rule is shown as not yet met."""
    today = timezone.localdate()
    campaign = task.campaign
    out = []
    for item in _task_items(task, item_id):
        rules = item.rules or []
        if evidence is None or evidence.occurred_on is None:
            lines = [RuleLine(describe_rule(r), False) for r in rules]
            out.append(ItemRules(item, ItemCompliance.Status.UNMET, lines, []))
            continue
        record = rule_check.record_of(evidence, files)
        results = rule_check.check(rules, [record], start=campaign.starts_on, end=campaign.ends_on, today=today)
        # Records per period count accepted records: one record alone says nothing about it; what
        # the reviewer must see is ticked when accepting.
        results = [r for r in results if r.rule.get("type") not in ("min_records", "attestations")]
        status = ItemCompliance.Status.MET if all(r.met for r in results) else ItemCompliance.Status.PARTIAL
        out.append(ItemRules(item, status, _lines(results), [r.reason for r in results if not r.met]))
    return out


def item_rules(campaign, items, *, today=None) -> list[ItemRules]:
    """The items with their rules checked against the campaign's accepted evidence (two queries)
    and the records other apps link to them (``rules.linked_records``: an activity, one query),
    the same check ``ItemCompliance`` keeps."""
    today = today or timezone.localdate()
    items = list(items)
    accepted = (
        Evidence.objects.filter(
            campaign=campaign, item__in=[i.pk for i in items], status=Evidence.Status.ACCEPTED, archived_at__isnull=True
        )
        .only("id", "item_id", "title", "occurred_on", "doc_number", "note", "doc_kind", "attested")
        .prefetch_related(Prefetch("files", queryset=EvidenceFile.objects.filter(current_files_q())))
    )
    records: dict[int, list] = {}
    for e in accepted:
        records.setdefault(e.item_id, []).append(rule_check.record_of(e, e.files.all()))
    for item_id, linked in rule_check.linked_records(campaign, [i.pk for i in items]).items():
        records.setdefault(item_id, []).extend(linked)
    out = []
    for item in items:
        outcome = rule_check.item_outcome(
            item.rules or [], records.get(item.pk, []), start=campaign.starts_on, end=campaign.ends_on, today=today
        )
        outcome = rule_check.with_per_person(
            outcome,
            item.rules or [],
            unit_id=campaign.unit_id,
            start=campaign.starts_on,
            end=campaign.ends_on,
            today=today,
        )
        found = len(records.get(item.pk, []))
        out.append(ItemRules(item, outcome.status, _lines(outcome.results), outcome.reasons, found))
    return out


@dataclass
class DraftRecord:
    occurred_on: object
    doc_number: str
    note: str = ""
    doc_kind: str = ""


def draft_from_query(query, *, task: Task, evidence=None) -> DraftRecord:
    """The date and 文号 typed in the form (for the live rule preview)."""
    from django.utils.dateparse import parse_date

    try:
        occurred_on = parse_date(query.get("occurred_on") or "")
    except ValueError:
        occurred_on = None
    if occurred_on is None and evidence is not None:
        occurred_on = evidence.occurred_on
    return DraftRecord(
        occurred_on=occurred_on,
        doc_number=(query.get("doc_number") or "").strip(),
        note=(query.get("note") or "").strip(),
        doc_kind=(query.get("doc_kind") or "").strip(),
    )


def task_evidence(user, task: Task) -> list[Evidence]:
    """The evidence of one task the user may see, with file counts (one query)."""
    return list(
        visible_evidence(user)
        .filter(task=task)
        .select_related("item", "submitted_by")
        .annotate(file_count=live_file_count())
        .order_by("-occurred_on", "-id")
    )


def evidence_with_files(queryset: QuerySet[Evidence]) -> QuerySet[Evidence]:
    live = EvidenceFile.objects.filter(current_files_q()).order_by("version", "id")
    return queryset.prefetch_related(Prefetch("files", queryset=live, to_attr="live_files"))
