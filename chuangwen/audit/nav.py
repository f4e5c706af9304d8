from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem

from .models import AUDIT_READERS

MENU = [
    MenuItem(_("Audit log"), "audit:event_list", "shield-check", frozenset(AUDIT_READERS), _("Organisation"), 90),
]
