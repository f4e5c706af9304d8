"""Writes of the scoring app, by subject: ``ledger`` (the one writer of ledger entries and
counter-entries), ``items`` (assessments of standard items), ``departments`` (量化考核 schemes,
the office's entries and corrections), ``appeals`` (申诉 filed and decided). The ledger's two
writers are re-exported here, since every feeder of every app calls them."""

from .ledger import entry_add, entry_correct

__all__ = ["entry_add", "entry_correct"]
