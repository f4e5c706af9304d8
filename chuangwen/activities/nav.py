from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Campaign")
UNIT_ROLES = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.STAFF, Role.ADMIN})
MENU = [
    MenuItem(
        _("Activities"), "activities:activity_list", "calendar-event", UNIT_ROLES | {Role.SUPERVISOR}, SECTION, 60
    ),
    MenuItem(_("My study notes"), "activities:my_notes", "journal-text", frozenset({Role.STAFF}), SECTION, 61),
    MenuItem(
        _("Study notes progress"),
        "activities:notes_progress",
        "journal-check",
        frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.PARTY_SECRETARY}),
        SECTION,
        62,
    ),
    MenuItem(
        _("Activities by unit"),
        "activities:bureau",
        "bar-chart-steps",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        SECTION,
        63,
    ),
]
