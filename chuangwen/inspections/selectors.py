"""Reads of the inspections app shared by pages, the API, the services and the escalation job.
Every list goes through ``visible_to``; a record outside the scope is simply not found."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from chuangwen.campaigns.models import Campaign
from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopeSpec, can, scope_q
from chuangwen.org.models import Membership, Unit
from chuangwen.standards.models import Item

from .models import DISPATCH, INSPECT, ChecklistEntry, Finding, FindingEvent, FindingPhoto, InspectionRound

# A region-wide list counts at most this many rows (an exact COUNT(*) over a million findings
# is the slowest part of the page and nobody pages that far: they filter).
COUNT_CAP = 10_000


class _UnitAsRoundOwner:
    """A unit seen with the permissions of the rounds it would own or the findings recorded in
    it: who may plan (CHANGE) or inspect (INSPECT) there."""

    scoping = ScopeSpec(unit="", perms=InspectionRound.scoping.perms)


class _UnitAsFindingUnit:
    scoping = ScopeSpec(unit="", perms=Finding.scoping.perms)


def units_user_can_plan(user) -> QuerySet[Unit]:
    """Units that ``user`` may organise a round for (the office of a hospital, a supervisor for
    every unit of its region)."""
    return Unit.objects.filter(scope_q(_UnitAsRoundOwner, user, CHANGE), is_active=True)


def units_user_can_inspect(user) -> QuerySet[Unit]:
    """Units in which ``user`` may record findings without a round (and which a round they plan
    may target)."""
    return Unit.objects.filter(scope_q(_UnitAsFindingUnit, user, INSPECT), is_active=True)


def units_user_can_dispatch(user) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_q(_UnitAsFindingUnit, user, DISPATCH))


def acts_for_unit(user, unit_id: int) -> bool:
    """Whether ``user`` speaks for ``unit_id`` as an inspecting body (a member of it, or an
    administrator): a bureau's finding is re-checked by the bureau, not by the hospital."""
    if any(m.unit_id == unit_id for m in user.scope_memberships()):
        return True
    # An administrator (a superuser, or the admin of a region covering the unit).
    return Unit.objects.filter(scope_q(Unit, user, CHANGE), pk=unit_id).exists()


def is_round_inspector(user, round_id: int | None) -> bool:
    if round_id is None:
        return False
    return InspectionRound.inspectors.through.objects.filter(inspectionround_id=round_id, user_id=user.pk).exists()


def visible_rounds(user, action: str = VIEW) -> QuerySet[InspectionRound]:
    return InspectionRound.objects.visible_to(user, action).filter(archived_at__isnull=True)


def round_detail(user, pk: int) -> InspectionRound | None:
    qs = (
        visible_rounds(user)
        .select_related("owner_unit", "created_by")
        .prefetch_related(
            "target_units",
            "target_departments",
            "inspectors",
            Prefetch("checklist", queryset=checklist_qs()),
        )
    )
    return qs.filter(pk=pk).first()


def checklist_qs():
    return ChecklistEntry.objects.select_related("item").order_by("order", "id")


def checklist_items(round: InspectionRound) -> QuerySet[Item]:
    """The standard items of a round's checklist (what a finding of the round may cite)."""
    return Item.objects.filter(pk__in=round.checklist.exclude(item=None).values("item_id")).order_by("order", "id")


def campaign_items(units: Iterable[Unit]) -> QuerySet[Item]:
    """Items of the standards of the units' active campaigns (what a checklist is drawn from)."""
    standards = Campaign.objects.filter(unit__in=list(units), status=Campaign.Status.ACTIVE).values("standard_id")
    return Item.objects.filter(standard_id__in=standards).select_related("standard").order_by("standard_id", "order")


def visible_findings(user, action: str = VIEW, *, include_archived: bool = False) -> QuerySet[Finding]:
    qs = Finding.objects.visible_to(user, action)
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def finding_rows(qs: QuerySet[Finding]) -> QuerySet[Finding]:
    """What a list row shows, in the list order (``-found_at, -id``: the order index)."""
    return qs.select_related("unit", "department", "round", "responsible_person", "item").order_by("-found_at", "-id")


def overdue_q(today: datetime.date | None = None) -> Q:
    """Orders past their deadline and not answered (answered ones wait for the inspector)."""
    return Q(state=Finding.State.ORDERED, deadline__lt=today or timezone.localdate())


def is_overdue(finding: Finding, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return finding.state == Finding.State.ORDERED and finding.deadline is not None and finding.deadline < today


def finding_detail(user, pk: int) -> Finding | None:
    photos = FindingPhoto.objects.order_by("id")
    events = FindingEvent.objects.select_related("actor").order_by("at", "id")
    qs = (
        visible_findings(user, include_archived=True)
        .select_related("unit", "source_unit", "department", "round", "item", "responsible_person", "found_by")
        .prefetch_related(Prefetch("photos", queryset=photos), Prefetch("events", queryset=events))
    )
    return qs.filter(pk=pk).first()


def photos_by_stage(finding: Finding) -> list[tuple[str, str, list[FindingPhoto]]]:
    """(stage, label, photos) for each stage that has photos, in the order of the loop."""
    grouped: dict[str, list[FindingPhoto]] = defaultdict(list)
    for p in finding.photos.all():
        grouped[p.stage].append(p)
    return [(s.value, s.label, grouped[s.value]) for s in FindingPhoto.Stage if grouped.get(s.value)]


def visible_photos(user) -> QuerySet[FindingPhoto]:
    return FindingPhoto.objects.visible_to(user, VIEW)


def may_judge(user, finding: Finding) -> bool:
    """Re-check and reopen (回头看): an inspector of the unit; for a finding of the authority,
    the authority itself (or an inspector named on the round)."""
    if not can(user, finding, INSPECT):
        return False
    if finding.source_unit_id == finding.unit_id:
        return True
    return acts_for_unit(user, finding.source_unit_id) or is_round_inspector(user, finding.round_id)


def actions_for(user, finding: Finding) -> dict[str, bool]:
    """Which of the loop's forms ``user`` may use on ``finding`` now."""
    State = Finding.State
    live = not finding.is_archived
    office = can(user, finding, DISPATCH)
    judge = live and finding.state in (State.RESPONDED, State.CLOSED) and may_judge(user, finding)
    return {
        "dispatch": live and finding.state == State.OPEN and office,
        "respond": live and finding.state == State.ORDERED and can(user, finding, CHANGE),
        "recheck": judge and finding.state == State.RESPONDED,
        "reopen": judge and finding.state == State.CLOSED,
        "archive": live and office,
    }


def users_with_role(role: Role, *, unit_ids=(), department_ids=()) -> dict[int, list[int]]:
    """Active users holding ``role`` on each unit (or department): key -> [user id]."""
    field, ids = ("department", department_ids) if department_ids else ("unit", unit_ids)
    rows = Membership.objects.filter(
        role=role, is_active=True, user__is_active=True, **{f"{field}_id__in": list(ids)}
    ).values_list(f"{field}_id", "user_id")
    out: dict[int, list[int]] = defaultdict(list)
    for key, user_id in rows.order_by("user_id").distinct():
        out[key].append(user_id)
    return out


def assignable_people(unit: Unit, department=None):
    from chuangwen.org.models import Person

    qs = Person.objects.filter(unit=unit, is_active=True).select_related("department")
    if department is not None:
        qs = qs.filter(department=department)
    return qs.order_by("department__sort_order", "name")


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP``: ``SELECT COUNT(*) FROM (... LIMIT cap+1)``
    reads at most that many index entries. ``capped`` says the real number is larger."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # Unordered: how many of the first cap+1 rows does not depend on their order, and an
        # ORDER BY here made PostgreSQL walk the list's order index through a whole province's
        # findings to count a county's few.
        n = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = n > self.cap
        return min(n, self.cap)

    capped = False
