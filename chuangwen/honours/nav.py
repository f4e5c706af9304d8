from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import ALL, MenuItem

SECTION = _("Honours")
MENU = [
    MenuItem(_("Selections"), "honours:selections", "award", ALL, SECTION, 60),
    MenuItem(_("My votes"), "honours:votes", "check2-square", ALL, SECTION, 61),
    MenuItem(_("Honour types"), "honours:types", "list-stars", ALL, SECTION, 62),
]
