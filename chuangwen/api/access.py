"""Scoping for endpoints, so each one applies the user's scope the same way as the pages:
outside the scope is 404 (like a missing id), visible but not changeable is 403."""

from django.core.exceptions import PermissionDenied

from chuangwen.core.lookups import resolve, resolve_many
from chuangwen.core.roles import CHANGE, VIEW


def visible(request, queryset, action: str = VIEW):
    """``queryset`` restricted to what the calling user may ``action``."""
    return queryset.visible_to(request.auth_user, action)


def get_visible(request, queryset, pk: int):
    """One object the caller may view, else 404."""
    return resolve(queryset, pk, user=request.auth_user)


def get_changeable(request, queryset, pk: int):
    """One object the caller may change: 404 if they cannot even see it, 403 if only see it."""
    obj = get_visible(request, queryset, pk)
    if not visible(request, queryset.model._default_manager.filter(pk=pk), CHANGE).exists():
        raise PermissionDenied
    return obj


def referenced(request, queryset, pk: int | None, field: str, message: str | None = None, action: str = VIEW):
    """A record named by id in a request body; one the caller cannot see is reported like a
    missing one, as a 422 on ``field`` (``message``, else "不存在或无权访问")."""
    return resolve(queryset, pk, user=request.auth_user, action=action, field=field, message=message)


def referenced_many(request, queryset, pks, field: str, action: str = VIEW, message: str | None = None) -> list:
    """The records a list of ids in a request body names, all visible to the caller, else a 422
    on ``field`` (``message``, else naming the ids not found)."""
    return resolve_many(queryset, pks, user=request.auth_user, action=action, field=field, message=message)
