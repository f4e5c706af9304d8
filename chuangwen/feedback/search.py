"""Chinese search of complaints. Chinese has no spaces between words, so there is nothing to
tokenise: a term matches where it occurs as a substring (LIKE '%term%').

* PostgreSQL: ``search_text__icontains`` is ``UPPER(search_text) LIKE UPPER('%term%')``, which the
  GIN trigram index of migration 0002 serves for terms of 3 characters or more; shorter terms
  (a 2-character name, 收费) have no trigram and run as the same plain LIKE, without the index.
* SQLite: the plain LIKE.

Each whitespace-separated term must match (AND). A term matches the reference, the department
names and the text; it matches the complainant's name only on rows whose contact the user may
see, so that a masked name cannot be found out by searching for it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .selectors import contact_rows_q

MAX_TERMS = 5
MAX_TERM_LENGTH = 50


def terms(query: str) -> list[str]:
    """The search terms of ``query`` (split on any whitespace, including the full-width space)."""
    words = [w[:MAX_TERM_LENGTH] for w in (query or "").replace("\u3000", " ").split()]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(queryset: QuerySet, query: str, user) -> QuerySet:
    """``queryset`` narrowed to the complaints matching every term of ``query``."""
    words = terms(query)
    if not words:
        return queryset
    contact_ok = contact_rows_q(user)
    for word in words:
        by_name = Q(complainant_name__icontains=word) & contact_ok
        by_phone = Q(complainant_phone=word) & contact_ok
        queryset = queryset.filter(Q(search_text__icontains=word) | by_name | by_phone)
    return queryset
