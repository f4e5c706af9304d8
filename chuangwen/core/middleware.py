"""Which unit a request works in.

A hospital user has one unit. A supervisor sees many and may pick one to work in; until they
do, pages show every unit under their region. The choice lives in the session and is always
re-checked through the scope, so a stale or forged id falls back to "all"."""

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
