from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Evidence ledger")
MENU = [
    MenuItem(_("Review queue"), "evidence:review_queue", "clipboard-check", frozenset({Role.OFFICE}), SECTION, 10),
    MenuItem(
        _("Evidence"),
        "evidence:evidence_list",
        "folder2-open",
        frozenset(
            {
                Role.OFFICE,
                Role.DEPT_HEAD,
                Role.STAFF,
                Role.SUPERVISOR,
                Role.INSPECTOR,
                Role.PARTY_SECRETARY,
                Role.ADMIN,
            }
        ),
        SECTION,
        20,
    ),
]
