from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import UNIT_STAFF, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Volunteer service")
MANAGERS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.ADMIN})
OFFICE = frozenset({Role.OFFICE})
MENU = [
    MenuItem(_("Volunteer hours by person"), "volunteer:overview", "heart", MANAGERS, SECTION, 60, needs_unit=True),
    MenuItem(_("Volunteer events"), "volunteer:events", "calendar-heart", UNIT_STAFF, SECTION, 61),
    MenuItem(_("Hour records"), "volunteer:hours", "clock-history", MANAGERS, SECTION, 62, needs_unit=True),
    MenuItem(_("Import platform hours"), "volunteer:import", "file-earmark-arrow-up", OFFICE, SECTION, 63),
    MenuItem(_("Volunteer targets and stars"), "volunteer:rules", "stars", UNIT_STAFF, SECTION, 64),
    MenuItem(
        _("Volunteer service by unit"),
        "volunteer:units",
        "buildings",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        SECTION,
        65,
    ),
    MenuItem(_("My volunteer service"), "volunteer:me", "heart-pulse", UNIT_STAFF, _("Personal"), 20),
]
