"""Who is calling the API: a Django session (with CSRF on unsafe methods) or a bearer token.

Both set ``request.auth_user`` (and ninja's ``request.auth``) to the user; endpoints scope every
query through it. Inactive users, revoked and expired tokens are not authenticated (401)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from .models import APIToken
from .services import KEY_PREFIX, hash_key

# last_used_at is informative; writing it at most this often keeps token requests read-only.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def _set_user(request, user):
    request.auth_user = user
    return user


def token_user(key: str):
    """The active user owning the active token ``key``, or None. Touches ``last_used_at``."""
    if not key.startswith(KEY_PREFIX):
        return None
    now = timezone.now()
    token = (
        APIToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer cw_…`` with a key from the token page."""

    def authenticate(self, request, token):
        user = token_user(token.strip())
        if user is None:
            return None
        # Pages and history read request.user; a token request acts as its owner.
        request.user = user
        return _set_user(request, user)


class CookieSessionAuth(SessionAuth):
    """The browser session of a logged-in user; ninja checks CSRF on unsafe methods."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return _set_user(request, user) if user is not None and user.is_active else None


# Token first: a request carrying a token needs no CSRF token, whatever cookies it also has.
API_AUTH: list[APIKeyCookie | HttpBearer] = [TokenAuth(), CookieSessionAuth()]
