"""The month's department ranking as .xlsx (科室量化考核排名), written by ``core.xlsx``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chuangwen.core.xlsx import XlsxBook, XlsxColumn


def ranking_workbook(unit, month, rows) -> bytes:
    columns = [
        XlsxColumn(_("Rank"), 8, align="center"),
        XlsxColumn(_("Department"), 18),
        XlsxColumn(_("Base score"), 10),
        XlsxColumn(_("Deductions"), 10),
        XlsxColumn(_("Bonuses"), 10),
        XlsxColumn(_("Score"), 10),
        XlsxColumn(_("Entries"), 8),
    ]
    book = XlsxBook()
    title = f"{unit.name} {month:%Y年%m月}科室量化考核排名"
    sheet = book.sheet(_("Department scores"), columns, title=title)
    for s in rows:
        sheet.append([s.rank, s.department.name, s.base, s.deductions, s.bonuses, s.score, s.entries])
    return book.save()
