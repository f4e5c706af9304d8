"""The escalation engine (督办): one daily run over every rule and every kind of record.

For each kind (a registered adapter) the engine reads, in batches through the deadline index,
only the open records that some active rule calls for today: each rule becomes one SQL
condition (its deadline threshold, "not yet at its level", its condition, its owner's units),
evaluated per record as an annotation. For each record the rule of the most specific owner wins
per code (hospital over authority over default, an inactive one switching the step off); the
due steps notify their recipients through the notification service, whose de-duplication key
(record, step, round, user) makes a step send once, and the highest level reached is applied
once through the kind's own service, which writes the history. State changes and notices of a
batch commit together, so a crash leaves nothing half done and a second run does nothing twice.

Days are calendar days unless a rule counts working days (the one calendar import below)."""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import translation

from chuangwen.core.roles import Role
from chuangwen.core.workdays import add_working_days, is_working_day
from chuangwen.dashboard.models import Notification
from chuangwen.dashboard.services import NotificationDraft, notifications_send, wants_email
from chuangwen.org.models import Unit

from . import registry
from .models import EscalationRule

BATCH = 500
Rule = EscalationRule


def escalation_run(
    *, today: datetime.date, subjects=None, dry_run: bool = False, email: bool = True
) -> dict[str, dict[str, int] | int]:
    """Apply every active rule on ``today`` (``subjects``: only those kinds). Returns, per kind,
    how many records each step (rule code) was due for, and in all how many records were
    raised, notices created and e-mailed. ``dry_run`` changes and sends nothing: ``created``
    is then the number of notices that would be new."""
    rules = list(Rule.objects.select_related("owner__region").order_by("pk"))
    counts: dict = {}
    totals = {"raised": 0, "created": 0, "emailed": 0}
    people = registry.Directory()
    with translation.override(settings.LANGUAGE_CODE):
        for subject, adapter in sorted(registry.adapters().items()):
            if subjects and subject not in subjects:
                continue
            own = [r for r in rules if r.subject == subject]
            counts[subject] = {r.code: 0 for r in own if r.is_active}
            if counts[subject]:
                _run_subject(adapter, own, today, people, counts[subject], totals, dry_run=dry_run, email=email)
    return {**counts, **totals}


def overdue_threshold(today: datetime.date, days: int, working: bool) -> datetime.date:
    """The latest deadline that is at least ``days`` (working) days past on ``today``."""
    if not working:
        return today - datetime.timedelta(days=days)
    day, left = today, days
    while left:
        if is_working_day(day):
            left -= 1
        day -= datetime.timedelta(days=1)
    return day


def due_soon_limit(today: datetime.date, days: int, working: bool) -> datetime.date:
    """The latest deadline at most ``days`` (working) days ahead of ``today``."""
    if not working:
        return today + datetime.timedelta(days=days)
    return add_working_days(today, days + 1) - datetime.timedelta(days=1)


def _rule_q(adapter: registry.Adapter, rule: Rule, today: datetime.date) -> Q:
    if rule.trigger == Rule.Trigger.AFTER:
        q = Q(deadline__lte=overdue_threshold(today, rule.days, rule.working_days))
    else:
        q = Q(deadline__gte=today, deadline__lte=due_soon_limit(today, rule.days, rule.working_days))
    if rule.level:
        q &= Q(escalation_level__lt=rule.level)
    if rule.owner_id is not None:
        owner = rule.owner
        q &= (
            Q(unit__region__path__startswith=owner.region.path)
            if owner.kind == Unit.Kind.AUTHORITY
            else Q(unit_id=owner.pk)
        )
    return q & adapter.condition_q(rule.condition)


def _specificity(rule: Rule) -> int:
    if rule.owner_id is None:
        return 0
    return len(rule.owner.region.path) if rule.owner.kind == Unit.Kind.AUTHORITY else 10_000


def _covers(rule: Rule, unit: Unit) -> bool:
    if rule.owner_id is None:
        return True
    if rule.owner.kind == Unit.Kind.AUTHORITY:
        return unit.region.path.startswith(rule.owner.region.path)
    return unit.pk == rule.owner_id


def _winners(by_code: dict[str, list[Rule]], unit: Unit) -> list[Rule]:
    """Per code, the rule of the most specific owner covering ``unit`` (active or not)."""
    out = []
    for rules in by_code.values():
        winner = next((r for r in rules if _covers(r, unit)), None)
        if winner is not None:
            out.append(winner)
    return out


def _run_subject(adapter, own: list[Rule], today, people, counts, totals, *, dry_run: bool, email: bool) -> None:
    active = [r for r in own if r.is_active]
    by_code: dict[str, list[Rule]] = {}
    for r in sorted(own, key=_specificity, reverse=True):
        by_code.setdefault(r.code, []).append(r)
    conditions = {f"escalation_rule_{r.pk}": _rule_q(adapter, r, today) for r in active}
    flags = {name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in conditions.items()}
    base = adapter.candidates().filter(reduce(or_, conditions.values())).annotate(**flags).order_by("pk")
    last = 0
    while batch := list(base.filter(pk__gt=last)[:BATCH]):
        last = batch[-1].pk
        people.load(Role.DEPT_HEAD, "department", {r.department_id for r in batch})
        people.load(Role.OFFICE, "unit", {r.unit_id for r in batch})
        drafts: list[NotificationDraft] = []
        raises = []
        for record in batch:
            due = [
                r for r in _winners(by_code, record.unit) if r.is_active and getattr(record, f"escalation_rule_{r.pk}")
            ]
            days = (today - record.deadline).days
            url = adapter.url(record)
            for rule in due:
                counts[rule.code] += 1
                kind, title, body = adapter.notice(record, rule, days)
                drafts += [
                    NotificationDraft(
                        uid,
                        kind,
                        title[:200],
                        body,
                        url,
                        adapter.dedupe_key(record, rule.code, uid),
                        # for the record's department's group robots
                        unit_id=record.unit_id,
                        department_id=record.department_id,
                        deadline=record.deadline,
                    )
                    for uid in dict.fromkeys(_recipients(adapter, rule, record, people))
                    if uid
                ]
            leveled = [r for r in due if r.level]
            if leveled:
                raises.append((record, max(leveled, key=lambda r: r.level), days))
        totals["raised"] += len(raises)
        if dry_run:
            totals["created"] += _new_keys(drafts)
            continue
        with transaction.atomic():
            for record, rule, days in raises:
                adapter.escalate(record, rule, days)
            created = notifications_send(drafts=drafts, email=email)
        totals["created"] += len(created)
        # E-mails go out from their own job once this batch commits: count those queued.
        totals["emailed"] += sum(1 for n in created if wants_email(n)) if email else 0


def _recipients(adapter, rule: Rule, record, people) -> list[int]:
    users: list[int] = []
    if rule.notify_responsible:
        users += adapter.responsible(record)
        if not users and rule.fallback:
            users += _group(rule.fallback, record, people)
    for group in ("department_head", "office"):
        if getattr(rule, f"notify_{group}"):
            users += _group(group, record, people)
    if rule.notify_supervisor:
        users += adapter.supervisors(record, people)
    return users


def _group(group: str, record, people) -> list[int]:
    if group == Rule.Fallback.DEPARTMENT_HEAD:
        return people.users(Role.DEPT_HEAD, "department", record.department_id)
    return people.users(Role.OFFICE, "unit", record.unit_id)


def _new_keys(drafts: list[NotificationDraft]) -> int:
    keys = sorted({d.dedupe_key for d in drafts})
    sent = 0
    for i in range(0, len(keys), BATCH):
        sent += Notification.objects.filter(dedupe_key__in=keys[i : i + BATCH]).count()
    return len(keys) - sent
