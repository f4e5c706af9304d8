"""Errors as clear JSON: ``{"message": ..., "errors": [{"field": ..., "message": ...}]}``.

Field names are those the client sent; messages come from our code and model validation in
the request's language (Chinese by default)."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Where a parameter lives, not part of the name the client sent.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

# Messages for pydantic's error types, in Django's own wording where Django has one (so its
# catalogues translate them).
_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "int_type": gettext_noop("Enter a whole number."),
    "int_from_float": gettext_noop("Enter a whole number."),
    "date_parsing": gettext_noop("Enter a valid date."),
    "date_from_datetime_parsing": gettext_noop("Enter a valid date."),
    "date_type": gettext_noop("Enter a valid date."),
    "datetime_parsing": gettext_noop("Enter a valid date/time."),
    "datetime_from_date_parsing": gettext_noop("Enter a valid date/time."),
    "enum": gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    "literal_error": gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    "bool_parsing": gettext_noop("Enter a valid value."),
    "bool_type": gettext_noop("Enter a valid value."),
    "string_type": gettext_noop("Enter a valid value."),
    "extra_forbidden": gettext_noop("This field is not accepted."),
    "json_invalid": gettext_noop("The request body is not valid JSON."),
}


# What ninja's session auth raises when the CSRF check fails.
CSRF_FAILED = "CSRF check Failed"


class APIError(HttpError):
    """An error an endpoint raises on purpose, with an optional field."""

    def __init__(self, status_code: int, message: str, field: str | None = None) -> None:
        super().__init__(status_code, message)
        self.field = field


def field_error(field: str | None, message: str) -> APIError:
    """A 422 naming one field, e.g. a referenced id that is not found."""
    return APIError(422, message, field)


def _json(api, request, status: int, message: str, errors: list | None = None):
    body = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _pydantic_field(loc) -> str | None:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # ninja nests a body under the view argument's name ("payload"); the client never sent it.
    if len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts) or None


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return _("Ensure this value has at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx.get("ge", ctx.get("gt"))
        }
    if kind in _PYDANTIC_MESSAGES:
        return _(_PYDANTIC_MESSAGES[kind])
    return error.get("msg", "")


def request_validation_error(request, exc: NinjaValidationError, api):
    errors = [{"field": _pydantic_field(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors]
    return _json(api, request, 422, _("Invalid request data"), errors)


def model_validation_error(request, exc: DjangoValidationError, api):
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": None if field == NON_FIELD_ERRORS else field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in exc.messages]
    return _json(api, request, 422, _("Invalid request data"), errors)


def api_error(request, exc: APIError, api):
    if exc.status_code == 422:
        return _json(api, request, 422, _("Invalid request data"), [{"field": exc.field, "message": exc.message}])
    return _json(api, request, exc.status_code, exc.message)


def not_found(request, exc, api):
    return _json(api, request, 404, _("Not found."))


def forbidden(request, exc, api):
    return _json(api, request, 403, _("You do not have permission to do this."))


def unauthenticated(request, exc, api):
    return _json(api, request, 401, _("Authentication required: log in or send a valid API token."))


def http_error(request, exc: HttpError, api):
    if exc.status_code == 403 and str(exc) == CSRF_FAILED:
        return _json(api, request, 403, _("CSRF check failed: send the X-CSRFToken header."))
    return _json(api, request, exc.status_code, str(exc))


def install(api) -> None:
    """Register our handlers on ``api`` (most specific classes win in ninja's lookup)."""
    handlers = [
        (NinjaValidationError, request_validation_error),
        (DjangoValidationError, model_validation_error),
        (APIError, api_error),
        (Http404, not_found),
        (PermissionDenied, forbidden),
        (AuthorizationError, forbidden),
        (AuthenticationError, unauthenticated),
        (HttpError, http_error),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, lambda request, exc, h=handler: h(request, exc, api))
