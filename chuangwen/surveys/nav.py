from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Patients")
# Who reads satisfaction results; the campaign office also builds the surveys.
READERS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.SUPERVISOR, Role.ADMIN})
OFFICE = frozenset({Role.OFFICE, Role.ADMIN})
MENU = [
    MenuItem(_("Satisfaction index"), "surveys:dashboard", "emoji-smile", READERS, SECTION, 10),
    MenuItem(_("Survey responses"), "surveys:response_list", "card-list", READERS, SECTION, 20),
    MenuItem(
        _("Paper cards"), "surveys:paper_entry", "keyboard", frozenset({Role.OFFICE, Role.DEPT_HEAD}), SECTION, 30
    ),
    MenuItem(_("Survey templates"), "surveys:template_list", "ui-checks", OFFICE, SECTION, 40),
]
