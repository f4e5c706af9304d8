"""A user of hospital A can neither list, read, change nor download anything of hospital B:
Evidence, EvidenceFile and ItemCompliance, by page, API and file URL."""

import pytest
from django.urls import reverse

from chuangwen.core.roles import Role
from chuangwen.evidence import services
from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance
from tests import factories as f

from .conftest import photo

A_USERS = ["office", "head", "staff", "inspector", "secretary"]


@pytest.fixture
def b_data(world, ledger, make_evidence):
    office_b = f.user("office_b")
    f.member(office_b, Role.OFFICE, unit=world.b)
    e = make_evidence(office_b, task=ledger.task_b, item=ledger.item_photos, files=[photo()], submit=True)
    services.evidence_review(evidence=e, user=office_b, accept=True)
    return e, e.files.get(), office_b


@pytest.mark.parametrize("who", A_USERS)
def test_hospital_a_users_see_nothing_of_b_on_pages(world, ledger, login, b_data, who):
    e, file, _ = b_data
    client = login(getattr(world, who))
    for name in ("evidence:evidence_list", "evidence:review_queue"):
        r = client.get(reverse(name))
        assert r.status_code == 200
        assert f'/evidence/{e.pk}/"' not in r.content.decode()
    for url in (
        reverse("evidence:evidence_detail", args=[e.pk]),
        reverse("evidence:evidence_update", args=[e.pk]),
        reverse("evidence:file_download", args=[file.pk]),
        reverse("evidence:file_thumbnail", args=[file.pk]),
        reverse("evidence:evidence_create", args=[ledger.task_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("evidence:evidence_submit", args=[e.pk]),
        reverse("evidence:evidence_review", args=[e.pk]),
        reverse("evidence:evidence_archive", args=[e.pk]),
        reverse("evidence:file_archive", args=[file.pk]),
    ):
        assert client.post(url, {"decision": "accept"}).status_code == 404, url
    e.refresh_from_db()
    assert e.status == "accepted" and not e.is_archived


@pytest.mark.parametrize("who", A_USERS)
def test_hospital_a_users_see_nothing_of_b_through_the_api(world, ledger, call, b_data, who):
    e, file, _ = b_data
    user = getattr(world, who)
    r = call(user, "get", "/api/evidence/records?page_size=200")
    assert r.status_code == 200 and e.pk not in {row["id"] for row in r.json()["items"]}
    assert call(user, "get", f"/api/evidence/records?task={ledger.task_b.pk}").json()["count"] == 0
    assert call(user, "get", f"/api/evidence/records/{e.pk}").status_code == 404
    assert call(user, "get", f"/api/evidence/files/{file.pk}/download").status_code == 404
    for action in ("submit", "archive"):
        assert call(user, "post", f"/api/evidence/records/{e.pk}/{action}").status_code == 404
    r = call(user, "post", f"/api/evidence/records/{e.pk}/review", json={"accept": False, "reason": "x"})
    assert r.status_code == 404
    r = call(user, "post", f"/api/evidence/records/{e.pk}/files", data={"files": [photo()]})
    assert r.status_code == 404
    r = call(
        user,
        "post",
        "/api/evidence/records",
        data={"task": ledger.task_b.pk, "title": "x", "occurred_on": "2026-03-01", "files": [photo()]},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "task"
    compliance = call(user, "get", "/api/evidence/compliance?page_size=200").json()["items"]
    assert all(row["unit_id"] == world.a.pk for row in compliance)
    assert Evidence.objects.filter(unit=world.b).count() == 1


def test_model_scopes_directly(world, ledger, b_data):
    for who in A_USERS:
        user = getattr(world, who)
        for model in (Evidence, EvidenceFile, ItemCompliance):
            assert not model.objects.visible_to(user).filter(unit=world.b).exists(), (who, model)


def test_bureau_reads_every_hospital_of_its_county_but_changes_nothing(world, ledger, login, b_data):
    e, file, _ = b_data
    client = login(world.supervisor)
    assert client.get(reverse("evidence:evidence_detail", args=[e.pk])).status_code == 200
    assert client.get(reverse("evidence:file_download", args=[file.pk])).status_code == 200
    assert client.post(reverse("evidence:evidence_review", args=[e.pk]), {"decision": "accept"}).status_code == 403
    assert client.get(reverse("evidence:evidence_update", args=[e.pk])).status_code == 403


def test_other_county_sees_nothing(world, ledger, login, b_data):
    e, file, _ = b_data
    office_c = f.user("office_c")
    f.member(office_c, Role.OFFICE, unit=world.c)
    client = login(office_c)
    assert client.get(reverse("evidence:evidence_detail", args=[e.pk])).status_code == 404
    assert client.get(reverse("evidence:file_download", args=[file.pk])).status_code == 404


def test_view_only_user_gets_403_on_change(world, ledger, login, make_evidence):
    e = make_evidence(world.head, files=[photo()])
    client = login(world.inspector)
    assert client.get(reverse("evidence:evidence_detail", args=[e.pk])).status_code == 200
    assert client.get(reverse("evidence:evidence_update", args=[e.pk])).status_code == 403
    assert client.post(reverse("evidence:evidence_submit", args=[e.pk])).status_code == 403
    assert client.get(reverse("evidence:evidence_create", args=[ledger.task.pk])).status_code == 403
