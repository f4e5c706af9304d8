from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, UNIT_STAFF, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Honours")
MENU = [
    MenuItem(_("Selections"), "honours:selections", "award", ALL, SECTION, 60),
    MenuItem(_("My votes"), "honours:votes", "check2-square", UNIT_STAFF, SECTION, 61),
    MenuItem(
        _("Honour types"),
        "honours:types",
        "list-stars",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}),
        SECTION,
        62,
    ),
]
