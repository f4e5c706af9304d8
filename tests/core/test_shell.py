"""``manage.py shell`` starts without import warnings, with the project's models at hand."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_shell_imports_the_models_without_warnings(capsys):
    call_command("shell", command="print(Person.__name__, Complaint.objects.count())", verbosity=1)
    out = capsys.readouterr()
    assert "Person 0" in out.out
    assert "could not be automatically imported" not in out.out + out.err


def test_history_models_stay_reachable_through_their_model(capsys):
    call_command("shell", command="print(Person.history.model.__name__)", verbosity=0)
    assert capsys.readouterr().out.strip() == "HistoricalPerson"
