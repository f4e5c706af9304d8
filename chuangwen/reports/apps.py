from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chuangwen.reports"
    verbose_name = _("Inspection materials")

    def ready(self):
        from .documents import register
        from .plan import plan_kind
        from .summary_docx import summary_kind

        register(plan_kind())
        register(summary_kind())
