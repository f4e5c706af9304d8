from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Inspection materials")
ROLES = frozenset({Role.OFFICE, Role.SUPERVISOR})
MENU = [
    MenuItem(_("Inspection ledger"), "reports:home", "archive", ROLES, SECTION, 60),
    MenuItem(_("Indicator reports"), "reports:reports_menu", "file-earmark-text", ROLES, SECTION, 61),
]
