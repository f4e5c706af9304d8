"""The working-day calendar as data: seeded from chinesecalendar, next year's notice entered in
the admin or with ``manage.py holidays``, and warned about while it is missing.

The 2027 arrangement below is NOT the published notice (it was not at hand when this was
written): a plausible one in the shape of 2026's, Spring Festival 5–13 February with two weekend
days worked (Sunday 31 January, Saturday 20 February)."""

import time
from datetime import date

import pytest
from chinese_calendar import constants
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from chuangwen.core import holidays, workdays
from chuangwen.core.models import CalendarDay, CalendarYear
from chuangwen.core.roles import Role
from chuangwen.dashboard import progress
from chuangwen.feedback import services
from chuangwen.feedback.services import deadline_for
from tests import factories as f
from tests.feedback.conftest import at

pytestmark = pytest.mark.django_db

NOTICE_2027 = """date,until,kind,name
2027-01-01,2027-01-03,holiday,元旦
2027-01-31,,working,春节
2027-02-05,2027-02-13,holiday,春节
2027-02-20,,working,春节
"""


@pytest.fixture
def make(world):
    """A complaint received by hospital A's office at ``received_at``."""

    def _make(received_at):
        return services.complaint_create(
            unit=world.a,
            user=world.office,
            channel="phone",
            category="attitude",
            content="门诊输液室护士态度生硬。",
            department=world.a_med,
            received_at=received_at,
        )

    return _make


@pytest.fixture
def notice(tmp_path):
    def _write(text, name="2027.csv"):
        path = tmp_path / name
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return str(path)

    return _write


@pytest.fixture
def enter_2027(notice):
    def _enter():
        call_command("holidays", "import", notice(NOTICE_2027), "--source", "测试用2027年安排", stdout=_Sink())

    return _enter


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def _w001(monkeypatch, today):
    monkeypatch.setattr(workdays, "local_today", lambda: today)
    return [m for m in run_checks() if m.id == "chuangwen.W001"]


def test_the_seed_holds_every_year_chinesecalendar_ships():
    years = CalendarYear.objects.order_by("year")
    assert list(years.values_list("year", flat=True)) == list(range(2004, 2027))
    assert all(y.source == "chinesecalendar 1.11.0" for y in years)
    assert CalendarDay.objects.count() == len(constants.holidays) + len(constants.workdays)
    assert CalendarDay.objects.filter(date__year=2026, kind="holiday", name="春节").count() == 9
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).kind == "working"
    assert CalendarDay.objects.get(date=date(2015, 9, 3)).name == "抗战胜利纪念日"
    # Breaks named as the notices name them.
    assert set(CalendarDay.objects.filter(date__year=2025).values_list("name", flat=True)) == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "国庆节",
        "中秋节",
    }


def test_before_2027_is_entered_its_deadlines_count_weekends_only(make):
    # Wed 2-03 → Thu 4, Fri 5, Mon 8, Tue 9, Wed 10: inside the (real) Spring Festival break.
    assert deadline_for(date(2027, 2, 3)) == date(2027, 2, 10)
    assert make(received_at=at(2027, 2, 3)).deadline == date(2027, 2, 10)
    assert deadline_for(date(2027, 1, 29)) == date(2027, 2, 5)


def test_the_missing_year_is_warned_from_the_first_of_november(monkeypatch):
    assert workdays.years_missing(today=date(2026, 10, 31)) == []
    assert workdays.years_missing(today=date(2026, 11, 1)) == [2027]
    assert workdays.years_missing(today=date(2027, 3, 1)) == [2027]
    assert workdays.years_missing(today=date(2026, 6, 1)) == []
    assert _w001(monkeypatch, date(2026, 10, 31)) == []
    (warning,) = _w001(monkeypatch, date(2026, 11, 1))
    assert "2027" in warning.msg and "manage.py holidays import" in warning.hint
    assert [w.msg for w in _w001(monkeypatch, date(2027, 11, 2))] == [
        warning.msg,
        warning.msg.replace("2027", "2028"),
    ]


def test_once_2027_is_entered_a_complaint_is_due_after_the_spring_festival(enter_2027, make, monkeypatch):
    enter_2027()
    # Wed 2-03 → Thu 4 (1), 5–13 off, Sun 14, Mon 15 (2) … Thu 18 (5).
    assert make(received_at=at(2027, 2, 3)).deadline == date(2027, 2, 18)
    assert deadline_for(date(2027, 2, 3)) == date(2027, 2, 18)
    # Fri 1-29 → Sun 31 worked (1), Mon 1 … Thu 4 (5).
    assert deadline_for(date(2027, 1, 29)) == date(2027, 2, 4)
    # Tue 2-16 → Wed 17, Thu 18, Fri 19, Sat 20 worked, Mon 22.
    assert deadline_for(date(2027, 2, 16)) == date(2027, 2, 22)
    assert workdays.is_working_day(date(2027, 1, 31)) and not workdays.is_working_day(date(2027, 2, 8))
    assert workdays.working_days_between(date(2027, 2, 3), date(2027, 2, 18)) == 5
    assert workdays.years_missing(today=date(2026, 12, 1)) == []
    assert _w001(monkeypatch, date(2026, 12, 1)) == []


def test_the_calendar_is_read_once_and_again_after_a_change(django_assert_num_queries, monkeypatch):
    with django_assert_num_queries(2):  # its days and its years
        assert deadline_for(date(2026, 9, 30)) == date(2026, 10, 13)
    with django_assert_num_queries(0):
        assert deadline_for(date(2026, 12, 30)) == date(2027, 1, 6)
        assert workdays.years_missing(today=date(2026, 12, 1)) == [2027]
    # A change here is seen at once: Thu 31 off, then Fri 1, Mon 4 … Thu 7.
    f.calendar_day(CalendarYear.objects.get(year=2026), date(2026, 12, 31), name="元旦")
    assert deadline_for(date(2026, 12, 30)) == date(2027, 1, 7)
    # One made by another process (no signal here) is seen once the copy is CACHE_SECONDS old.
    CalendarDay.objects.filter(date=date(2026, 12, 31)).update(kind="working")  # (not a weekend: test only)
    assert deadline_for(date(2026, 12, 30)) == date(2027, 1, 7)
    later = time.monotonic() + workdays.CACHE_SECONDS + 1
    monkeypatch.setattr(workdays.time, "monotonic", lambda: later)
    assert deadline_for(date(2026, 12, 30)) == date(2027, 1, 6)


@pytest.mark.parametrize(
    "who,today,shown",
    [
        ("office", date(2026, 11, 1), True),
        ("admin", date(2026, 11, 1), True),
        ("office", date(2026, 10, 31), False),
        ("staff", date(2026, 12, 1), False),
        ("head", date(2026, 12, 1), False),
    ],
)
def test_the_home_page_warns_the_admin_and_the_offices(world, login, monkeypatch, who, today, shown):
    monkeypatch.setattr(progress, "local_today", lambda: today)
    html = login(getattr(world, who)).get("/").content.decode()
    assert ('data-testid="calendar-warning"' in html) == shown
    if shown:
        assert "2027 年的法定节假日和调休上班日尚未录入" in html and "节假日年度安排" in html


def test_the_warning_links_to_the_admin_page_for_those_who_may_enter_it(world, login, monkeypatch):
    monkeypatch.setattr(progress, "local_today", lambda: date(2026, 12, 1))
    link = reverse("admin:core_calendaryear_changelist")
    assert link not in login(world.office).get("/").content.decode()
    root = f.user("root", is_superuser=True, is_staff=True)
    f.member(root, Role.ADMIN, region=world.city)
    html = login(root).get("/").content.decode()
    assert 'data-testid="calendar-warning"' in html and link in html


def test_the_warning_goes_once_the_year_is_entered(world, login, monkeypatch, enter_2027):
    monkeypatch.setattr(progress, "local_today", lambda: date(2026, 12, 1))
    assert 'data-testid="calendar-warning"' in login(world.office).get("/").content.decode()
    enter_2027()
    assert 'data-testid="calendar-warning"' not in login(world.office).get("/").content.decode()


def test_import_refuses_a_bad_file_naming_each_bad_row(notice):
    bad = (
        NOTICE_2027
        + "2027-02-30,,holiday,春节\n2027-03-08,,working,春节\n2027-04-05,,off,清明节\n2027-04-04,,holiday,\n"
    )
    with pytest.raises(CommandError) as exc:
        call_command("holidays", "import", notice(bad))
    text = str(exc.value)
    assert "2027.csv：未导入任何内容" in text
    assert "第 6 行：日期“2027-02-30”无效，格式应如 2027-02-06。\n" in text
    assert "第 7 行：2027-03-08 是工作日：只有周六或周日才能设为调休上班日。\n" in text
    assert "第 8 行：类型“off”无效" in text
    assert "第 9 行：缺少节日名称" in text
    assert "第 2 行" not in text
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    "text,message",
    [
        (NOTICE_2027 + "2027-02-06,,holiday,春节\n", "第 6 行：2027-02-06 与第 4 行重复"),
        (NOTICE_2027 + "2028-01-01,,holiday,元旦\n", "不在 2028 年（或上一年 12 月）内"),
        ("日期,名称\n2027-01-01,元旦\n", "缺少：kind"),
        ("date,kind,name\n", "文件中没有任何日期"),
        (
            "date,until,kind,name\n2027-02-05,2027-02-01,holiday,春节\n",
            "第 2 行：截止日期 2027-02-01 须在 2027-02-05 之后",
        ),
    ],
)
def test_import_refuses(notice, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("holidays", "import", notice(text))
    assert not CalendarYear.objects.filter(year__gte=2027).exists()


def test_chinese_headers_and_excel_gb18030(notice):
    text = "日期,至,类型,名称\n2027-02-05,2027-02-13,放假,春节\n2027-02-20,,上班,春节\n"
    call_command("holidays", "import", notice(text.encode("gb18030")), stdout=_Sink())
    assert CalendarDay.objects.filter(date__year=2027, kind="holiday").count() == 9
    assert CalendarDay.objects.get(date=date(2027, 2, 20)).kind == "working"


def test_a_yaml_notice(notice):
    text = """year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
days:
  - {date: 2026-12-31, until: 2027-01-02, kind: holiday, name: 元旦}
  - {date: 2027-02-05, until: 2027-02-13, kind: holiday, name: 春节}
  - {date: 2027-02-20, kind: working, name: 春节}
"""
    call_command("holidays", "import", notice(text, "2027.yaml"), stdout=_Sink())
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source == "国务院办公厅关于2027年部分节假日安排的通知"
    assert entry.days.count() == 13 and CalendarDay.objects.get(date=date(2026, 12, 31)).calendar_year == entry
    with pytest.raises(CommandError, match="第 2 条：日期“2027-02-31”无效"):
        call_command(
            "holidays",
            "import",
            notice(
                "- {date: 2027-02-05, kind: holiday, name: 春节}\n- {date: '2027-02-31', kind: holiday, name: 春节}\n",
                "x.yml",
            ),
        )


@pytest.mark.parametrize(
    "text,message",
    [
        ("days:\n  - &d {date: 2027-02-05, kind: holiday, name: 春节}\n  - *d\n", "2027.yaml”第 2 行使用了锚点或别名"),
        ("year: [2027]\ndays: []\n", "“year”须为年份"),
        ("days: {date: 2027-02-05}\n", "YAML 须为日期列表"),
        ("days:\n  - [2027-02-05, holiday, 春节]\n", "第 1 条：请填写 date、kind 和 name"),
        ("days: [\n", "YAML 无法解析（第 2 行）"),
    ],
)
def test_a_yaml_file_is_refused(notice, text, message):
    with pytest.raises(CommandError, match=message):
        call_command("holidays", "import", notice(text, "2027.yaml"))
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_year_already_entered_is_replaced_only_when_asked(notice, enter_2027):
    enter_2027()
    amended = NOTICE_2027.replace("2027-02-13", "2027-02-15")  # two more days off, Sunday and Monday
    with pytest.raises(CommandError, match="2027 年已录入（测试用2027年安排）"):
        call_command("holidays", "import", notice(amended))
    user = f.user("calendar_admin")
    call_command("holidays", "import", notice(amended), "--replace", "--user", "calendar_admin", stdout=_Sink())
    entry = CalendarYear.objects.get(year=2027)
    assert entry.days.count() == 16 and entry.entered_by == user and entry.source == "导入文件"
    assert CalendarDay.history.filter(date=date(2027, 2, 15), history_type="+").get().history_user == user
    assert CalendarDay.history.filter(date__year=2027, history_type="-").count() == 14
    assert deadline_for(date(2027, 2, 3)) == date(2027, 2, 19)


def test_a_day_entered_for_another_year_is_refused(notice):
    f.calendar_day(CalendarYear.objects.get(year=2026), date(2026, 12, 31), name="元旦")
    with pytest.raises(CommandError, match="第 2 行：2026-12-31 已录入在 2026 年的安排中"):
        call_command("holidays", "import", notice("date,kind,name\n2026-12-31,holiday,元旦\n2027-01-01,holiday,元旦\n"))


def test_add_a_break_and_a_worked_weekend_by_hand():
    out = _Sink()
    call_command(
        "holidays", "add", "2027-02-05", "--until", "2027-02-13", "--kind", "holiday", "--name", "春节", stdout=out
    )
    call_command("holidays", "add", "2027-02-20", "--kind", "working", "--name", "春节", stdout=out)
    assert "2027-02-13 holiday 春节 (2027)" in out.text
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source == "手工录入" and entry.days.count() == 10
    assert CalendarDay.history.filter(date=date(2027, 2, 20)).count() == 1
    assert deadline_for(date(2027, 2, 3)) == date(2027, 2, 18)
    # No worked Sunday 31 January entered here: Fri 1-29 → Mon 1 … Thu 4, Mon 15.
    assert deadline_for(date(2027, 1, 29)) == date(2027, 2, 15)
    with pytest.raises(CommandError, match="2027-02-08 是工作日"):
        call_command("holidays", "add", "2027-02-08", "--kind", "working", "--name", "春节")
    with pytest.raises(CommandError, match="2027-02-05 已录入，请修改原记录"):
        call_command("holidays", "add", "2027-02-05", "--kind", "holiday", "--name", "春节")


def test_seed_again_adds_nothing_and_status_names_the_missing_year(monkeypatch):
    out = _Sink()
    call_command("holidays", "seed", stdout=out)
    assert "nothing new" in out.text
    assert holidays.calendar_seed() == []
    monkeypatch.setattr(workdays, "years_missing", lambda today: [2027])
    call_command("holidays", "status", stdout=out)
    assert "2026: 39 days, chinesecalendar 1.11.0" in out.text and "Not entered yet: 2027." in out.text


def test_a_saved_day_is_checked_as_in_a_file():
    entry = f.calendar_year(2027)
    day = CalendarDay(calendar_year=entry, date=date(2027, 2, 8), kind="working", name="春节")
    with pytest.raises(Exception, match="只有周六或周日"):
        day.full_clean()
    day = CalendarDay(calendar_year=entry, date=date(2025, 2, 8), kind="holiday", name="春节")
    with pytest.raises(Exception, match="不在 2027 年"):
        day.full_clean()


@pytest.fixture
def superuser_client(client):
    client.force_login(f.user("root", is_superuser=True, is_staff=True))
    return client


def test_the_admin_imports_a_file_and_refuses_a_bad_one(superuser_client, tmp_path):
    url = reverse("admin:core_calendaryear_import")
    page = superuser_client.get(reverse("admin:core_calendaryear_changelist")).content.decode()
    assert "节假日年度安排" in page and url in page
    bad = tmp_path / "bad.csv"
    bad.write_text(NOTICE_2027 + "2027-03-08,,working,春节\n")
    with bad.open("rb") as fh:
        resp = superuser_client.post(url, {"file": fh, "source": "国办通知"})
    assert resp.status_code == 200 and "第 6 行：2027-03-08 是工作日" in resp.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    good = tmp_path / "good.csv"
    good.write_text(NOTICE_2027)
    with good.open("rb") as fh:
        resp = superuser_client.post(url, {"file": fh, "source": "国办通知"})
    assert resp.status_code == 302
    entry = CalendarYear.objects.get(year=2027)
    assert entry.source == "国办通知" and entry.entered_by.username == "root" and entry.days.count() == 14


def test_the_admin_enters_a_year_with_its_days_on_one_page(superuser_client):
    url = reverse("admin:core_calendaryear_add")

    def post(*days):
        data = {"year": "2027", "source": "国办通知", "days-TOTAL_FORMS": str(len(days)), "days-INITIAL_FORMS": "0"}
        for i, (day, kind) in enumerate(days):
            data |= {f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": "春节"}
        return superuser_client.post(url, data)

    resp = post(("2027-02-05", "holiday"), ("2027-02-08", "working"))
    assert resp.status_code == 200 and "2027-02-08 是工作日" in resp.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert post(("2027-02-05", "holiday"), ("2027-02-20", "working")).status_code == 302
    entry = CalendarYear.objects.get(year=2027)
    assert entry.entered_by.username == "root" and entry.days.count() == 2
    assert deadline_for(date(2027, 2, 4)) == date(2027, 2, 12)


def test_office_users_cannot_reach_the_calendar_admin(world, login):
    resp = login(world.office).get(reverse("admin:core_calendaryear_import"))
    assert resp.status_code == 302 and "/admin/login/" in resp["Location"]
