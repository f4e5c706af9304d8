"""Writes of the screens app: creating and revoking kiosk links (each an event of the audit log)."""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record
from chuangwen.core.roles import CHANGE
from chuangwen.core.scoping import can, can_in_unit
from chuangwen.org.models import Region, Unit

from .models import KioskLink
from .selectors import hash_token, regions_user_can_screen

KEY_PREFIX = "kiosk_"


def end_of_day_after(days: int) -> datetime:
    """The end (23:59:59 local time) of the day ``days`` days from today: a link's expiry."""
    last = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(last, time(23, 59, 59)))


@transaction.atomic
def link_create(
    *,
    user,
    label: str,
    expires_at: datetime,
    unit: Unit | None = None,
    region: Region | None = None,
    refresh_seconds: int = 30,
    token: str | None = None,
) -> tuple[KioskLink, str]:
    """Create a kiosk link for ``unit`` (its office) or ``region`` (its supervisor); returns it
    with the token, which is never stored and cannot be shown again. ``token`` is for the demo's
    fixed addresses only; otherwise it is random."""
    if (unit is None) == (region is None):
        raise ValidationError(_("A big-screen link shows either one unit or one region."))
    if unit is not None and not can_in_unit(user, KioskLink, unit):
        raise PermissionDenied
    if region is not None and not regions_user_can_screen(user).filter(pk=region.pk).exists():
        raise PermissionDenied
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Expires at: the date must be in the future.")})
    token = token or KEY_PREFIX + secrets.token_urlsafe(32)
    link = KioskLink(
        unit=unit,
        region=region,
        label=label.strip(),
        prefix=token[len(KEY_PREFIX) : len(KEY_PREFIX) + 8],
        token_hash=hash_token(token),
        refresh_seconds=refresh_seconds,
        expires_at=expires_at,
        created_by=user,
    )
    link.full_clean()
    link.save()
    # The log names the link by its label and the token's first characters, never the token.
    audit_record(action=Action.TOKEN_CREATE, actor=user, target=link, region=region)
    return link, token


@transaction.atomic
def link_revoke(*, link: KioskLink, by) -> KioskLink:
    """Revoke ``link`` (idempotent): the wall screen shows "stopped" at its next refresh."""
    if not can(by, link, CHANGE):
        raise PermissionDenied
    link = KioskLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = by
        link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        audit_record(action=Action.TOKEN_REVOKE, actor=by, target=link, region=link.region)
    return link
