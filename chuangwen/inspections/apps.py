from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "chuangwen.inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from chuangwen.escalation.registry import register

        from .escalation import FindingAdapter

        register(FindingAdapter())

        from chuangwen.reports.documents import register as register_document_kind

        from .bulletin_templates import bulletin_kind

        register_document_kind(bulletin_kind())
