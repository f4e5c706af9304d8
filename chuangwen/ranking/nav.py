from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Campaign")
SUPERVISORS = frozenset({Role.SUPERVISOR})
READERS = frozenset({Role.SUPERVISOR, Role.OFFICE})
MENU = [
    MenuItem(_("Region ranking"), "ranking:ranking", "trophy", SUPERVISORS, SECTION, 7),
    MenuItem(_("Ranking bulletins"), "ranking:bulletins", "megaphone", READERS, SECTION, 8),
]
