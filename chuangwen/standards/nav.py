from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, MenuItem

MENU = [
    MenuItem(_("Evaluation standards"), "standards:standard_list", "list-check", ALL, _("Campaign"), 10),
]
