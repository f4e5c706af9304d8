from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Organisation")
MENU = [
    MenuItem(_("Units"), "org:unit_list", "hospital", frozenset({Role.SUPERVISOR, Role.ADMIN}), SECTION, 10),
    MenuItem(_("Departments"), "org:department_list", "diagram-3", ALL, SECTION, 20),
    MenuItem(
        _("Staff"),
        "org:person_list",
        "people",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.ADMIN}),
        SECTION,
        30,
    ),
    MenuItem(_("Import roster"), "org:roster_import", "file-earmark-arrow-up", frozenset({Role.OFFICE}), SECTION, 40),
    MenuItem(_("My profile"), "org:me", "person-badge", ALL, _("Personal"), 10),
]
