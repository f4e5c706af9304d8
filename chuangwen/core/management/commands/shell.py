"""``manage.py shell`` without the warning about django-simple-history's models.

Django 5.2's shell imports every model by its module path; the history models (HistoricalPerson
and the like) are created at run time and live in no module, so each start printed "29 objects
could not be automatically imported". They are left out here; reach them through the tracked
model (``Person.history``)."""

from django.apps import apps
from django.core.management.commands import shell
from simple_history.models import HistoricalChanges


class Command(shell.Command):
    def get_auto_imports(self):
        history = {f"{m.__module__}.{m.__name__}" for m in apps.get_models() if issubclass(m, HistoricalChanges)}
        return [path for path in super().get_auto_imports() if path not in history]
