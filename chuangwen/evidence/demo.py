"""Demo data of the evidence ledger: the records the demo hospitals' departments would have filed
by 2026-11-23 (``DEMO_TODAY``) — every study session, monthly check, quarterly survey and one-off
document of the campaigns' tasks — so that the evidence rules (记录≥2/月, 照片≥2, 文号...) and
the task statuses they drive come out as the campaigns demo planned them (``TAILS`` there).

* The past — records accepted before this month's tail — is written in bulk, as the services
  would have left it: rows, files and their history rows, dated when they happened. Their files
  are one small photo (only where the item's rules ask for photos), a one-page PDF and a
  会议记录 .docx, each stored once per unit and shared by the rows.
* The tail — records awaiting review, returned with a reason, drafts, and one record returned
  once and accepted at the second round — goes through the services (files sniffed and stored,
  compliance, task status and notifications as in real use), then is dated back.
* Finally ``ItemCompliance`` is recomputed as of DEMO_TODAY and every task's status is synced
  from its evidence (accepted only when all its items are met, as always).

Runs after ``chuangwen.campaigns.demo``; reads ``ctx.extra["tasks"]`` (or every task of
``ctx.extra["campaigns"]``), ``ctx.extra["task_notes"]`` and ``ctx.users``; leaves
``ctx.extra["evidence"]`` (a list)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from django.utils import timezone

from chuangwen.campaigns.demo import DEMO_TODAY
from chuangwen.campaigns.models import Task
from chuangwen.standards.models import Item

from . import rules as rule_check
from . import selectors, services
from .demo_files import IMAGE, PDF, WORD, DemoFiles, file_name
from .demo_rows import set_times, write_history
from .models import Evidence, EvidenceFile

Rc = Task.Recurrence
S = Task.Status
ACCEPTED = Evidence.Status.ACCEPTED

# The reasons, 文号 issuers (and the minutes' wording, demo_files.py) are in demo.yaml beside this module.
DATA = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))
RETURN_REASONS = DATA["return_reasons"]
DOC_PREFIX = DATA["doc_prefix"]
# Records are dated up to three days before DEMO_TODAY; this month's sessions by the 19th.
LAST_DAY = DEMO_TODAY - timedelta(days=3)


# --- what each task's departments filed ------------------------------------------------------


@dataclass
class Planned:
    """One evidence record to write."""

    task: Task
    item: Item | None
    day: date
    title: str
    primary: bool = True  # for the task's first item (the others are secondary streams)
    photos: int = 0
    pdf: bool = False
    minutes: bool = False
    doc_number: str = ""
    tail: bool = False  # written through the services (the task's latest, not yet accepted)

    def kinds(self) -> list[str]:
        out = [IMAGE] * self.photos
        if self.minutes:
            out.append(WORD)
        if self.pdf or not out:
            out.append(PDF)
        return out


def _rule(item: Item | None, kind: str) -> dict | None:
    return next((r for r in (item.rules if item else None) or [] if r.get("type") == kind), None)


def _months(start: date, end: date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _same_part(a: date, b: date, months: int) -> bool:
    return a.year == b.year and (a.month - 1) // months == (b.month - 1) // months


def _occasions(task: Task, start: date, rng) -> list[tuple[date, str]]:
    """When the task's activity took place (with a label for the title), by its recurrence."""
    end = min(task.deadline, LAST_DAY)
    rc = task.recurrence
    if rc in (Rc.ONCE, Rc.YEARLY):
        day = task.deadline - timedelta(days=rng.randint(3, 15))
        return [(min(max(day, start), LAST_DAY), "")]
    out = []
    if rc == Rc.WEEKLY:  # every Friday
        day = start + timedelta(days=(4 - start.weekday()) % 7)
        while day <= end:
            out.append((day, f"{day.month}月{day.day}日"))
            day += timedelta(days=7)
        return out
    if rc in (Rc.MONTHLY, Rc.TWICE_MONTHLY):
        slots = [(5, 12, "第一次"), (15, 19, "第二次")] if rc == Rc.TWICE_MONTHLY else [(5, 19, "")]
        for month in _months(start, end):
            for low, high, label in slots:
                day = month.replace(day=rng.randint(low, high))
                if start <= day <= end:
                    out.append((day, f"{month.month}月{label}"))
        return out
    if rc == Rc.QUARTERLY:
        parts, months = [(3, "第一季度"), (6, "第二季度"), (9, "第三季度"), (11, "第四季度")], 3
    else:  # half-yearly
        parts, months = [(6, "上半年"), (11, "下半年")], 6
    for month, label in parts:
        day = date(start.year, month, rng.randint(8, 19))
        if day > end:
            if not _same_part(day, end, months):
                continue
            day = end - timedelta(days=rng.randint(1, 7))
        if day >= start:
            out.append((day, label))
    return out


def _spread(start: date, count: int) -> list[date]:
    """``count`` days spread over the campaign so far, the last one on LAST_DAY."""
    span = (LAST_DAY - start).days
    return [start + timedelta(days=span * (j + 1) // count) for j in range(count)]


def _period_days(campaign, rule: dict) -> list[tuple[date, str]]:
    """Enough days for a records-per-period rule over the periods so far (for a second item of
    a task, whose own rhythm is the first item's)."""
    count, period = rule.get("count", 1), rule.get("period", "month")
    start = campaign.starts_on
    if period == "year":
        return [(d, f"第{j + 1}次") for j, d in enumerate(_spread(start, count))]
    out = []
    for key in rule_check.periods_so_far(start, campaign.ends_on, DEMO_TODAY, period):
        year, n = key
        first_month = n if period == "month" else n * 3 - 2
        middle = date(year, first_month, 1) + timedelta(days=14 if period == "month" else 45)
        label = f"{n}月" if period == "month" else f"第{n}季度"
        for j in range(count):
            out.append((max(start, min(middle + timedelta(days=j * 3), LAST_DAY)), label))
    return out


def _material(item: Item) -> str:
    return (item.materials or item.title).split("、")[0][:30]


def _plan_task(task: Task, items: list[Item], rng) -> list[Planned]:
    campaign = task.campaign
    occasions = _occasions(task, campaign.starts_on, rng)
    if not occasions:
        return []
    single = task.recurrence in (Rc.ONCE, Rc.YEARLY)
    out = []
    for k, item in enumerate(items or [None]):
        if k == 0:
            days = occasions
            title = task.title
        else:
            rule = _rule(item, "min_records")
            days = _period_days(campaign, rule) if rule else [occasions[0]]
            title = f"{task.title}：{_material(item)}"
        for day, label in days:
            out.append(
                Planned(task=task, item=item, day=day, title=f"{title}（{label}）" if label else title, primary=k == 0)
            )
    for p in out:
        _fill(p, single=single)
    return out


def _fill(p: Planned, *, single: bool) -> None:
    """The files a record of this item has: photos only when its rules ask for them."""
    photos = _rule(p.item, "min_photos")
    if photos:
        p.photos = photos.get("count", 1) if single else min(photos.get("count", 1), 2)
    types = _rule(p.item, "file_types")
    p.pdf = bool(types) or bool(_rule(p.item, "requires_doc_number"))
    p.minutes = "会" in p.task.title and not p.photos


def _period_of(day: date, recurrence: str) -> tuple[int, int]:
    months = {Rc.QUARTERLY: 3, Rc.HALF_YEARLY: 6, Rc.YEARLY: 12}.get(recurrence, 1)
    return (day.year, (day.month - 1) // months)


def _apply_tail(task: Task, intent: str, plans: list[Planned], note, rng) -> list[Planned]:
    """Shape the task's records after its planned status: nothing when not started; a missing
    period (``note`` a date) leaves its item partly met; otherwise the latest record(s) are the
    tail — awaiting review, returned, a draft, or returned once and then accepted."""
    if intent == S.PENDING:
        return []
    if isinstance(note, date):
        gap = _period_of(note, task.recurrence)
        return [p for p in plans if not (p.primary and _period_of(p.day, task.recurrence) == gap)]
    if not plans or (intent == S.ACCEPTED and not note):
        return plans
    last = max(p.day for p in plans)
    tail = [p for p in plans if p.day == last]
    if intent == S.ACCEPTED:
        tail = tail[:1]
    late = task.deadline < DEMO_TODAY and intent != S.ACCEPTED
    day = DEMO_TODAY - timedelta(days=rng.randint(4, 10)) if late else last
    for p in tail:
        p.tail, p.day = True, day
    return plans


def _top_up(campaign, plans: list[Planned], intents: dict, notes: dict) -> None:
    """Make sure the rules of items served by done tasks are met by their accepted records: add
    records for periods with too few, photos when too few (a safety net: the rhythm of the
    tasks usually suffices)."""
    by_item: dict[int, list[Planned]] = defaultdict(list)
    for p in plans:
        if p.item is not None:
            by_item[p.item.pk].append(p)
    for records in by_item.values():
        item = records[0].item
        done = [p for p in records if not p.tail]
        leads = [p.task for p in done if intents[p.task.pk] == S.ACCEPTED and p.task.pk not in notes]
        if not leads:
            continue
        lead = max(set(leads), key=lambda t: (leads.count(t), -t.pk))
        rule = _rule(item, "min_records")
        if rule:
            have = _period_counts(done, rule)
            for day, label in _period_days(campaign, rule):
                key = rule_check._period_key(day, rule.get("period", "month"))
                if have.get(key, 0) < rule.get("count", 1):
                    have[key] = have.get(key, 0) + 1
                    extra = Planned(task=lead, item=item, day=day, title=f"{lead.title}（{label}）")
                    _fill(extra, single=False)
                    plans.append(extra)
                    done.append(extra)
        photos = _rule(item, "min_photos")
        if photos and done:
            missing = photos.get("count", 1) - sum(p.photos for p in done)
            if missing > 0:
                done[-1].photos += missing


def _period_counts(records: list[Planned], rule: dict) -> dict:
    counts: dict = defaultdict(int)
    for p in records:
        counts[rule_check._period_key(p.day, rule.get("period", "month"))] += 1
    return counts


# --- who files and who reviews ---------------------------------------------------------------


def _tasks(ctx) -> list[Task]:
    tasks = ctx.extra.get("tasks")
    if tasks is None:
        campaigns = list((ctx.extra.get("campaigns") or {}).values())
        tasks = list(Task.objects.filter(campaign__in=campaigns).order_by("campaign_id", "deadline", "id"))
    return tasks


def _office_user(ctx, unit_id):
    from chuangwen.core.roles import Role
    from chuangwen.org.models import Membership

    for user in ctx.users.values():
        if any(m.role == Role.OFFICE and m.unit_id == unit_id for m in user.scope_memberships()):
            return user
    m = Membership.objects.filter(role=Role.OFFICE, unit_id=unit_id).select_related("user").first()
    return m.user if m else None


def _submitter(task: Task, office):
    """The responsible person when they have an account and may file evidence, else the office
    (which files for departments without accounts)."""
    person = task.person
    user = person.user if person is not None and person.user_id else None
    if user is not None and user.is_active and selectors.can_add_evidence(user, task):
        return user
    return office


def _steps(day: date, n: int, rng) -> list[datetime]:
    """When the ``n`` steps of a record happened: filed the afternoon of ``day``, then one step
    every day or two (in office hours), never after now."""
    now = timezone.now()
    when = datetime.combine(day, time(rng.randint(15, 17), rng.randint(0, 59)))
    out = []
    for k in range(n):
        if k:
            day = when.date() + timedelta(days=rng.randint(1, 2))
            when = datetime.combine(day, time(rng.randint(9, 16), rng.randint(0, 59)))
        out.append(min(timezone.make_aware(when), now - timedelta(minutes=10 * (n - k))))
    return out


# --- writing ---------------------------------------------------------------------------------


def _write_past(plans: list[Planned], people: dict, files: DemoFiles, rng) -> list[Evidence]:
    """Accepted records with their files and history, in bulk."""
    rows, times = [], []
    for p in plans:
        submitter, office = people[p.task.pk]
        created, submitted, reviewed = _steps(p.day, 3, rng)
        rows.append(
            Evidence(
                campaign_id=p.task.campaign_id,
                unit_id=p.task.unit_id,
                department_id=p.task.department_id,
                task_id=p.task.pk,
                item=p.item,
                title=p.title[:200],
                note=p.task.deliverable,
                occurred_on=p.day,
                doc_number=p.doc_number,
                status=ACCEPTED,
                submitted_by=submitter,
                submitted_at=submitted,
                reviewed_by=office,
                reviewed_at=reviewed,
                created_by=submitter,
            )
        )
        times.append((created, submitted, reviewed))
    Evidence.objects.bulk_create(rows, batch_size=500)
    file_rows = []
    for p, ev, (created, _submitted, reviewed) in zip(plans, rows, times, strict=True):
        ev.created_at, ev.updated_at = created, reviewed
        for n, kind in enumerate(p.kinds(), start=1):
            stored = files.stored(ev.unit_id, kind)
            file_rows.append(
                EvidenceFile(
                    evidence=ev,
                    unit_id=ev.unit_id,
                    department_id=ev.department_id,
                    original_name=file_name(kind, p.day, n),
                    uploaded_by=ev.created_by,
                    **stored,
                )
            )
    EvidenceFile.objects.bulk_create(file_rows, batch_size=500)
    # bulk_create stamps created_at/updated_at with the present: put the past back.
    set_times(Evidence, [(ev.created_at, ev.updated_at, ev.pk) for ev in rows])
    for f in file_rows:
        f.created_at = f.updated_at = f.evidence.created_at
    set_times(EvidenceFile, [(f.created_at, f.updated_at, f.pk) for f in file_rows])
    write_history(rows, times, file_rows)
    return rows


def _write_tail(p: Planned, intent: str, people: dict, files: DemoFiles, reason: str, rng) -> Evidence:
    """One record through the services, as the department and the office would have done it,
    then dated back to when that happened."""
    submitter, office = people[p.task.pk]
    uploads_ = [files.upload(kind, file_name(kind, p.day, n)) for n, kind in enumerate(p.kinds(), start=1)]
    evidence = services.evidence_create(
        task=p.task,
        user=submitter,
        item=p.item,
        title=p.title[:200],
        occurred_on=p.day,
        doc_number=p.doc_number,
        note=p.task.deliverable,
        files=uploads_,
    )
    if intent != S.IN_PROGRESS:
        services.evidence_submit(evidence=evidence, user=submitter)
        if intent in (S.RETURNED, S.ACCEPTED):
            services.evidence_review(evidence=evidence, user=office, accept=False, reason=reason)
        if intent == S.ACCEPTED:
            services.evidence_add_file(evidence=evidence, user=submitter, upload=files.upload(IMAGE, "补充照片.jpg"))
            services.evidence_submit(evidence=evidence, user=submitter)
            services.evidence_review(evidence=evidence, user=office, accept=True)
    _date_back(evidence, p.day, rng)
    return evidence


def _date_back(evidence: Evidence, day: date, rng) -> None:
    """Spread the record's steps (created, submitted, reviewed...) over the days after ``day``."""
    steps = list(evidence.history.order_by("history_date", "history_id"))
    stamps = _steps(day, len(steps), rng)
    H = Evidence.history.model
    for h, stamp in zip(steps, stamps, strict=True):
        H.objects.filter(pk=h.pk).update(history_date=stamp)
    submitted = [s for h, s in zip(steps, stamps, strict=True) if h.status == Evidence.Status.SUBMITTED]
    reviewed = [s for h, s in zip(steps, stamps, strict=True) if h.status in (ACCEPTED, Evidence.Status.RETURNED)]
    fields = {"created_at": stamps[0], "updated_at": stamps[-1]}
    if evidence.submitted_at:
        fields["submitted_at"] = submitted[-1]
    if evidence.reviewed_at:
        fields["reviewed_at"] = reviewed[-1]
    Evidence.objects.filter(pk=evidence.pk).update(**fields)
    for name, value in fields.items():
        setattr(evidence, name, value)


def load(ctx) -> None:
    tasks = [t for t in _tasks(ctx) if t.archived_at is None]
    ctx.extra.setdefault("evidence", [])
    if not tasks:
        if ctx.stdout:
            ctx.stdout.write("台账：没有创建任务，未生成台账。")
        return
    notes = ctx.extra.get("task_notes", {})
    keys = {u.pk: k for k, u in ctx.units.items()}
    items = {t.pk: list(t.items.order_by("order", "id")) for t in tasks}
    offices = {unit_id: _office_user(ctx, unit_id) for unit_id in {t.unit_id for t in tasks}}
    people = {t.pk: (_submitter(t, offices[t.unit_id]), offices[t.unit_id]) for t in tasks if offices[t.unit_id]}
    tasks = [t for t in tasks if t.pk in people]
    intents = {t.pk: t.status for t in tasks}  # as the campaigns demo planned them

    plans: list[Planned] = []
    by_campaign = defaultdict(list)
    for t in tasks:
        by_campaign[t.campaign_id].append(t)
    for campaign_tasks in by_campaign.values():
        mine = []
        for t in campaign_tasks:
            mine += _apply_tail(t, intents[t.pk], _plan_task(t, items[t.pk], ctx.rng), notes.get(t.pk), ctx.rng)
        _top_up(campaign_tasks[0].campaign, mine, intents, notes)
        plans += mine
    numbers: dict[int, int] = defaultdict(int)
    for p in sorted(plans, key=lambda p: (p.day, p.task.pk)):
        if _rule(p.item, "requires_doc_number"):
            numbers[p.task.unit_id] += 1
            prefix = DOC_PREFIX.get(keys.get(p.task.unit_id, ""), "院发")
            p.doc_number = f"{prefix}〔{p.day.year}〕{numbers[p.task.unit_id]}号"

    files = DemoFiles()
    try:
        past = _write_past([p for p in plans if not p.tail], people, files, ctx.rng)
        campaigns = {t.campaign_id: t.campaign for t in tasks}
        for campaign in campaigns.values():
            services.compliance_recompute_many(campaign=campaign, items=campaign.standard.items.all(), today=DEMO_TODAY)
        tail = []
        for n, p in enumerate(sorted((p for p in plans if p.tail), key=lambda p: (p.day, p.task.pk))):
            note = notes.get(p.task.pk)
            reason = note if isinstance(note, str) else RETURN_REASONS[n % len(RETURN_REASONS)]
            tail.append(_write_tail(p, intents[p.task.pk], people, files, reason, ctx.rng))
    finally:
        files.close()
    for campaign in campaigns.values():
        services.compliance_recompute_many(campaign=campaign, items=campaign.standard.items.all(), today=DEMO_TODAY)
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        services.task_sync_status(task=task, user=people[task.pk][1])
    ctx.extra["evidence"] += past + tail
    if ctx.stdout:
        counts = {s: sum(e.status == s for e in ctx.extra["evidence"]) for s in Evidence.Status.values}
        ctx.stdout.write(
            f"台账：{len(ctx.extra['evidence'])} 条（通过 {counts['accepted']}，待审 {counts['submitted']}，"
            f"退回 {counts['returned']}，草稿 {counts['draft']}）。"
        )
