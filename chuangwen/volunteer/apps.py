from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteerConfig(AppConfig):
    name = "chuangwen.volunteer"
    verbose_name = _("Volunteer service")
