"""Writes of the inspections app, by subject: ``rounds`` (planning rounds), ``states`` (the
finding's state machine), ``findings`` (the actions on a finding), ``photos`` (checking
uploads) and ``notifications`` (who hears of a step). Callers import from the module that holds
the function."""

# ``escalation.py`` (being rewritten by the escalation part of issue 12) still calls these two
# through the package; it imports them from ``findings`` / ``notifications`` after that rewrite.
from .findings import finding_escalate
from .notifications import finding_url

__all__ = ["finding_escalate", "finding_url"]
