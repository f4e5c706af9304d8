"""Pages: intake, the detail page's actions, archive list, fixed query counts, public links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.feedback import services
from chuangwen.feedback.models import Complaint

from .conftest import at


def test_intake_page_records_a_call(world, login):
    client = login(world.office)
    assert client.get(reverse("feedback:complaint_create")).status_code == 200
    resp = client.post(
        reverse("feedback:complaint_create"),
        {
            "channel": "hotline",
            "kind": "complaint",
            "category": "charges",
            "department": world.a_med.pk,
            "received_on": "2026-03-13",
            "content": "12345转办：患者反映住院押金退费慢",
            "complainant_name": "陈晨",
            "complainant_phone": "13700001234",
            "contact_consent": "on",
        },
    )
    c = Complaint.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("feedback:complaint_detail", args=[c.pk])
    assert c.channel == "hotline" and str(c.deadline) == "2026-03-20" and c.created_by == world.office


def test_intake_is_for_the_office(world, login):
    assert login(world.head).get(reverse("feedback:complaint_create")).status_code == 403
    assert login(world.supervisor).get(reverse("feedback:complaint_create")).status_code == 403


def test_intake_bad_phone_is_shown_on_the_field(world, login):
    resp = login(world.office).post(
        reverse("feedback:complaint_create"),
        {
            "channel": "phone",
            "kind": "complaint",
            "category": "other",
            "received_on": "2026-03-13",
            "content": "x",
            "complainant_phone": "123",
        },
    )
    assert resp.status_code == 200 and resp.context["form"].errors["complainant_phone"]


def test_detail_actions_through_the_pages(world, login, make):
    c = make()
    office = login(world.office)
    url = reverse("feedback:complaint_detail", args=[c.pk])
    assert "assign-panel" in office.get(url).content.decode()
    office.post(reverse("feedback:complaint_close", args=[c.pk]), {"satisfaction": "satisfied"})
    c.refresh_from_db()
    assert c.status == "received"
    office.post(reverse("feedback:complaint_assign", args=[c.pk]), {"handler": world.head.pk})
    office.post(reverse("feedback:complaint_reply", args=[c.pk]), {"reply_text": "已致歉", "channel": "phone"})
    office.post(reverse("feedback:complaint_close", args=[c.pk]), {"satisfaction": "fairly"})
    c.refresh_from_db()
    assert (c.status, c.satisfaction) == ("closed", "fairly")
    html = office.get(url).content.decode()
    assert "已致歉" in html and html.count("border-start") == 4


def test_archive_moves_to_the_archive_list(world, login, make):
    c = make()
    client = login(world.office)
    client.post(reverse("feedback:complaint_archive", args=[c.pk]))
    assert c not in client.get(reverse("feedback:complaint_list")).context["object_list"]
    assert c in client.get(reverse("feedback:complaint_archive_list")).context["object_list"]
    assert client.get(reverse("feedback:complaint_detail", args=[c.pk])).status_code == 200
    assert Complaint.objects.filter(pk=c.pk).exists()


def test_filters(world, login, make):
    late = make(received_at=at(2026, 1, 5))
    fresh = make(category="charges", channel="letter")
    client = login(world.office)
    ctx = lambda **q: list(client.get(reverse("feedback:complaint_list"), q).context["object_list"])  # noqa: E731
    assert ctx(overdue="true") == [late]
    assert ctx(category="charges") == [fresh]
    assert ctx(channel="letter") == [fresh]
    assert ctx(received_to="2026-01-31") == [late]
    assert set(ctx(department=world.a_med.pk)) == {late, fresh}


@pytest.mark.parametrize("path", ["feedback:complaint_list", "feedback:complaint_export"])
def test_list_and_export_use_a_fixed_number_of_queries(world, login, make, path):
    client = login(world.office)
    make()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(path))
    for i in range(15):
        c = make(content=f"第{i}条：停车难")
        if i % 2:
            services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(path))
    assert len(many) == len(few)


def test_detail_uses_a_fixed_number_of_queries(world, login, make):
    client = login(world.office)
    c = make()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("feedback:complaint_detail", args=[c.pk]))
    for i in range(8):
        services.complaint_record_add(complaint=c, text=f"记录{i}", user=world.office)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("feedback:complaint_detail", args=[c.pk]))
    assert len(many) == len(few)


def test_public_links_page(world, login):
    html = login(world.office).get(reverse("feedback:public_links")).content.decode()
    assert html.count('data-testid="public-link"') == 3 and "<svg" in html
    assert login(world.head).get(reverse("feedback:public_links")).status_code == 403


def test_api_intake_and_journey(world, call):
    body = {
        "unit": world.a.pk,
        "channel": "letter",
        "category": "ethics",
        "content": "反映医生收红包",
        "department": world.a_med.pk,
    }
    created = call(world.office, "post", "/api/feedback/complaints", body)
    assert created.status_code == 201
    cid = created.json()["id"]
    base = f"/api/feedback/complaints/{cid}"
    close_early = call(world.office, "post", f"{base}/close", {})
    assert close_early.status_code == 422
    assert call(world.office, "post", f"{base}/assign", {"handler": world.head.pk}).json()["status"] == "assigned"
    assert call(world.head, "post", f"{base}/records", {"text": "已核查"}).status_code == 201
    assert call(world.head, "post", f"{base}/reply", {"text": "经核查不属实", "channel": "letter"}).status_code == 200
    closed = call(world.head, "post", f"{base}/close", {"satisfaction": "satisfied"}).json()
    assert closed["status"] == "closed" and [r["action"] for r in closed["records"]][-1] == "closed"
    assert call(world.head, "post", f"{base}/reopen", {"reason": "x"}).status_code == 403
    public = dict(body, channel="public")
    assert call(world.office, "post", "/api/feedback/complaints", public).status_code == 422


def test_closing_as_substantiated_names_the_staff_member_on_the_page(world, login, make):
    """The close form offers the unit's staff; the one chosen carries the deduction with the
    department, and another hospital's staff member cannot be named."""
    from chuangwen.scoring.models import LedgerEntry

    c = make()
    office = login(world.office)
    office.post(reverse("feedback:complaint_assign", args=[c.pk]), {"handler": world.head.pk})
    office.post(reverse("feedback:complaint_reply", args=[c.pk]), {"reply_text": "已致歉", "channel": "phone"})
    page = office.get(reverse("feedback:complaint_detail", args=[c.pk])).content.decode()
    assert f'value="{world.a_p1.pk}"' in page and f'value="{world.b_p1.pk}"' not in page
    close = reverse("feedback:complaint_close", args=[c.pk])
    office.post(close, {"outcome": "substantiated", "person": world.b_p1.pk})
    c.refresh_from_db()
    assert c.status == "replied" and not LedgerEntry.objects.exists()  # refused whole
    office.post(close, {"outcome": "substantiated", "person": world.a_p1.pk, "satisfaction": "fairly"})
    c.refresh_from_db()
    assert (c.status, c.outcome, c.person) == ("closed", "substantiated", world.a_p1)
    entry = LedgerEntry.objects.get(source="complaint")
    assert (entry.department, entry.person, entry.points) == (c.department, world.a_p1, -1)
