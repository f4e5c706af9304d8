from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteerConfig(AppConfig):
    name = "chuangwen.volunteer"
    verbose_name = _("Volunteer service")

    def ready(self):
        from chuangwen.reports.documents import register

        from .certificate import certificate_kind

        register(certificate_kind())
