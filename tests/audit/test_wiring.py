"""Every place where someone sees or takes something leaves its event: clear complainant
contacts (page, list, API, export), downloads of evidence files and inspection photos (page and
API), bulletins, survey posters, exports of staff, standards and the responsibility table, API
tokens, role changes. Masked contacts and refused requests leave nothing."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from chuangwen.core.roles import Role, Scope
from chuangwen.org import services as org_services
from chuangwen.org.models import Membership
from tests.evidence.conftest import pdf

from .conftest import drain

# --- complainants' contacts --------------------------------------------------------------------


def test_the_office_opening_a_complaint_is_recorded_with_the_complaint(world, login, make, events):
    c = make()
    client = login(world.office)
    drain(client.get(reverse("feedback:complaint_detail", args=[c.pk]), REMOTE_ADDR="10.9.8.7"))
    (e,) = events(action="view_contact")
    assert (e.actor, e.unit_id, e.target_type, e.target_id) == (
        world.office,
        world.a.pk,
        "feedback.complaint",
        str(c.pk),
    )
    assert e.target_repr == c.reference and e.client_ip == "10.9.8.7"
    assert e.detail == {"via": "page", "complaints": [c.reference]}


def test_a_masked_contact_leaves_no_event(world, login, make, events):
    c = make()
    for who in (world.head, world.supervisor, world.inspector):
        drain(login(who).get(reverse("feedback:complaint_detail", args=[c.pk])))
    assert events(action="view_contact") == []


def test_a_list_page_in_clear_is_one_event_naming_its_complaints(world, login, make, events):
    refs = {make(content=f"第{i}件投诉：候诊时间过长").reference for i in range(3)}
    drain(login(world.office).get(reverse("feedback:complaint_list")))
    (e,) = events(action="view_contact")
    assert set(e.detail["complaints"]) == refs and e.target_id == "" and e.target_repr == "3 件投诉"


def test_the_api_detail_and_list_in_clear(world, call, make, events):
    c = make()
    drain(call(world.office, "GET", f"/api/feedback/complaints/{c.pk}"))
    drain(call(world.office, "GET", "/api/feedback/complaints"))
    assert [(e.detail["via"], e.detail["complaints"]) for e in events(action="view_contact")] == [
        ("api", [c.reference]),
        ("api", [c.reference]),
    ]
    drain(call(world.supervisor, "GET", f"/api/feedback/complaints/{c.pk}"))  # masked for the bureau
    assert len(events(action="view_contact")) == 2


def test_the_complaint_export_counts_its_clear_contacts(world, login, make, events):
    make()
    make(content="停车收费不合理", complainant_phone="")
    drain(login(world.office).get(reverse("feedback:complaint_export") + "?status=received"))
    (e,) = events(action="export")
    assert e.detail == {"kind": "complaints", "rows": 2, "clear_contacts": 2, "filters": {"status": "received"}}
    assert e.unit_id == world.a.pk


# --- files -------------------------------------------------------------------------------------


def test_an_evidence_file_download_by_page_and_api(world, ledger, login, call, make_evidence, events):
    f = make_evidence(world.head, files=[pdf("会议通知.pdf")]).files.get()
    drain(login(world.head).get(reverse("evidence:file_download", args=[f.pk])))
    drain(call(world.supervisor, "GET", f"/api/evidence/files/{f.pk}/download"))
    page, api = events(action="download")
    assert (page.actor, page.unit_id, page.target_type) == (world.head, world.a.pk, "evidence.evidencefile")
    assert page.detail == {"kind": "evidence_file", "via": "page", "file": "会议通知.pdf"}
    # The bureau's download belongs to the hospital whose file it took: A's office sees it.
    assert (api.actor, api.unit_id, api.detail["via"]) == (world.supervisor, world.a.pk, "api")


def test_a_refused_download_leaves_nothing(world, ledger, login, make_evidence, events):
    f = make_evidence(world.head, files=[pdf()]).files.get()
    from tests import factories as fac

    b_office = fac.user("b_office")
    fac.member(b_office, Role.OFFICE, unit=world.b)
    assert login(b_office).get(reverse("evidence:file_download", args=[f.pk])).status_code == 404
    assert events(action="download") == []


def test_an_inspection_photo_by_page_and_api(world, record, login, call, events):
    p = record().photos.get()
    drain(login(world.office).get(reverse("inspections:photo", args=[p.pk])))
    drain(call(world.office, "GET", f"/api/inspections/photos/{p.pk}/download"))
    assert [(e.detail["kind"], e.detail["via"], e.unit_id) for e in events(action="download")] == [
        ("inspection_photo", "page", world.a.pk),
        ("inspection_photo", "api", world.a.pk),
    ]


def test_a_bulletin_download(world, login, events):
    from chuangwen.inspections.models import Bulletin

    b = Bulletin(unit=world.a, title="10月创建工作通报", period_start=date(2026, 10, 1), period_end=date(2026, 10, 31))
    b.status = Bulletin.Status.DONE
    b.file.save("bulletin.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
    b.save()
    drain(login(world.office).get(reverse("inspections:bulletin_download", args=[b.pk])))
    (e,) = events(action="download")
    assert (e.target_repr, e.detail["kind"], e.detail["file"]) == (
        "10月创建工作通报",
        "bulletin",
        "10月创建工作通报.docx",
    )


def test_a_survey_poster(world, login, events):
    from chuangwen.surveys import services as survey_services

    survey = survey_services.default_templates_create(unit=world.a, user=world.office)[0]
    drain(login(world.office).get(f"/surveys/templates/{survey.pk}/posters/{world.a_med.pk}.png"))
    (e,) = events(action="download")
    assert (e.detail["kind"], e.unit_id, e.detail["file"].endswith(".png")) == ("survey_poster", world.a.pk, True)


# --- exports -----------------------------------------------------------------------------------


def test_the_staff_roster_export(world, login, events):
    drain(login(world.office).get(reverse("org:roster_export") + "?q=李"))
    (e,) = events(action="export")
    assert (e.detail["kind"], e.detail["rows"], e.detail["filters"], e.unit_id) == ("staff", 1, {"q": "李"}, world.a.pk)


def test_standard_and_responsibility_table_exports(world, ledger, login, events):
    client = login(world.office)
    drain(client.get(reverse("standards:standard_export_xlsx", args=[ledger.std.pk])))
    drain(client.get(reverse("standards:standard_export_yaml", args=[ledger.std.pk])))
    drain(client.get(reverse("campaigns:responsibility_export", args=[ledger.campaign.pk])))
    rows = [(e.detail["kind"], e.detail.get("format"), e.target_type, e.unit_id) for e in events(action="export")]
    assert rows == [
        ("standard", "xlsx", "standards.standard", world.a.pk),
        ("standard", "yaml", "standards.standard", world.a.pk),
        ("responsibility_table", None, "campaigns.campaign", world.a.pk),
    ]


# --- tokens and roles --------------------------------------------------------------------------


def test_api_token_creation_and_revocation_on_the_token_page(world, login, events):
    from chuangwen.api.models import APIToken

    client = login(world.office)
    drain(client.post(reverse("api_tokens"), {"action": "create", "name": "手机端", "lifetime": "90"}))
    token = APIToken.objects.get(user=world.office)
    drain(client.post(reverse("api_tokens"), {"action": "revoke", "token": token.pk}))
    created, revoked = events(action__in=["token_create", "token_revoke"])
    assert (created.action, created.target_id, created.unit_id) == ("token_create", str(token.pk), world.a.pk)
    assert created.target_repr == f"手机端 ({token.prefix}…)"
    assert revoked.action == "token_revoke" and revoked.target_id == str(token.pk)


@pytest.fixture
def root(world):
    return type(world.office).objects.create_superuser("root", "root@example.org", "pass-1234-word")


def test_role_changes_through_the_services_keep_before_and_after(world, root, events):
    m = org_services.membership_create(user=world.staff, role=Role.INSPECTOR, unit=world.a, by=root)
    org_services.membership_update(membership=m, role=Role.OFFICE, by=root)
    org_services.membership_deactivate(membership=m, by=root)
    created, changed, ended = events(action="role_change")
    assert created.detail["before"] is None
    assert created.detail["after"] == {"role": "inspector", "scope": "unit", "where": world.a.name, "active": True}
    assert (changed.detail["before"]["role"], changed.detail["after"]["role"]) == ("inspector", "office")
    assert (ended.detail["before"]["active"], ended.detail["after"]["active"]) == (True, False)
    assert {e.unit_id for e in (created, changed, ended)} == {world.a.pk}
    assert f"角色 {Role.INSPECTOR.label}" in created.detail_text()  # shown by its label, in Chinese
    assert Membership.objects.filter(pk=m.pk, is_active=False).exists()  # kept, not deleted


def test_a_region_role_belongs_to_the_region(world, root, events):
    org_services.membership_create(user=world.nobody, role=Role.SUPERVISOR, region=world.county_y, by=root)
    (e,) = events(action="role_change")
    assert (e.unit_id, e.region_id, e.detail["after"]["scope"]) == (None, world.county_y.pk, Scope.REGION)


def test_only_who_may_change_memberships_can(world, events):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        org_services.membership_create(user=world.staff, role=Role.OFFICE, unit=world.a, by=world.office)
    assert events(action="role_change") == []


def _inline(user, rows):
    """The admin's user change form with its membership inline rows."""
    data = {
        "username": user.username,
        "password": user.password,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "display_name": "",
        "failed_login_count": "0",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for r in rows if r.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = value
        data[f"memberships-{i}-user"] = str(user.pk)
    return data


def test_role_changes_in_the_admin_are_recorded_and_ending_deactivates(world, root, client, events):
    m = Membership.objects.get(user=world.staff)
    client.force_login(root)
    url = f"/admin/org/user/{world.staff.pk}/change/"
    row = {"id": str(m.pk), "role": "inspector", "scope": "unit", "unit": str(world.a.pk), "is_active": "on"}
    response = client.post(url, _inline(world.staff, [row]))
    assert response.status_code == 302, response.content.decode()[:2000]
    (changed,) = events(action="role_change")
    assert (changed.actor, changed.detail["via"]) == (root, "admin")
    assert (changed.detail["before"]["role"], changed.detail["after"]["role"]) == ("staff", "inspector")
    # The inline offers no delete (settings: roles are ended, never removed); unticking "active" ends it.
    ended = {k: v for k, v in row.items() if k != "is_active"}
    response = client.post(url, _inline(world.staff, [ended]))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=m.pk, is_active=False).exists()
    assert events(action="role_change")[-1].detail["after"]["active"] is False
