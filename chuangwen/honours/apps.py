from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "chuangwen.honours"
    verbose_name = _("Honours")

    def ready(self):
        from chuangwen.reports.documents import register

        from .certificates import certificate_kind

        post_migrate.connect(_restore_defaults, sender=self)
        register(certificate_kind())


def _restore_defaults(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table,
    the shipped honour types of migration 0002 with them: put them back into an empty table."""
    from django.apps import apps as installed

    from .defaults import seed

    try:
        model = (apps or installed).get_model("honours", "HonourType")
    except LookupError:  # migrated backwards past the table
        return
    seed(model)
