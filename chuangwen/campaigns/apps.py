from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "chuangwen.campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from chuangwen.escalation.registry import register

        from .escalation import TaskAdapter

        register(TaskAdapter())
