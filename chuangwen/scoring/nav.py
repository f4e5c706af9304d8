from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Scoring")
HEADS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.SUPERVISOR, Role.PARTY_SECRETARY, Role.ADMIN})
MENU = [
    MenuItem(
        _("Department scores"), "scoring_departments:ranking", "bar-chart-steps", ALL, SECTION, 50, needs_unit=True
    ),
    MenuItem(_("Ledger of deductions and bonuses"), "scoring_departments:ledger", "journal-text", ALL, SECTION, 51),
    MenuItem(_("Appeals"), "scoring_departments:appeals", "megaphone", HEADS, SECTION, 52),
    MenuItem(
        _("Unit ranking"), "scoring_departments:units", "trophy", frozenset({Role.SUPERVISOR, Role.ADMIN}), SECTION, 53
    ),
    MenuItem(
        _("Title readiness"),
        "readiness:page",
        "flag",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}),
        SECTION,
        54,
    ),
]
