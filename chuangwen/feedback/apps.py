from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "chuangwen.feedback"
    verbose_name = _("Complaints and suggestions")

    def ready(self):
        from chuangwen.escalation.registry import register

        from .escalation import ComplaintAdapter

        register(ComplaintAdapter())
