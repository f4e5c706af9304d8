"""The side menu. Each app declares its entries in its own ``nav.py`` (a ``MENU`` list of
``MenuItem``); an entry shows when the user holds one of its roles, and, for a page that works
within one unit (``needs_unit``), only while a unit is chosen. A superuser counts as a system
administrator: it sees the administrator's entries, not every entry (an entry it cannot use, such
as the office's complaint intake, would answer 403). ``tests/dashboard/test_menus.py`` opens every
entry of every demo account's menu."""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import Role

ALL = frozenset(Role)
UNIT_STAFF = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.STAFF})

# Section names, in the order they appear.
SECTIONS = [
    "",
    _("Campaign"),
    _("Evidence ledger"),
    _("Inspections"),
    _("Patients"),
    _("Organisation"),
    _("Personal"),
]


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset
    section: str = ""
    order: int = 100
    needs_unit: bool = False


MENU = [
    MenuItem(_("Home"), "home", "house", ALL, order=0),
    # Tokens are for connecting other systems (the hospital's OA, the bureau's platform).
    MenuItem(
        _("API tokens"), "api_tokens", "key", frozenset({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}), _("Personal"), 90
    ),
]


@cache
def all_items() -> list[MenuItem]:
    items = list(MENU)
    for config in apps.get_app_configs():
        if config.name.startswith("chuangwen.") and config.name != "chuangwen.core":
            try:
                module = import_module(f"{config.name}.nav")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.nav":
                    raise
                continue
            items.extend(module.MENU)
    order = {str(s): i for i, s in enumerate(SECTIONS)}
    return sorted(items, key=lambda i: (order.get(str(i.section), len(order)), i.order))


def menu_roles(user) -> set[str]:
    """The roles the menu is built for: the user's, a superuser's as a system administrator."""
    roles = set(user.roles())
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def menu_for(request):
    user = request.user
    roles = menu_roles(user)
    has_unit = getattr(request, "current_unit", None) is not None
    sections: dict[str, list[dict]] = {}
    path = request.path
    entries = []
    for item in all_items():
        if not roles & item.roles or (item.needs_unit and not has_unit):
            continue
        url = reverse(item.url_name)
        entry = {"label": item.label, "url": url, "icon": item.icon, "active": False}
        entries.append(entry)
        sections.setdefault(str(item.section), []).append(entry)
    # Only the most specific entry whose URL starts the current path is highlighted.
    matches = [e for e in entries if (path == e["url"] if e["url"] == "/" else path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return list(sections.items())
