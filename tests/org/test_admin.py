"""The Django admin archives staff and users, never deletes them: no delete page or bulk
delete, an archive action instead, with the acting user in the history."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from chuangwen.org.models import Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    su = User.objects.create_superuser("root", password="pass-1234-word")
    client.force_login(su)
    return su, client


@pytest.mark.parametrize("model", ["person", "user"])
def test_the_delete_page_is_refused(world, root, model):
    _su, client = root
    obj = world.a_p1 if model == "person" else world.staff
    url = reverse(f"admin:org_{model}_delete", args=[obj.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    change = client.get(reverse(f"admin:org_{model}_change", args=[obj.pk])).content.decode()
    assert url not in change  # no delete link on the change page


@pytest.mark.parametrize("model", ["person", "user"])
def test_bulk_delete_is_gone_and_archive_replaces_it(world, root, model):
    su, client = root
    obj = world.a_p1 if model == "person" else world.staff
    changelist = reverse(f"admin:org_{model}_changelist")
    actions = client.get(changelist).context["action_form"].fields["action"].choices
    assert [name for name, _label in actions if name] == ["archive_selected"]
    client.post(changelist, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "post": "yes"})
    assert type(obj).objects.filter(pk=obj.pk).exists()
    resp = client.post(changelist, {"action": "archive_selected", ACTION_CHECKBOX_NAME: [obj.pk]}, follow=True)
    assert resp.status_code == 200
    obj.refresh_from_db()
    assert obj.is_active is False
    assert obj.history.latest().history_user == su


def test_an_archived_user_cannot_sign_in(world, root):
    _su, client = root
    changelist = reverse("admin:org_user_changelist")
    client.post(changelist, {"action": "archive_selected", ACTION_CHECKBOX_NAME: [world.staff.pk]})
    client.logout()
    resp = client.post(reverse("login"), {"username": "staff", "password": "pass-1234-word"})
    assert resp.status_code == 200 and "_auth_user_id" not in client.session


def test_roles_are_ended_not_deleted_in_the_user_page(world, root):
    _su, client = root
    resp = client.get(reverse("admin:org_user_change", args=[world.office.pk]))
    formset = resp.context["inline_admin_formsets"][0].formset
    assert formset.model is Membership and not formset.can_delete
