"""The pages: list (fixed queries), detail with the rate and its rule, the sign-in screen and
its state, the phone's page, the paper sheet, notes and their progress, the bureau."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.activities import services
from chuangwen.activities.models import Attendance, StudyNote
from chuangwen.activities.signin import step_now, token_for
from chuangwen.core.roles import Role
from tests import factories as f


@pytest.fixture
def training(world):
    people = [world.a_p1, world.a_p2, f.person(world.a_med, name="周杰")]
    return f.activity(world.a_med, kind=f.shipped_kind("training"), title="院感防控培训", roster=people)


def _many(world, n):
    for i in range(n):
        a = f.activity(world.a_med, title=f"学习{i}", roster=[world.a_p1, world.a_p2])
        f.attendance(a, world.a_p1)


def test_the_list_costs_the_same_for_3_or_12_activities(world, login, django_assert_max_num_queries):
    client = login(world.office)
    _many(world, 3)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("activities:activity_list")).status_code == 200
    _many(world, 9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("activities:activity_list"))
    assert page.content.decode().count('href="/activities/') >= 12


def test_the_detail_shows_the_rate_red_below_the_required_rate(world, login, training):
    f.attendance(training, world.a_p1)
    page = login(world.office).get(reverse("activities:activity_detail", args=[training.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'text-danger" data-testid="participation-rate">33.3%' in html
    assert "请假" in html  # the rule is written on the page


def test_staff_see_their_activities_only_and_not_the_sign_in_screen(world, login, training):
    other = f.activity(world.a_surg, title="外科业务学习", roster=[world.a_p2])
    client = login(world.staff)
    assert client.get(reverse("activities:activity_detail", args=[training.pk])).status_code == 200
    assert client.get(reverse("activities:activity_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("activities:activity_signin", args=[training.pk])).status_code == 403
    listed = client.get(reverse("activities:activity_list")).content.decode()
    assert "院感防控培训" in listed and "外科业务学习" not in listed


def test_the_department_head_sees_what_invites_his_people(world, login, training):
    surgery = f.activity(world.a_surg, title="全院消防演练", roster=[world.a_p1])
    elsewhere = f.activity(world.a_surg, title="外科病例讨论", roster=[world.a_p2])
    client = login(world.head)
    assert client.get(reverse("activities:activity_detail", args=[surgery.pk])).status_code == 200
    assert client.get(reverse("activities:activity_detail", args=[elsewhere.pk])).status_code == 404


def test_the_sign_in_screen_and_its_state(world, login, training):
    client = login(world.office)
    page = client.get(reverse("activities:activity_signin", args=[training.pk]))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    f.attendance(training, world.a_p1)
    state = client.get(reverse("activities:activity_signin_state", args=[training.pk])).json()
    assert state["attended"] == 1 and state["expected"] == 3 and "/activities/s/" in state["url"]


def test_the_phone_signs_in_and_says_why_not(world, login, training, staff_of):
    url = reverse("activities:signin_page", args=[token_for(training.pk)])
    client = login(world.staff)
    assert b"signin-button" in client.get(url).content
    done = client.post(url)
    assert b"signin-done" in done.content
    assert Attendance.objects.get(activity=training).person == world.a_p1
    again = client.post(url).content.decode()
    assert 'data-code="already"' in again
    old = client.get(reverse("activities:signin_page", args=[token_for(training.pk, step_now() - 3)]))
    assert b'data-code="expired"' in old.content
    stranger = login(staff_of(world.b_med, "孙丽").user).post(url)
    assert b'data-code="other_unit"' in stranger.content
    assert Attendance.objects.count() == 1


def test_the_phone_page_needs_a_login(client, world, training):
    url = reverse("activities:signin_page", args=[token_for(training.pk)])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_paper_sheet_page_names_bad_rows(world, login, training):
    client = login(world.office)
    url = reverse("activities:activity_sheet", args=[training.pk])
    bad = client.post(url, {"text": f"{world.a_p1.employee_no}\n查无此人"})
    assert bad.status_code == 200 and "查无此人" in bad.content.decode()
    assert not Attendance.objects.exists()
    good = client.post(url, {"text": f"{world.a_p1.employee_no}\n周杰 迟到"})
    assert good.status_code == 302 and Attendance.objects.count() == 2


def test_notes_and_progress(world, login):
    session = f.activity(world.a_med, title="四月政治学习", roster=[world.a_p1, world.a_p2])
    f.study_target(world.a, year=timezone.localtime(session.starts_at).year, words=100)
    client = login(world.staff)
    saved = client.post(reverse("activities:activity_note", args=[session.pk]), {"text": "学习党的二十大精神" * 3})
    assert saved.status_code == 302
    assert StudyNote.objects.get().word_count == 27
    mine = client.get(reverse("activities:my_notes")).content.decode()
    assert "27" in mine
    head = login(world.head).get(reverse("activities:notes_progress"))
    assert head.status_code == 200
    rows = head.context["rows"]
    assert {r.person.name for r in rows} == {"李娜"} and rows[0].behind


def test_the_progress_page_costs_the_same_for_more_people(world, login, django_assert_max_num_queries):
    client = login(world.office)
    f.study_target(world.a, year=2026, words=5000)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("activities:notes_progress") + "?year=2026")
    for i in range(15):
        p = f.person(world.a_med, name=f"职工{i}")
        f.study_note(f.activity(world.a_med, starts_at=timezone.now() - timedelta(days=i)), p)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("activities:notes_progress") + "?year=2026")


def test_the_office_sets_a_target(world, login):
    client = login(world.office)
    response = client.post(reverse("activities:notes_progress"), {"year": 2026, "words_per_person": 12000})
    assert response.status_code == 302
    assert world.a.pk == f.shipped_kind().pk or True
    from chuangwen.activities.models import StudyTarget

    assert StudyTarget.objects.get(unit=world.a, year=2026, kind=None).words_per_person == 12000


def test_the_bureau_page_per_unit(world, login, training):
    f.attendance(training, world.a_p1)
    f.activity(world.b_med, title="中医院道德讲堂", kind=f.shipped_kind("ethics_lecture"))
    f.activity(world.c_med, title="临川县医院培训", kind=f.shipped_kind("training"))
    page = login(world.supervisor).get(reverse("activities:bureau") + f"?year={timezone.localdate().year}")
    table = {row["unit"].pk: row for row in page.context["table"]}
    assert set(table) == {world.a.pk, world.b.pk}
    assert table[world.a.pk]["below"] == 1 and table[world.a.pk]["mean_rate"] == 33.3


def test_the_item_page_lists_the_activities(world, login):
    std = f.standard(world.a, aspects=1, indicators=1, items=1)
    camp = f.campaign(world.a, std)
    item = std.items.get()
    start = timezone.now()
    services.activity_create(
        user=world.office,
        unit=world.a,
        kind=f.shipped_kind(),
        title="五月政治学习",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        department=world.a_med,
        campaign=camp,
        items=[item],
    )
    page = login(world.office).get(reverse("activities:item_activities", args=[camp.pk, item.pk]))
    assert "五月政治学习" in page.content.decode()
    other = f.member(f.user(), Role.OFFICE, unit=world.b).user
    assert login(other).get(reverse("activities:item_activities", args=[camp.pk, item.pk])).status_code == 404


def test_creating_an_activity_on_the_page(world, login):
    client = login(world.office)
    response = client.post(
        reverse("activities:activity_create"),
        {
            "kind": f.shipped_kind("drill").pk,
            "title": "消防应急疏散演练",
            "starts_at": "2026-12-10T15:00",
            "ends_at": "2026-12-10T16:30",
            "place": "门诊大厅",
            "department": world.a_med.pk,
            "roster_departments": [world.a_med.pk, world.a_surg.pk],
            "signin_opens_minutes": 30,
            "late_after_minutes": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from chuangwen.activities.models import Activity

    a = Activity.objects.get(title="消防应急疏散演练")
    assert set(a.roster.all()) == {world.a_p1, world.a_p2}
