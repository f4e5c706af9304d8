from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "chuangwen.ethics"
    verbose_name = _("Medical ethics evaluation")
