"""``manage.py holidays``: the working-day calendar from the command line (``core.holidays``).

    manage.py holidays import 2027.csv --source "国务院办公厅关于2027年部分节假日安排的通知"
    manage.py holidays add 2027-02-06 --until 2027-02-13 --kind holiday --name 春节
    manage.py holidays add 2027-02-20 --kind working --name 春节
    manage.py holidays seed      # the years a newer chinesecalendar ships
    manage.py holidays status    # the years entered, and those missing

A file is checked as a whole: a bad row is named and nothing is written."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core import holidays, workdays
from chuangwen.core.models import CalendarDay, CalendarYear


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2027-02-06.") from None


class Command(BaseCommand):
    help = "Enter, import or list the public holidays and adjusted working days (调休)."
    requires_system_checks = []  # not chuangwen.W001 again while it is being answered

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import one year's notice from a CSV or YAML file.")
        imp.add_argument("file")
        imp.add_argument("--source", default="", help="The notice the file comes from.")
        imp.add_argument("--replace", action="store_true", help="Replace the days of a year already entered.")
        imp.add_argument("--user", default="", help="Username recorded as having entered it.")
        add = sub.add_parser("add", help="Add one day, or a run of holidays with --until.")
        add.add_argument("date", type=_date)
        add.add_argument("--until", type=_date, default=None)
        add.add_argument("--kind", required=True, choices=[k.value for k in CalendarDay.Kind])
        add.add_argument("--name", required=True, help="e.g. 春节")
        add.add_argument("--year", type=int, default=None, help="The notice's year (default: the date's).")
        add.add_argument("--source", default="", help="The notice, when the year is new.")
        add.add_argument("--user", default="")
        sub.add_parser("seed", help="Enter the years chinesecalendar ships that are not entered yet.")
        sub.add_parser("status", help="List the years entered and those missing.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _user(self, username: str):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _import(self, *, file, source, replace, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        try:
            calendar = holidays.calendar_file_read(name=path.name, content=path.read_bytes())
            entry = holidays.calendar_import(calendar=calendar, user=self._user(user), source=source, replace=replace)
        except holidays.CalendarInputError as exc:
            raise CommandError(_("%(file)s: nothing imported.") % {"file": path.name} + f"\n{exc}") from None
        done = _("%(year)s entered: %(n)s days.") % {"year": entry.year, "n": len(calendar.days)}
        self.stdout.write(self.style.SUCCESS(f"{done} ({entry.source})"))

    def _add(self, *, date, until, kind, name, year, source, user, **options):
        try:
            days = holidays.calendar_day_add(
                day=date, until=until, kind=kind, name=name, year=year, source=source, user=self._user(user)
            )
        except holidays.CalendarInputError as exc:
            raise CommandError(str(exc)) from None
        for d in days:
            self.stdout.write(f"{d.date.isoformat()} {d.kind} {d.name} ({d.calendar_year.year})")

    def _seed(self, **options):
        years = holidays.calendar_seed()
        self.stdout.write(f"Entered from chinesecalendar: {', '.join(map(str, years)) or 'nothing new'}.")

    def _status(self, **options):
        for entry in CalendarYear.objects.order_by("-year")[:5]:
            self.stdout.write(f"{entry.year}: {entry.days.count()} days, {entry.source}")
        missing = workdays.years_missing(today=timezone.localdate())
        if missing:
            self.stdout.write(self.style.WARNING(f"Not entered yet: {', '.join(map(str, missing))}."))
