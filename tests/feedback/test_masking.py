"""The complainant's contact: in clear for the unit's office and the handler, masked for everyone
else, on the page, in the API and in the .xlsx export."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangwen.feedback import services
from chuangwen.feedback.selectors import mask_name, mask_phone

CLEAR = ("张三丰", "13812341234")
MASKED = ("张**", "138****1234")


def test_mask_rules():
    assert mask_name("张三丰") == "张**" and mask_name("李娜") == "李*" and mask_name("") == ""
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0736-7216001") == "073******01"


def _export_contacts(client, reference):
    wb = load_workbook(BytesIO(client.get(reverse("feedback:complaint_export")).content))
    rows = list(wb.active.iter_rows(values_only=True))
    row = next(r for r in rows[2:] if r[0] == reference)  # below the title and header rows
    return row[9], row[10]  # the complainant's name and phone columns


@pytest.mark.parametrize(
    "who,expected",
    [("office", CLEAR), ("head", MASKED), ("inspector", MASKED), ("supervisor", MASKED), ("admin", MASKED)],
)
def test_page_api_and_export(world, login, call, make, who, expected):
    c = make()
    user = getattr(world, who)
    client = login(user)
    html = client.get(reverse("feedback:complaint_detail", args=[c.pk])).content.decode()
    assert all(v in html for v in expected)
    if expected == MASKED:
        assert CLEAR[1] not in html and CLEAR[0] not in html
    listed = client.get(reverse("feedback:complaint_list")).content.decode()
    assert expected[1] in listed
    data = call(user, "get", f"/api/feedback/complaints/{c.pk}").json()
    assert (data["complainant_name"], data["complainant_phone"]) == expected
    assert data["contact_masked"] is (expected == MASKED)
    items = call(user, "get", "/api/feedback/complaints").json()["items"]
    assert (items[0]["complainant_name"], items[0]["complainant_phone"]) == expected
    assert _export_contacts(client, c.reference) == expected


def test_the_handler_sees_the_contact(world, login, call, make):
    c = make()
    client = login(world.head)
    assert _export_contacts(client, c.reference) == MASKED
    services.complaint_assign(complaint=c, handler=world.head, user=world.office)
    assert CLEAR[1] in client.get(reverse("feedback:complaint_detail", args=[c.pk])).content.decode()
    assert _export_contacts(client, c.reference) == CLEAR
    assert call(world.head, "get", f"/api/feedback/complaints/{c.pk}").json()["complainant_phone"] == CLEAR[1]


def test_history_pages_do_not_leak_through_other_apps(world, login, make):
    """The contact appears on no list of a masked viewer, even in the search results."""
    make()
    html = login(world.inspector).get(reverse("feedback:complaint_list") + "?q=张三丰").content.decode()
    assert "张三丰" not in html.replace('value="张三丰"', "")
