from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

MENU = [
    MenuItem(
        _("Big screen"),
        "screens:links",
        "display",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}),
        _("Campaign"),
        8,
    ),
]
