from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    name = "chuangwen.screens"
    verbose_name = _("Big screens")
