"""The kinds of record the escalation engine knows, each through a small adapter its own app
registers (in its ``AppConfig.ready``): tasks (campaigns), rectification orders (inspections),
complaints (feedback).

An adapter answers the engine's questions about its records and nothing else: which records are
still open, who is responsible for one, how its notice reads, its page, its de-duplication key,
and, for a kind with escalation levels, the service that raises the level (with history)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q, QuerySet

from chuangwen.core.roles import Role, Scope
from chuangwen.org.models import Membership

_ADAPTERS: dict[str, Adapter] = {}


class Adapter:
    """What the engine needs to know of one kind of record (``subject``, an
    ``EscalationRule.Subject`` value). Records have ``deadline``, ``unit`` (with ``region``) and
    ``department_id``; a kind with ``has_levels`` also has ``escalation_level``."""

    subject: str = ""
    has_levels: bool = False
    messages: frozenset[str] = frozenset()  # EscalationRule.Message values this kind can send
    conditions: frozenset[str] = frozenset()  # EscalationRule.Condition values it understands

    def candidates(self) -> QuerySet:
        """The records still open (the deadline runs), with what the notices read selected."""
        raise NotImplementedError

    def condition_q(self, condition: str) -> Q:
        """The records a rule's ``condition`` keeps (empty condition: all)."""
        return Q()

    def responsible(self, record) -> list[int]:
        """The user ids of whoever answers for the record (empty: nobody with an account)."""
        raise NotImplementedError

    def supervisors(self, record, people: Directory) -> list[int]:
        """The supervising authority's users for the record: by default the supervisors whose
        region contains the record's unit."""
        return people.regional(Role.SUPERVISOR, record.unit.region.path)

    def notice(self, record, rule, days: int) -> tuple[str, str, str]:
        """(Notification kind, title, body) of ``rule``'s notice; ``days`` is the number of
        calendar days past the deadline (negative before it)."""
        raise NotImplementedError

    def url(self, record) -> str:
        raise NotImplementedError

    def dedupe_key(self, record, code: str, user_id: int) -> str:
        """The key that makes a step send once per user (and once more after a new round: a new
        deadline, a reopening)."""
        raise NotImplementedError

    def escalate(self, record, rule, days: int) -> None:
        """Raise the record to ``rule.level`` through its app's service (history, timeline)."""
        raise NotImplementedError


def register(adapter: Adapter) -> None:
    _ADAPTERS[adapter.subject] = adapter


def adapters() -> dict[str, Adapter]:
    return dict(_ADAPTERS)


def adapter_for(subject: str) -> Adapter | None:
    return _ADAPTERS.get(subject)


class Directory:
    """Active users by role, on departments and units (loaded for a batch of records at once)
    and over regions (loaded once per run)."""

    def __init__(self) -> None:
        self._on: dict[tuple[str, str], dict[int, list[int]]] = defaultdict(dict)
        self._regional: dict[str, list[tuple[str, int]]] = {}

    def load(self, role: Role, field: str, ids) -> None:
        """Fetch the users holding ``role`` on each of ``ids`` (``field``: department or unit)."""
        known = self._on[(role, field)]
        missing = {i for i in ids if i is not None and i not in known}
        if not missing:
            return
        for key in missing:
            known[key] = []
        rows = Membership.objects.filter(
            role=role, is_active=True, user__is_active=True, **{f"{field}_id__in": missing}
        ).values_list(f"{field}_id", "user_id")
        for key, user_id in rows.order_by("user_id").distinct():
            known[key].append(user_id)

    def users(self, role: Role, field: str, key: int | None) -> list[int]:
        if key is None:
            return []
        self.load(role, field, [key])
        return self._on[(role, field)][key]

    def regional(self, role: Role, region_path: str) -> list[int]:
        """Users holding ``role`` with a region scope that contains ``region_path``."""
        if role not in self._regional:
            self._regional[role] = list(
                Membership.objects.filter(
                    role=role, scope=Scope.REGION, is_active=True, user__is_active=True, region__isnull=False
                )
                .values_list("region__path", "user_id")
                .order_by("user_id")
                .distinct()
            )
        return [uid for path, uid in self._regional[role] if region_path.startswith(path)]
