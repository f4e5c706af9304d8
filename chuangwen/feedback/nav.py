from django.utils.translation import gettext_lazy as _

from chuangwen.core.navigation import MenuItem
from chuangwen.core.roles import Role

SECTION = _("Patients")
VIEWERS = frozenset(
    {Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.STAFF, Role.ADMIN}
)
# The archive is looked up by those who answer for complaints, not by every member of staff.
ARCHIVE_READERS = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.ADMIN})
MENU = [
    MenuItem(_("Complaints and suggestions"), "feedback:complaint_list", "chat-left-dots", VIEWERS, SECTION, 30),
    MenuItem(
        _("Complaint intake"), "feedback:complaint_create", "telephone-inbound", frozenset({Role.OFFICE}), SECTION, 31
    ),
    MenuItem(_("Complaint archive"), "feedback:complaint_archive_list", "archive", ARCHIVE_READERS, SECTION, 32),
    MenuItem(_("Public feedback links"), "feedback:public_links", "qr-code", frozenset({Role.OFFICE}), SECTION, 33),
]
