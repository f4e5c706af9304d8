from chuangwen.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"nav_menu": menu_for(request), "current_unit": request.current_unit}
