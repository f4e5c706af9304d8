"""The ranking of a month as .xlsx (辖区单位创建排名), written by ``core.xlsx``: the same rows,
order and figures as the page."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuangwen.core.xlsx import XlsxBook, XlsxColumn
from chuangwen.standards.models import TitleLevel


def _value(v):
    return "" if v is None else float(v)


def ranking_workbook(month, rows, *, computed_at=None) -> bytes:
    columns = [
        XlsxColumn(_("Rank"), 7, align="center"),
        XlsxColumn(_("Unit"), 26),
        XlsxColumn(_("Target title"), 14),
        XlsxColumn(_("Score (%)"), 10),
        XlsxColumn(_("Projected (%)"), 10),
        XlsxColumn(_("Pass line (%)"), 10),
        XlsxColumn(_("Pass line reached"), 10, align="center"),
        XlsxColumn(_("Title vetoes"), 10),
        XlsxColumn(_("Tasks overdue"), 10),
        XlsxColumn(_("Findings open"), 10),
        XlsxColumn(_("Findings overdue"), 10),
        XlsxColumn(_("Rectification rate (%)"), 12),
        XlsxColumn(_("Satisfaction index"), 10),
        XlsxColumn(_("Complaints overdue"), 10),
        XlsxColumn(_("Ethics vetoes"), 10),
        XlsxColumn(_("Volunteer hours per person"), 12),
    ]
    levels = dict(TitleLevel.choices)
    book = XlsxBook()
    title = _("Ranking of the units, %(month)s") % {"month": f"{month:%Y-%m}"}
    sheet = book.sheet(_("Ranking"), columns, title=title)
    for r in rows:
        reached = "" if r.reached is None else (_("Yes") if r.reached else _("No"))
        sheet.append(
            [
                r.rank,
                r.unit.name,
                str(levels.get(r.target_level, "")),
                _value(r.score_percent),
                _value(r.projected_percent),
                _value(r.pass_percent),
                reached,
                r.title_vetoes,
                r.tasks_overdue,
                r.findings_open,
                r.findings_overdue,
                _value(r.rectification_rate),
                _value(r.satisfaction_index),
                r.complaints_overdue,
                r.ethics_vetoes,
                _value(r.volunteer_hours),
            ]
        )
    return book.save()
