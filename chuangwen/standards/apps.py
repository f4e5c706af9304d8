from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "chuangwen.standards"
    verbose_name = _("Evaluation standards")

    def ready(self) -> None:
        post_migrate.connect(_restore_methods, sender=self)


def _restore_methods(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table, the methods
    migration 0005 seeded with it: add the shipped ones again (edited ones are left alone)."""
    from django.apps import apps as installed

    from .method_seed import seed_methods

    models = apps or installed
    try:
        method_model = models.get_model("standards", "Method")
    except LookupError:  # migrated back to before the table existed
        return
    seed_methods(method_model, using)
