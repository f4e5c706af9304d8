from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "chuangwen.party"
    verbose_name = _("Party branches")

    def ready(self):
        from chuangwen.reports import linked

        from . import ledger_pdf

        post_migrate.connect(_restore_defaults, sender=self)
        linked.register(ledger_pdf.meeting_pdfs, fingerprint=ledger_pdf.fingerprint)


def _restore_defaults(using, apps=None, **kwargs):
    """``flush`` empties the shipped meeting types and development steps of migration 0002 with
    every other table: put them back, only into an empty table (as escalation does)."""
    from django.apps import apps as installed

    from .defaults import seed_defaults

    seed_defaults(apps or installed, using=using)
