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
        post_migrate.connect(_restore_calendar, sender=self)


def _create_cache_table(using, **kwargs):
    """The embedded mode's database cache lives in a table no migration makes: every `migrate`
    (the demo's, a benchmark's, a fresh installation's) makes it too, when it is missing."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def _restore_calendar(using, apps=None, **kwargs):
    """``flush`` (``load_demo --reset``, transactional tests) empties every table, the calendar
    that migration 0004 seeded from chinesecalendar with it: seed it again, only into an empty
    table (the years entered by hand are kept by never flushing a live database)."""
    from django.apps import apps as installed

    from .holidays import calendar_seed

    models = apps or installed
    try:
        year_model = models.get_model("core", "CalendarYear")
        day_model = models.get_model("core", "CalendarDay")
    except LookupError:  # migrated back to before the calendar existed
        return
    if not year_model.objects.using(using).exists():
        calendar_seed(year_model=year_model, day_model=day_model)
