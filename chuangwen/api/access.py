"""Scoping for endpoints, so each one applies the user's scope the same way as the pages:
outside the scope is 404 (like a missing id), visible but not changeable is 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from chuangwen.core.roles import CHANGE, VIEW

from .errors import field_error


def visible(request, queryset, action: str = VIEW):
    """``queryset`` restricted to what the calling user may ``action``."""
    return queryset.visible_to(request.auth_user, action)


def get_visible(request, queryset, pk: int):
    """One object the caller may view, else 404."""
    obj = visible(request, queryset).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def get_changeable(request, queryset, pk: int):
    """One object the caller may change: 404 if they cannot even see it, 403 if only see it."""
    obj = get_visible(request, queryset, pk)
    if not visible(request, queryset.model._default_manager.filter(pk=pk), CHANGE).exists():
        raise PermissionDenied
    return obj


def referenced(request, queryset, pk: int | None, field: str, message: str):
    """A record named by id in a request body; one the caller cannot see is reported like a
    missing one, as a 422 on ``field``."""
    if pk is None:
        return None
    obj = visible(request, queryset).filter(pk=pk).first()
    if obj is None:
        raise field_error(field, message)
    return obj
