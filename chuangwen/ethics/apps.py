from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "chuangwen.ethics"
    verbose_name = _("Medical ethics evaluation")

    def ready(self):
        from chuangwen.reports.documents import register

        from .form_template import form_kind

        post_migrate.connect(_restore_defaults, sender=self)
        register(form_kind())


def _restore_defaults(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table,
    the shared veto acts of migration 0002 with them: put them back into an empty table."""
    from django.apps import apps as installed

    from .defaults import veto_acts_seed

    try:
        model = (apps or installed).get_model("ethics", "VetoAct")
    except LookupError:  # migrated backwards past the table
        return
    veto_acts_seed(model)
