"""三会一课: the branch's calendar (done / due / late per period) and the daily reminders to the
secretary (acceptance 4: a branch without its 支委会 in October shows it late on 1 November and
its secretary was reminded before the month ended; the quarterly 党员大会 likewise)."""

import datetime

from django.core.management import call_command

from chuangwen.dashboard.models import Notification
from chuangwen.party import calendar, reminders
from chuangwen.party.tasks import party_reminders_daily

D = datetime.date


def _cell(rows, code, label, group=None):
    for row in rows:
        if row["type"].code == code and row["group"] == group:
            return next(c for c in row["cells"] if c.label == label)
    raise AssertionError(code)


def test_october_without_committee_is_late_on_1_november_and_the_secretary_was_reminded(pw, hold):
    for month in range(1, 10):
        hold("committee", D(2026, month, 10))
    # 25 October: a week left in the month and no 支委会: the job reminds the secretary.
    assert reminders.reminders_send(today=D(2026, 10, 24)) == 0  # 7 days left: not yet
    party_reminders_daily.enqueue(today="2026-10-25")
    notes = Notification.objects.filter(user=pw.secretary, kind=reminders.KIND)
    committee = [n for n in notes if "支委会" in n.title]
    assert len(committee) == 1 and "10月" in committee[0].title and "2026-10-31" in committee[0].body
    # The next days' runs send nothing new for it (one reminder per period).
    call_command("party_reminders", "--now", "--date", "2026-10-30")
    assert Notification.objects.filter(user=pw.secretary, title=committee[0].title).count() == 1
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2026, 11, 1))
    assert _cell(rows, "committee", "10月").status == calendar.LATE
    assert _cell(rows, "committee", "9月").status == calendar.DONE
    assert _cell(rows, "committee", "11月").status == calendar.DUE
    assert _cell(rows, "committee", "12月").status == calendar.UPCOMING
    # On 31 October it was still only due.
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2026, 10, 31))
    assert _cell(rows, "committee", "10月").status == calendar.DUE


def test_the_quarterly_members_meeting(pw, hold):
    hold("members", D(2026, 2, 20))  # Q1 held
    # Q2 without it: reminded in its last 15 days (from 16 June), late on 1 July.
    assert not [d for d in reminders.reminder_drafts(today=D(2026, 6, 15)) if "党员大会" in d.title]
    due = [d for d in reminders.reminder_drafts(today=D(2026, 6, 16)) if "党员大会" in d.title]
    assert len(due) == 1 and "第2季度" in due[0].title and due[0].user_id == pw.secretary.pk
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2026, 7, 1))
    assert _cell(rows, "members", "第1季度").status == calendar.DONE
    assert _cell(rows, "members", "第2季度").status == calendar.LATE
    assert _cell(rows, "members", "第3季度").status == calendar.DUE
    # A meeting in May would have counted for the quarter.
    hold("members", D(2026, 5, 8))
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2026, 7, 1))
    assert _cell(rows, "members", "第2季度").status == calendar.DONE
    assert not [d for d in reminders.reminder_drafts(today=D(2026, 6, 20)) if "党员大会" in d.title]


def test_group_meetings_are_due_per_group(pw, hold):
    hold("group", D(2026, 3, 5), group=pw.g1)
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2026, 4, 1))
    assert _cell(rows, "group", "3月", pw.g1).status == calendar.DONE
    assert _cell(rows, "group", "3月", pw.g2).status == calendar.LATE
    drafts = [d for d in reminders.reminder_drafts(today=D(2026, 3, 28)) if "党小组会" in d.title]
    assert len(drafts) == 1 and "第二党小组" in drafts[0].title


def test_yearly_duties_and_an_archived_record(pw, hold):
    m = hold("life", D(2026, 12, 1) - datetime.timedelta(days=1))
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2027, 1, 1))
    assert _cell(rows, "life", "2026年").status == calendar.DONE
    assert _cell(rows, "appraisal", "2026年").status == calendar.LATE
    from chuangwen.party.services import meeting_archive

    meeting_archive(user=pw.office, meeting=m, reason="误录")
    rows = calendar.branch_calendar(pw.branch, year=2026, today=D(2027, 1, 1))
    assert _cell(rows, "life", "2026年").status == calendar.LATE


def test_meeting_types_are_data(pw, hold):
    t = pw.types["theme_day"]
    t.remind_days = 3
    t.save()
    assert not [d for d in reminders.reminder_drafts(today=D(2026, 5, 27)) if "主题党日" in d.title]
    assert [d for d in reminders.reminder_drafts(today=D(2026, 5, 29)) if "主题党日" in d.title]
    t.is_active = False
    t.save()
    assert not [d for d in reminders.reminder_drafts(today=D(2026, 5, 29)) if "主题党日" in d.title]
    assert not [r for r in calendar.branch_calendar(pw.branch, year=2026) if r["type"].code == "theme_day"]
