from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "chuangwen.activities"
    verbose_name = _("Activities")

    def ready(self):
        from chuangwen.evidence.rules import register_record_source
        from chuangwen.reports import linked

        from . import ledger_pdf
        from .records import item_records

        register_record_source(item_records)
        linked.register(ledger_pdf.activity_pdfs, fingerprint=ledger_pdf.fingerprint)
        post_migrate.connect(_restore_kinds, sender=self)


def _restore_kinds(using, apps=None, **kwargs):
    """``flush`` empties the shipped kinds of migration 0002 with every table: put them back."""
    from django.apps import apps as installed

    from .defaults import seed_kinds

    seed_kinds(apps or installed, using=using)
