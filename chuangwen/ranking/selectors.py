"""Reads of the bureau's ranking, shared by its pages, the API and the bureau's home."""

from __future__ import annotations


def home_panel(user) -> dict | None:
    """What the bureau's home shows of the ranking (``ranking/home_panel.html`` renders it), or
    None when ``user`` supervises no region. The seam between the home pages and this app."""
    return None
