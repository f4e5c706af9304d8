"""Reads of the screens app: the links a user keeps, and a link found by its token."""

from __future__ import annotations

import hashlib

from django.db.models import Q, QuerySet

from chuangwen.core.roles import CHANGE, Scope
from chuangwen.org.models import Region, Unit
from chuangwen.org.selectors import units_user_can_change

from .models import REGION_KEEPERS, KioskLink

TOKEN_MAX = 100  # longer tokens are not looked up


def hash_token(token: str) -> str:
    """The stored form of a token: its sha256 hex digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def visible_links(user, action: str = "view") -> QuerySet[KioskLink]:
    """The links ``user`` may see (or revoke, with ``action=CHANGE``), newest first."""
    return KioskLink.objects.visible_to(user, action).select_related("unit", "region", "created_by", "revoked_by")


def units_user_can_screen(user) -> QuerySet[Unit]:
    """The hospitals whose big-screen links ``user`` may create: those whose office they are."""
    return units_user_can_change(user, KioskLink).filter(kind=Unit.Kind.HOSPITAL, is_active=True)


def regions_user_can_screen(user) -> QuerySet[Region]:
    """The regions whose big-screen links ``user`` may create: those of their supervisor (or
    administrator) memberships, and the regions below them."""
    if user.is_superuser:
        return Region.objects.all()
    q = Q(pk__in=[])
    for m in user.scope_memberships():
        if m.scope == Scope.REGION and m.region_path and m.role in REGION_KEEPERS:
            q |= Q(path__startswith=m.region_path)
    return Region.objects.filter(q)


def may_revoke(user, link: KioskLink) -> bool:
    return KioskLink.objects.visible_to(user, CHANGE).filter(pk=link.pk).exists()


def link_by_token(token: str) -> KioskLink | None:
    """The link whose token this is (revoked and expired ones too: the screen says why it
    stopped), or None. One indexed query on the token's hash."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return KioskLink.objects.select_related("unit__region", "region").filter(token_hash=hash_token(token)).first()
