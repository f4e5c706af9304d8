"""Evidence notifies through the one notification service: the office hears of a submission
in-app and, when it has an address, by e-mail, and that e-mail is sent by the background job,
never by the request that submitted the evidence."""

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks import default_task_backend
from django_tasks.signals import task_enqueued

from chuangwen.dashboard.models import Notification
from chuangwen.dashboard.tasks import email_notifications

from .conftest import photo


@pytest.fixture(autouse=True)
def _locmem(settings, world):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.office.email = "office@example.com"
    world.office.save()


def _submit_through_the_page(client, ledger):
    return client.post(
        reverse("evidence:evidence_create", args=[ledger.task.pk]),
        {
            "item": ledger.item_photos.pk,
            "title": "3月政治学习",
            "occurred_on": "2026-03-15",
            "files": [photo("a.jpg"), photo("b.jpg")],
            "submit": "1",
        },
    )


def test_the_request_sends_no_mail_and_the_job_does(world, ledger, login, settings, django_capture_on_commit_callbacks):
    # A backend that only records what is enqueued: nothing runs unless we run it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        r = _submit_through_the_page(login(world.head), ledger)
    assert r.status_code == 302
    note = Notification.objects.get(user=world.office, kind="evidence_submitted")
    assert mail.outbox == [] and note.emailed_at is None  # the request and its commit sent nothing

    [job] = default_task_backend.results
    assert job.task.name == email_notifications.name and job.kwargs == {"notification_ids": [note.pk]}
    assert job.task.call(*job.args, **job.kwargs) == 1
    assert [m.to for m in mail.outbox] == [["office@example.com"]] and mail.outbox[0].subject == note.title
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert email_notifications.call(notification_ids=[note.pk]) == 0  # a retry sends no duplicate
    assert len(mail.outbox) == 1


def test_review_results_reach_the_submitter_by_the_job(
    world, ledger, make_evidence, django_capture_on_commit_callbacks
):
    from chuangwen.evidence import services

    world.head.email = "head@example.com"
    world.head.save()
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.kwargs))

    task_enqueued.connect(record)
    try:
        e = make_evidence(world.head, files=[photo()], submit=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.evidence_review(evidence=e, user=world.office, accept=False, reason="照片不足两张")
            assert mail.outbox == []  # not before the review commits
    finally:
        task_enqueued.disconnect(record)
    note = Notification.objects.get(user=world.head, kind="evidence_returned")
    assert enqueued == [(email_notifications.name, {"notification_ids": [note.pk]})]
    assert [m.to for m in mail.outbox] == [["head@example.com"]] and "照片不足两张" in mail.outbox[0].body
