"""Hospital A's users can neither list, read, change nor download anything of hospital B."""

import pytest
from django.urls import reverse

from chuangwen.campaigns.models import CampaignMember, Task
from tests import factories as f

A_ROLES = ["office", "head", "staff", "inspector", "secretary"]


@pytest.fixture
def b_task(world, camp_b):
    return f.task(camp_b, world.b_med, title="中医院的任务")


@pytest.mark.parametrize("role", A_ROLES)
def test_lists_hide_hospital_b(world, login, camp_b, b_task, role):
    client = login(getattr(world, role))
    assert camp_b not in client.get(reverse("campaigns:campaign_list")).context["object_list"]
    assert b_task not in client.get(reverse("campaigns:task_list")).context["object_list"]
    assert b_task not in client.get(reverse("campaigns:my_tasks")).context["tasks"]


@pytest.mark.parametrize("role", A_ROLES)
@pytest.mark.parametrize(
    "name,obj,method",
    [
        ("campaigns:campaign_detail", "campaign", "get"),
        ("campaigns:campaign_update", "campaign", "get"),
        ("campaigns:campaign_update", "campaign", "post"),
        ("campaigns:member_add", "campaign", "post"),
        ("campaigns:task_create", "campaign", "post"),
        ("campaigns:bulk_assign", "campaign", "post"),
        ("campaigns:responsibility_export", "campaign", "get"),
        ("campaigns:responsibility_import", "campaign", "post"),
        ("campaigns:task_detail", "task", "get"),
        ("campaigns:task_update", "task", "post"),
        ("campaigns:task_archive", "task", "post"),
    ],
)
def test_hospital_b_records_are_not_found(world, login, camp_b, b_task, role, name, obj, method):
    pk = camp_b.pk if obj == "campaign" else b_task.pk
    resp = getattr(login(getattr(world, role)), method)(reverse(name, args=[pk]), {"title": "改", "name": "改"})
    assert resp.status_code == 404
    b_task.refresh_from_db()
    assert b_task.title == "中医院的任务" and not b_task.is_archived
    assert Task.objects.count() == 1


def test_member_removal_of_hospital_b_is_not_found(world, login, camp_b):
    from chuangwen.campaigns import services

    m = services.campaign_member_add(campaign=camp_b, group="office", person=world.b_p1, duty="主任", user=world.admin)
    resp = login(world.office).post(reverse("campaigns:member_remove", args=[camp_b.pk, m.pk]))
    assert resp.status_code == 404 and CampaignMember.objects.filter(pk=m.pk, archived_at__isnull=True).exists()


def test_supervisor_of_another_county_sees_nothing(world, login, camp):
    other = f.user("other_supervisor")
    f.member(other, "supervisor", region=world.county_y)
    assert login(other).get(reverse("campaigns:campaign_detail", args=[camp.pk])).status_code == 404
