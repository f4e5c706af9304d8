"""The pages: rounds, recording on a phone, the finding with the forms each user may use,
a stale answer, the list with its filters, fixed query counts and a capped count."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.inspections import selectors
from chuangwen.inspections.models import Finding, InspectionRound
from chuangwen.inspections.services.findings import finding_record, finding_respond

from .conftest import date_days, photo


@pytest.fixture
def en(client):
    """``en(user)``: a client logged in as ``user`` reading the pages in English."""

    def _en(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch's choice
        return client

    return _en


def test_office_plans_a_self_check_with_a_checklist(world, insp, en):
    c = en(world.office)
    page = c.get(reverse("inspections:round_create"))
    assert page.status_code == 200
    r = c.post(
        reverse("inspections:round_create"),
        {
            "owner_unit": world.a.pk,
            "kind": "self_check",
            "title": "11月环境卫生自查",
            "starts_on": str(date_days(0)),
            "ends_on": str(date_days(3)),
            "target_units": [world.a.pk],
            "target_departments": [world.a_med.pk],
            "inspectors": [world.inspector.pk],
            "items": [insp.items[2].pk],
            "free_checks": "卫生间清洁无异味\n候诊区秩序良好",
        },
    )
    rnd = InspectionRound.objects.get(title="11月环境卫生自查")
    assert r.status_code == 302 and r.url == reverse("inspections:round_detail", args=[rnd.pk])
    assert list(rnd.checklist.order_by("order").values_list("text", flat=True)) == [
        "测评项目1.1.3",
        "卫生间清洁无异味",
        "候诊区秩序良好",
    ]
    html = c.get(r.url).content.decode()
    assert 'data-testid="record-finding"' in html and "卫生间清洁无异味" in html


def test_round_form_shows_service_errors(world, insp, en):
    c = en(world.office)
    r = c.post(
        reverse("inspections:round_create"),
        {
            "owner_unit": world.a.pk,
            "kind": "self_check",
            "title": "x",
            "starts_on": str(date_days(2)),
            "ends_on": str(date_days(0)),
            "target_units": [world.a.pk],
        },
    )
    assert r.status_code == 200
    assert "The round cannot end before it starts." in r.content.decode()


@pytest.mark.parametrize("who", ["head", "staff", "inspector", "secretary"])
def test_only_planners_plan(world, insp, en, who):
    assert en(getattr(world, who)).get(reverse("inspections:round_create")).status_code == 403


def test_inspector_records_with_several_photos(world, insp, en):
    c = en(world.inspector)
    url = reverse("inspections:finding_create", args=[insp.self_round.pk])
    form = c.get(url).content.decode()
    assert 'accept="image/*"' in form and 'capture="environment"' in form and "multiple" in form
    assert "deadline" not in form  # only the office dispatches while recording
    r = c.post(
        url,
        {
            "unit": world.a.pk,
            "department": world.a_med.pk,
            "item": insp.items[1].pk,
            "description": "医务人员未佩戴工作牌",
            "location": "内科护士站",
            "severity": "minor",
            "points_deducted": "0.5",
            "photos": [photo("1.jpg"), photo("2.jpg")],
        },
    )
    finding = Finding.objects.get()
    assert r.status_code == 302 and r.url == reverse("inspections:finding_detail", args=[finding.pk])
    assert finding.photos.count() == 2 and finding.found_by == world.inspector
    html = c.get(r.url).content.decode()
    assert html.count('data-testid="photo-link"') == 2
    assert 'data-kind="recorded"' in html
    assert 'data-testid="dispatch-form"' not in html and 'data-testid="recheck-form"' not in html


def test_a_bad_photo_keeps_the_form_and_writes_nothing(world, insp, en):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = en(world.inspector)
    r = c.post(
        reverse("inspections:finding_create", args=[insp.self_round.pk]),
        {
            "unit": world.a.pk,
            "description": "卫生间不洁",
            "severity": "general",
            "points_deducted": "0",
            "photos": [SimpleUploadedFile("厕所.jpg", b"no photo")],
        },
    )
    assert r.status_code == 200
    assert "“厕所.jpg” is not a JPEG or PNG photo" in r.content.decode()
    assert not Finding.objects.exists()


def test_office_dispatches_head_responds_inspector_rechecks(world, insp, record, en):
    finding = record()
    c = en(world.office)
    html = c.get(reverse("inspections:finding_detail", args=[finding.pk])).content.decode()
    assert 'data-testid="dispatch-form"' in html
    r = c.post(
        reverse("inspections:finding_dispatch", args=[finding.pk]),
        {
            "version": 1,
            "department": world.a_med.pk,
            "responsible_person": world.a_p1.pk,
            "deadline": str(insp.deadline),
        },
    )
    assert r.status_code == 302
    c = en(world.head)
    html = c.get(reverse("inspections:finding_detail", args=[finding.pk])).content.decode()
    assert 'data-testid="respond-form"' in html and 'name="version" value="2"' in html
    r = c.post(
        reverse("inspections:finding_respond", args=[finding.pk]),
        {"version": 2, "text": "已清理走廊", "photos": [photo("整改后.jpg")]},
    )
    assert r.status_code == 302
    c = en(world.inspector)
    r = c.post(reverse("inspections:finding_recheck", args=[finding.pk]), {"version": 3, "decision": "fail"})
    assert r.status_code == 400 and "A reason is required when the re-check fails." in r.content.decode()
    r = c.post(reverse("inspections:finding_recheck", args=[finding.pk]), {"version": 3, "decision": "pass"})
    finding.refresh_from_db()
    assert r.status_code == 302 and finding.state == Finding.State.CLOSED
    html = c.get(reverse("inspections:finding_detail", args=[finding.pk])).content.decode()
    assert [k for k in ("recorded", "dispatched", "responded", "recheck_passed") if f'data-kind="{k}"' in html] == [
        "recorded",
        "dispatched",
        "responded",
        "recheck_passed",
    ]
    assert 'data-testid="reopen-form"' in html


def test_stale_answer_is_refused_with_a_message(world, insp, ordered, en):
    finding = ordered()
    c = en(world.head)
    read_version = finding.version
    finding_respond(finding=finding, user=world.staff, text="李娜已整改", expected_version=read_version)
    r = c.post(
        reverse("inspections:finding_respond", args=[finding.pk]),
        {"version": read_version, "text": "科主任的答复"},
        follow=True,
    )
    assert "changed by someone else; reload the page" in r.content.decode()
    assert not finding.events.filter(text="科主任的答复").exists()


def test_overdue_order_shows_in_red_and_filters(world, insp, ordered, record, en):
    late = ordered()
    Finding.objects.filter(pk=late.pk).update(deadline=date_days(-1))
    record(description="宣传栏内容未更新")
    c = en(world.office)
    html = c.get(reverse("inspections:finding_detail", args=[late.pk])).content.decode()
    assert 'data-testid="overdue"' in html and "text-danger" in html
    listing = c.get(reverse("inspections:finding_list") + "?overdue=true").content.decode()
    assert listing.count('data-testid="finding-row"') == 1
    listing = c.get(reverse("inspections:finding_list") + "?state=open").content.decode()
    assert "宣传栏内容未更新" in listing and listing.count('data-testid="finding-row"') == 1
    month = date_days(0).strftime("%Y-%m")
    assert (
        c.get(reverse("inspections:finding_list") + f"?period={month}")
        .content.decode()
        .count('data-testid="finding-row"')
        == 2
    )
    assert (
        'data-testid="finding-row"'
        not in c.get(reverse("inspections:finding_list") + "?period=2020-01").content.decode()
    )


def test_archived_findings_leave_the_list_but_stay_readable(world, insp, record, en):
    finding = record()
    c = en(world.office)
    r = c.post(reverse("inspections:finding_archive", args=[finding.pk]), {"version": 1, "reason": "重复"})
    assert r.status_code == 302
    assert 'data-testid="finding-row"' not in c.get(reverse("inspections:finding_list")).content.decode()
    assert (
        c.get(reverse("inspections:finding_list") + "?archived=true")
        .content.decode()
        .count('data-testid="finding-row"')
        == 1
    )
    assert c.get(reverse("inspections:finding_detail", args=[finding.pk])).status_code == 200


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("who", ["office", "supervisor"])
def test_list_query_count_does_not_grow(world, insp, record, ordered, en, who):
    c = en(getattr(world, who))
    url = reverse("inspections:finding_list")
    record()
    ordered()
    few = _list_queries(c, url)
    for i in range(12):
        (ordered if i % 2 else record)(department=world.a_surg if i % 3 else world.a_med, item=None)
    assert _list_queries(c, url) == few
    assert _list_queries(c, url + "?state=ordered&severity=general&overdue=false") == few


def test_round_pages_query_count_does_not_grow(world, insp, record, en):
    c = en(world.office)
    record()
    few = _list_queries(c, reverse("inspections:round_detail", args=[insp.self_round.pk]))
    listing = _list_queries(c, reverse("inspections:round_list"))
    for _ in range(8):
        record()
    assert _list_queries(c, reverse("inspections:round_detail", args=[insp.self_round.pk])) == few
    assert _list_queries(c, reverse("inspections:round_list")) == listing


def test_region_list_count_is_capped(world, insp, record, en, monkeypatch):
    monkeypatch.setattr(selectors.CappedPaginator, "cap", 3)
    for _ in range(5):
        record()
    html = en(world.supervisor).get(reverse("inspections:finding_list")).content.decode()
    assert "1–3 of more than 3" in html and html.count('data-testid="finding-row"') == 3


def test_bureau_filters_by_unit(world, insp, record, en):
    record()
    finding_record(user=world.supervisor, unit=world.b, round=insp.bureau_round, description="吸烟区标识缺失")
    c = en(world.supervisor)
    html = c.get(reverse("inspections:finding_list")).content.decode()
    assert html.count('data-testid="finding-row"') == 2 and 'name="unit"' in html
    html = c.get(reverse("inspections:finding_list") + f"?unit={world.b.pk}").content.decode()
    assert html.count('data-testid="finding-row"') == 1 and "吸烟区标识缺失" in html


def test_finding_without_round(world, insp, en):
    c = en(world.office)
    r = c.post(
        reverse("inspections:finding_create"),
        {
            "unit": world.a.pk,
            "department": world.a_surg.pk,
            "description": "外科病区走廊杂物堆放",
            "severity": "general",
            "points_deducted": "1",
            "responsible_person": world.a_p2.pk,
            "deadline": str(date_days(5)),
        },
    )
    finding = Finding.objects.get()
    assert r.status_code == 302 and finding.state == Finding.State.ORDERED and finding.round is None
    assert finding.deadline == date_days(0) + timedelta(days=5)


def test_a_region_with_many_hospitals_filters_by_unit_name(world, insp, record, en, monkeypatch):
    from chuangwen.inspections import filtersets

    record()
    record(user=world.supervisor, unit=world.b, round=insp.bureau_round, department=world.b_med, item=None)
    c = en(world.supervisor)
    url = reverse("inspections:finding_list")
    html = c.get(url).content.decode()
    assert 'name="unit_name"' not in html and "<select" in html
    monkeypatch.setattr(filtersets, "MAX_UNIT_CHOICES", 1)  # the county's two hospitals are "many" now
    resp = c.get(url, {"unit_name": "中医"})
    html = resp.content.decode()
    assert 'name="unit_name"' in html and 'type="hidden" name="unit"' in html
    assert {f.unit_id for f in resp.context["object_list"]} == {world.b.pk}
    assert {f.unit_id for f in c.get(url, {"unit": world.a.pk}).context["object_list"]} == {world.a.pk}
