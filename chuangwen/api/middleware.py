"""Under /api/ every error is JSON, also the ones no endpoint answers.

The endpoints' own errors are JSON already (chuangwen/api/errors.py). What reaches a client
around them is not: Django's HTML page for a path that names no endpoint (404, also
``/api/org/units/abc``), ninja's plain-text 405 for a method a path does not take, Django's
400 for a body it cannot read, the 500 page. This middleware gives those the shape of every
other API error, ``{"message": ...}`` in the request's language, keeping the status and the
headers (``Allow`` of a 405)."""

from http import HTTPStatus

from django.http import JsonResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MESSAGES = {
    400: gettext_noop("The request could not be read."),
    404: gettext_noop("Not found."),
    405: gettext_noop("This method is not allowed here."),
    413: gettext_noop("The request is too large."),
    500: gettext_noop("Server error: the request could not be completed."),
}
KEPT_HEADERS = ("Allow", "Vary")

_API_ROOT = SimpleLazyObject(lambda: reverse("api:api-root"))


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


def json_error(response):
    """``response`` (an error that is not JSON) as a JSON error of the same status."""
    status = response.status_code
    message = MESSAGES.get(status) or HTTPStatus(status).phrase
    answer = JsonResponse({"message": _(message)}, status=status, json_dumps_params={"ensure_ascii": False})
    for header in KEPT_HEADERS:
        if header in response:
            answer[header] = response[header]
    return answer


class APIErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 400 and request.path_info.startswith(str(_API_ROOT)) and not _is_json(response):
            return json_error(response)
        return response
