from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "chuangwen.org"
    verbose_name = _("Organisation")

    def ready(self):
        from . import auth  # noqa: F401  (login signals: audit log, second-factor state)
