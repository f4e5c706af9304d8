from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import ALL_ROLES, Role

SECTION = _("Organisation")
MENU = [
    MenuItem(_("Group robots"), "robots:robot_list", "robot", frozenset({Role.OFFICE}), SECTION, 80),
    MenuItem(_("Notification settings"), "robots:preferences", "bell", frozenset(ALL_ROLES), _("Personal"), 89),
]
