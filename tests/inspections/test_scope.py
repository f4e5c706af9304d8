"""A user of hospital A can neither list, read, change nor download anything of hospital B,
by page, API or file URL; the bureau sees A and B but not C (another county)."""

import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.inspections.models import Finding, FindingPhoto, InspectionRound
from chuangwen.inspections.services.findings import finding_dispatch, finding_record

from .conftest import photo

A_USERS = ["office", "head", "staff", "inspector", "secretary"]


@pytest.fixture
def b_finding(world, insp):
    finding = finding_record(
        user=world.supervisor,
        unit=world.b,
        round=insp.bureau_round,
        description="县中医院候诊区秩序混乱",
        photos=[photo("中医院.jpg")],
    )
    return finding


@pytest.fixture
def c_finding(world):
    return finding_record(user=world.admin, unit=world.c, description="临川县医院卫生间不洁", photos=[photo()])


def _page(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("who", A_USERS)
def test_hospital_a_users_see_nothing_of_b(world, insp, record, b_finding, call, who):
    user = getattr(world, who)
    mine = record()
    finding_dispatch(
        finding=mine, user=world.office, department=world.a_med, responsible_person=world.a_p1, deadline=insp.deadline
    )
    photo_b = b_finding.photos.get()
    c = _page(user)
    # list
    html = c.get(reverse("inspections:finding_list")).content.decode()
    assert "县中医院候诊区秩序混乱" not in html
    assert b_finding.pk not in [r["id"] for r in call(user, "get", "/api/inspections/findings").json()["items"]]
    assert not Finding.objects.visible_to(user).filter(unit=world.b).exists()
    # read
    assert c.get(reverse("inspections:finding_detail", args=[b_finding.pk])).status_code == 404
    assert call(user, "get", f"/api/inspections/findings/{b_finding.pk}").status_code == 404
    # change
    for name in ("finding_dispatch", "finding_respond", "finding_recheck", "finding_reopen", "finding_archive"):
        assert c.post(reverse(f"inspections:{name}", args=[b_finding.pk]), {"version": 1}).status_code == 404
    body = {"department": world.b_med.pk, "deadline": str(insp.deadline)}
    assert call(user, "post", f"/api/inspections/findings/{b_finding.pk}/dispatch", json=body).status_code == 404
    assert (
        call(
            user, "post", f"/api/inspections/findings/{b_finding.pk}/respond", data={"text": "x", "version": 1}
        ).status_code
        == 404
    )
    # download
    assert c.get(reverse("inspections:photo", args=[photo_b.pk])).status_code == 404
    assert c.get(reverse("inspections:photo_thumbnail", args=[photo_b.pk])).status_code == 404
    assert call(user, "get", f"/api/inspections/photos/{photo_b.pk}/download").status_code == 404
    # nor the bureau's round of A and B
    assert c.get(reverse("inspections:round_detail", args=[insp.bureau_round.pk])).status_code == 404
    assert call(user, "get", f"/api/inspections/rounds/{insp.bureau_round.pk}").status_code == 404
    b_finding.refresh_from_db()
    assert b_finding.state == Finding.State.OPEN and b_finding.version == 1


def test_bureau_sees_a_and_b_not_c(world, insp, record, b_finding, c_finding, call):
    a_finding = record()
    units = set(Finding.objects.visible_to(world.supervisor).values_list("unit_id", flat=True))
    assert units == {world.a.pk, world.b.pk}
    c = _page(world.supervisor)
    assert c.get(reverse("inspections:finding_detail", args=[a_finding.pk])).status_code == 200
    assert c.get(reverse("inspections:finding_detail", args=[c_finding.pk])).status_code == 404
    assert c.get(reverse("inspections:photo", args=[c_finding.photos.get().pk])).status_code == 404
    assert c.get(reverse("inspections:photo", args=[b_finding.photos.get().pk])).status_code == 200
    assert call(world.supervisor, "get", f"/api/inspections/findings/{c_finding.pk}").status_code == 404
    ids = {r["id"] for r in call(world.supervisor, "get", "/api/inspections/findings").json()["items"]}
    assert ids == {a_finding.pk, b_finding.pk}


def test_department_head_sees_own_department_and_staff_only_own_orders(world, insp, record, ordered):
    med = ordered()
    surg = record(department=world.a_surg)
    assert set(Finding.objects.visible_to(world.head).values_list("pk", flat=True)) == {med.pk}
    assert set(Finding.objects.visible_to(world.staff).values_list("pk", flat=True)) == {med.pk}
    assert FindingPhoto.objects.visible_to(world.head).filter(finding=surg).count() == 0
    c = _page(world.head)
    assert c.get(reverse("inspections:finding_detail", args=[surg.pk])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("secretary", 403), ("inspector", 403), ("supervisor", 403)])
def test_view_only_users_get_403_on_change(world, insp, ordered, who, status):
    finding = ordered()
    c = _page(getattr(world, who))
    assert c.get(reverse("inspections:finding_detail", args=[finding.pk])).status_code == 200
    r = c.post(reverse("inspections:finding_respond", args=[finding.pk]), {"text": "x", "version": finding.version})
    assert r.status_code == status
    r = c.post(reverse("inspections:finding_dispatch", args=[finding.pk]), {"version": finding.version})
    assert r.status_code == 403


def test_round_inspector_of_the_bureau_reaches_only_that_rounds_findings(world, insp, b_finding):
    from chuangwen.core.roles import Role
    from tests import factories as f

    bureau_inspector = f.user("duchazu")
    f.member(bureau_inspector, Role.INSPECTOR, unit=world.bureau)
    assert not Finding.objects.visible_to(bureau_inspector).exists()
    insp.bureau_round.inspectors.add(bureau_inspector)
    bureau_inspector.__dict__.pop("_scope_memberships", None)
    assert list(Finding.objects.visible_to(bureau_inspector)) == [b_finding]
    assert InspectionRound.objects.visible_to(bureau_inspector, "inspect").filter(pk=insp.bureau_round.pk).exists()
    other = finding_record(user=world.supervisor, unit=world.b, description="另一问题（无轮次）")
    assert other not in Finding.objects.visible_to(bureau_inspector)
    recorded = finding_record(
        user=bureau_inspector, unit=world.a, round=insp.bureau_round, description="医务人员未佩戴工作牌"
    )
    assert recorded.source_unit == world.bureau
