from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "chuangwen.core"
    verbose_name = _("Core")

    def ready(self):
        # checks registers the system checks; workdays' copy of the calendar follows changes
        # (signals); export_jobs registers its requester-only scope with the lookups.
        from . import checks, export_jobs, workdays  # noqa: F401

        post_migrate.connect(_create_cache_table, sender=self)


def _create_cache_table(using, **kwargs):
    """The embedded mode's database cache lives in a table no migration makes: every `migrate`
    (the demo's, a benchmark's, a fresh installation's) makes it too, when it is missing."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
