from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Inspection materials")
ROLES = frozenset({Role.OFFICE, Role.SUPERVISOR})

MENU: list = [
    MenuItem(_("Inspection ledger"), "reports:home", "archive", ROLES, SECTION, 38),
    MenuItem(_("Indicator reports"), "reports:reports_menu", "file-earmark-text", ROLES, SECTION, 39),
    # Document templates and generated documents
    MenuItem(_("Work plan"), "reports:plan_current", "file-earmark-richtext", frozenset({Role.OFFICE}), SECTION, 40),
    MenuItem(_("Year-end summary"), "reports:summary_current", "journal-text", frozenset({Role.OFFICE}), SECTION, 45),
    MenuItem(
        _("Document templates"), "reports:template_list", "file-earmark-word", frozenset({Role.OFFICE}), SECTION, 50
    ),
]
