from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, MenuItem

SECTION = _("Campaign")
MENU = [
    MenuItem(_("Campaign plans"), "campaigns:campaign_list", "flag", ALL, SECTION, 10),
    MenuItem(_("Responsibility table"), "campaigns:task_list", "list-check", ALL, SECTION, 20),
    MenuItem(_("My tasks"), "campaigns:my_tasks", "check2-square", ALL, SECTION, 30),
]
