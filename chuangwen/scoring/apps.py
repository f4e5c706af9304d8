from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "chuangwen.scoring"
    verbose_name = _("Scoring")

    def ready(self):
        post_migrate.connect(_restore_defaults, sender=self)


def _restore_defaults(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table, the default
    veto conditions of migration 0003 with them; put them back into an empty table."""
    from django.apps import apps as installed

    from .models.readiness import seed_veto_conditions

    models = apps or installed
    try:
        models.get_model("scoring", "VetoCondition")
    except LookupError:  # migrated backwards past 0003
        return
    seed_veto_conditions(models, using=using)
