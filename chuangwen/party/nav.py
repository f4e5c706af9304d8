from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Party work")
PARTY = frozenset({Role.OFFICE, Role.PARTY_SECRETARY, Role.STAFF, Role.ADMIN})
MENU = [
    MenuItem(_("Party branches"), "party:branch_list", "flag", PARTY, SECTION, 60),
    MenuItem(_("Member development"), "party:pipeline", "person-up", PARTY, SECTION, 61),
    MenuItem(
        _("Party work by unit"), "party:overview", "bar-chart", frozenset({Role.SUPERVISOR, Role.OFFICE}), SECTION, 62
    ),
]
