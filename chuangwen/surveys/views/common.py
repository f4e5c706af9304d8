"""What the staff pages of the surveys app share: one changeable object, the current unit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can, get_visible_or_404


def changeable(request, queryset, pk):
    """One object the user may change: 404 outside their scope, 403 if they may only view it."""
    obj = get_visible_or_404(queryset, request.user, VIEW, pk=pk)
    if not can(request.user, obj, CHANGE):
        raise PermissionDenied
    return obj


def need_unit(request):
    if request.current_unit is None:
        messages.info(request, _("Choose a unit to work in first."))
        return None
    return request.current_unit
