from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import UNIT_STAFF, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Staff")
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})
MENU = [
    MenuItem(_("Medical ethics evaluation"), "ethics:index", "clipboard-check", UNIT_STAFF, SECTION, 60),
    MenuItem(_("My ethics record"), "ethics:me", "person-vcard", UNIT_STAFF, SECTION, 61),
    MenuItem(_("Ethics rule sets"), "ethics:rules", "sliders", OFFICE, SECTION, 62),
    MenuItem(
        _("Ethics grades of the units"),
        "ethics:bureau",
        "bar-chart",
        frozenset({Role.SUPERVISOR, Role.ADMIN}),
        SECTION,
        63,
    ),
]
