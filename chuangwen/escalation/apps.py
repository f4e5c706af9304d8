from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "chuangwen.escalation"
    verbose_name = _("Escalation")

    def ready(self):
        post_migrate.connect(_restore_defaults, sender=self)


def _restore_defaults(apps, using, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table, the default
    rules of migration 0002 with them; Django re-creates its own rows (content types,
    permissions) after it on ``post_migrate``, and so do we, only into an empty table."""
    from .defaults import seed_defaults

    seed_defaults(apps, using=using)
