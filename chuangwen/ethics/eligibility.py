"""Who may not be promoted, honoured or pass the periodic assessment in a year, and why.

The one question other modules ask of the ethics evaluation (honours refuse a nomination with
these reasons; the person's page shows them). A mark comes from a recorded veto act (一票否决) or
a final grade of 较差 in the year's evaluation, and names its source so a page can link to it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    person_id: int
    year: int
    kind: str  # "veto" or "poor_grade"
    reason: str  # in Chinese, e.g. "一票否决：收受红包（2026-05-12）"
    source_url: str = ""


def marks_for(person_ids, year: int) -> dict[int, list[Mark]]:
    """Marks of the given people in ``year`` (one or two queries whatever the number of people).
    People without a mark are absent from the result."""
    return {}
