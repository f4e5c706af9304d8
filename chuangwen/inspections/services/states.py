"""The finding's state machine (问题 → 整改通知 → 整改回复 → 复查 → 销号, and 回头看).

A finding's state changes only along ``TRANSITIONS``; anything else is refused with a
``ValidationError`` (code ``transition``). Every change locks the row, checks the ``version`` the
caller read (code ``stale`` when someone else changed it meanwhile), bumps it, saves the finding
with the acting user in its history, and writes one ``FindingEvent`` (who, when, what was said).
The actions that drive it are in ``findings``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.core import files

from ..models import Finding, FindingEvent, FindingPhoto
from .photos import prepare_photos

State = Finding.State
Kind = FindingEvent.Kind

# action -> (states it may start from, state it leads to, event kind)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "dispatch": (frozenset({State.OPEN}), State.ORDERED, Kind.DISPATCHED),
    "respond": (frozenset({State.ORDERED}), State.RESPONDED, Kind.RESPONDED),
    "recheck_pass": (frozenset({State.RESPONDED}), State.CLOSED, Kind.RECHECK_PASSED),
    "recheck_fail": (frozenset({State.RESPONDED}), State.ORDERED, Kind.RECHECK_FAILED),
    "reopen": (frozenset({State.CLOSED}), State.ORDERED, Kind.REOPENED),
}
ACTION_LABELS = {
    "dispatch": gettext_lazy("dispatched"),
    "respond": gettext_lazy("answered"),
    "recheck_pass": gettext_lazy("closed after a re-check"),
    "recheck_fail": gettext_lazy("sent back after a re-check"),
    "reopen": gettext_lazy("reopened"),
}


def stale() -> ValidationError:
    return ValidationError(
        _("This rectification order was changed by someone else; reload the page and try again."), code="stale"
    )


def lock_finding(finding: Finding, expected_version: int | None) -> Finding:
    """The finding's row, locked until the transaction ends (PostgreSQL: FOR UPDATE; SQLite
    serialises writers anyway), checked against the version the caller read."""
    # Lock only the finding row: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("unit", "source_unit", "department")
        .get(pk=finding.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise stale()
    return locked


def check_transition(finding: Finding, action: str) -> str:
    if finding.is_archived:
        raise ValidationError(_("This finding is archived and can no longer be changed."), code="archived")
    allowed_from, to_state, _kind = TRANSITIONS[action]
    if finding.state not in allowed_from:
        raise ValidationError(
            _("A finding that is “%(state)s” cannot be %(action)s.")
            % {"state": State(finding.state).label, "action": ACTION_LABELS[action]},
            code="transition",
        )
    return to_state


def write_event(finding: Finding, *, kind: str, from_state: str, user, text: str = "", at=None) -> FindingEvent:
    return FindingEvent.objects.create(
        finding=finding,
        kind=kind,
        from_state=from_state,
        to_state=finding.state,
        text=text,
        actor=user,
        at=at or timezone.now(),
    )


def save_finding(finding: Finding, user) -> None:
    finding.version += 1
    finding.full_clean()
    finding._history_user = user
    finding.save()


def attach_photos(finding: Finding, event: FindingEvent, prepared: list, stage: str, user) -> list[FindingPhoto]:
    out = []
    try:
        for p in prepared:
            photo = FindingPhoto(
                finding=finding,
                unit_id=finding.unit_id,
                department_id=finding.department_id,
                event=event,
                stage=stage,
                original_name=p.original_name,
                content_type=p.type.content_type,
                size=p.size,
                sha256=p.sha256,
                uploaded_by=user,
            )
            files.store(p, photo)
            photo.full_clean()
            photo.save()
            out.append(photo)
    finally:
        for p in prepared:
            p.close()
    return out


def transition(
    finding: Finding, action: str, *, user, text: str = "", photos=(), stage: str | None = None, at=None, apply=None
) -> Finding:
    """The common part of every step: check the transition, let ``apply`` set the fields, save
    with a new version, write the event and attach the photos."""
    prepared = prepare_photos(photos) if photos else []
    try:
        to_state = check_transition(finding, action)
        from_state = finding.state
        finding.state = to_state
        if apply is not None:
            apply(finding)
        save_finding(finding, user)
        event = write_event(finding, kind=TRANSITIONS[action][2], from_state=from_state, user=user, text=text, at=at)
    except BaseException:
        for p in prepared:
            p.close()
        raise
    attach_photos(finding, event, prepared, stage or FindingPhoto.Stage.FOUND, user)
    return finding
