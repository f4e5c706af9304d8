from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chuangwen.core.roles import CHANGE, VIEW
from chuangwen.core.scoping import can

from .. import selectors


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's error under the form's field of the same name, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def activity_or_404(request, pk, action: str = VIEW):
    """The activity through the user's scope: 404 outside it, 403 when visible but not theirs."""
    activity = (
        selectors.visible_activities(request.user).select_related("kind", "unit", "department").filter(pk=pk).first()
    )
    if activity is None:
        raise Http404
    if action == CHANGE and (activity.is_archived or not can(request.user, activity, CHANGE)):
        raise PermissionDenied
    return activity
