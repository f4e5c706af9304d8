from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Inspections")
# Findings reach everyone who answers them (department heads, responsible staff); rounds are for
# those who plan or walk them.
INSPECTING = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.INSPECTOR, Role.ADMIN})
MENU = [
    MenuItem(_("Inspection rounds"), "inspections:round_list", "clipboard-data", INSPECTING, SECTION, 10),
    MenuItem(
        _("Findings and rectification"),
        "inspections:finding_list",
        "exclamation-diamond",
        INSPECTING | {Role.DEPT_HEAD, Role.STAFF, Role.PARTY_SECRETARY},
        SECTION,
        20,
    ),
    MenuItem(
        _("Bulletins"),
        "inspections:bulletin_list",
        "megaphone",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.ADMIN}),
        SECTION,
        30,
    ),
]
