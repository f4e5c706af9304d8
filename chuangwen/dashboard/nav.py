from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, UNIT_STAFF, MenuItem
from chuangwen.core.roles import Role

MENU = [
    MenuItem(_("Campaign progress"), "dashboard:progress", "speedometer2", UNIT_STAFF, _("Campaign"), 5),
    MenuItem(
        _("Region progress"),
        "dashboard:bureau_progress",
        "bar-chart-line",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        _("Campaign"),
        6,
    ),
    MenuItem(_("Notifications"), "dashboard:notifications", "bell", ALL, _("Personal"), 5),
]
