"""Which unit a request works in, and which language it speaks.

A hospital user has one unit. A supervisor sees many and may pick one to work in; until they
do, pages show every unit under their region. The choice lives in the session and is always
re-checked through the scope, so a stale or forged id falls back to "all"."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SESSION_KEY = "current_unit_id"


def _current_unit(request):
    from chuangwen.org.models import Unit

    user = request.user
    if not user.is_authenticated:
        return None
    visible = Unit.objects.visible_to(user)
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        unit = visible.filter(pk=chosen).select_related("region").first()
        if unit:
            return unit
    units = list(visible.select_related("region")[:2])
    return units[0] if len(units) == 1 else None


class CurrentUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.current_unit = _current_unit(request)
        return self.get_response(request)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The interface speaks Chinese whatever the browser asks for: hospitals' PCs often run an
    English browser while every record is Chinese, and a half-English page helps nobody. Only the
    explicit language switch (Django's ``set_language``, which sets the language cookie) picks
    another of ``LANGUAGES``. ``process_response`` (the ``Vary`` header) stays Django's."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
