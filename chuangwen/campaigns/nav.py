from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import UNIT_STAFF, MenuItem
from chuangwen.core.roles import Role

SECTION = _("Campaign")
# The plan and the responsibility table are for those who assign or answer for tasks; a staff
# member finds their own under 我的任务.
PLANNERS = frozenset({Role.OFFICE, Role.DEPT_HEAD, Role.SUPERVISOR, Role.ADMIN})
MENU = [
    MenuItem(_("Campaign plans"), "campaigns:campaign_list", "flag", PLANNERS, SECTION, 10),
    MenuItem(_("Responsibility table"), "campaigns:task_list", "list-check", PLANNERS, SECTION, 20),
    MenuItem(_("My tasks"), "campaigns:my_tasks", "check2-square", UNIT_STAFF, SECTION, 30),
]
