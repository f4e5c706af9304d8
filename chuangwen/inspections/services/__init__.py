"""Writes of the inspections app, by subject: ``rounds``, ``states`` (the finding state machine),
``findings`` (the rectification loop), ``photos``, ``notifications``. Callers import from the
module that holds the function."""
