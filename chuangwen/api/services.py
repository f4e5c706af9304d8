"""Writes of the api app: creating and revoking API tokens (each one an event of the audit log)."""

import hashlib
import secrets
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from chuangwen.audit.models import Action
from chuangwen.audit.services import audit_record

from .models import APIToken

KEY_PREFIX = "cw_"


def hash_key(key: str) -> str:
    """The stored form of a key: its sha256 hex digest."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, expires_at: datetime | None = None) -> tuple[APIToken, str]:
    """Create a token for ``user``; returns it with the full key, which is never stored and
    cannot be shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = APIToken(user=user, name=name.strip(), prefix=key[:8], key_hash=hash_key(key), expires_at=expires_at)
    token.full_clean()
    token.save()
    # The log names the token by its name and the key's first characters, never the key.
    audit_record(action=Action.TOKEN_CREATE, actor=user, target=token)
    return token, key


@transaction.atomic
def token_revoke(*, token: APIToken, by) -> APIToken:
    """Revoke ``token`` (idempotent). Only its owner or a superuser may revoke it."""
    if token.user_id != by.pk and not by.is_superuser:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        detail = {"user": token.user.get_username()} if by.pk != token.user_id else {}
        audit_record(action=Action.TOKEN_REVOKE, actor=by, target=token, detail=detail)
    return token
