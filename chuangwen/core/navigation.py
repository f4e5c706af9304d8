"""The side menu. Each app adds its entries here; an entry shows when the user holds one of
its roles (or is a superuser)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset
    section: str = ""


ALL = frozenset(Role)
MENU = [
    MenuItem(_("Home"), "home", "house", ALL),
    MenuItem(_("Units"), "org:unit_list", "hospital", frozenset({Role.SUPERVISOR, Role.ADMIN}), _("Organisation")),
    MenuItem(_("Departments"), "org:department_list", "diagram-3", ALL, _("Organisation")),
    MenuItem(
        _("Staff"),
        "org:person_list",
        "people",
        frozenset({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.INSPECTOR, Role.PARTY_SECRETARY, Role.ADMIN}),
        _("Organisation"),
    ),
    MenuItem(
        _("Import roster"), "org:roster_import", "file-earmark-arrow-up", frozenset({Role.OFFICE}), _("Organisation")
    ),
    MenuItem(_("My profile"), "org:me", "person-badge", ALL, _("Personal")),
    MenuItem(_("API tokens"), "api_tokens", "key", ALL, _("Personal")),
]


def menu_for(request):
    user = request.user
    roles = user.roles()
    sections: dict[str, list[dict]] = {}
    path = request.path
    for item in MENU:
        if not (user.is_superuser or roles & item.roles):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        sections.setdefault(str(item.section), []).append(
            {"label": item.label, "url": url, "icon": item.icon, "active": active}
        )
    return list(sections.items())
