from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "chuangwen.escalation"
    verbose_name = _("Escalation")

    def ready(self):
        post_migrate.connect(_restore_defaults, sender=self)


def _restore_defaults(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table, the default
    rules of migration 0002 with them; Django re-creates its own rows (content types,
    permissions) after it on ``post_migrate``, and so do we, only into an empty table."""
    from django.apps import apps as installed

    from .defaults import seed_defaults

    # `migrate` sends its migration state; `flush` sends none (then the installed models).
    seed_defaults(apps or installed, using=using)
