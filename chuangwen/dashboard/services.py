"""Writes of the dashboard app: sending notifications and marking them read.

``notifications_send`` is the one way any app notifies a user: it stores the in-app message
(once per ``dedupe_key``) and, once the transaction commits, enqueues the background job that
e-mails it to users who have an address (``tasks.email_notifications``). No request ever talks
to the mail server. Callers inside a service's transaction use ``notifications_send_on_commit``,
so a rolled-back change notifies nobody."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from chuangwen.dashboard.models import Notification

logger = logging.getLogger(__name__)

# SQLite's limit on query parameters is generous nowadays, but stay well under any backend's.
CHUNK = 500


@dataclass(frozen=True)
class NotificationDraft:
    """A notification not yet stored; ``dedupe_key`` makes sending it twice a no-op."""

    user_id: int
    kind: str
    title: str
    body: str = ""
    url: str = ""
    dedupe_key: str | None = None


def notifications_send(*, drafts: list[NotificationDraft], email: bool = True) -> list[Notification]:
    """Store the drafts whose ``dedupe_key`` was never sent and, on commit, enqueue the e-mail job
    for the new ones (``email=False``: in-app only). Returns the notifications created by this
    call (idempotent: a second call with the same keys creates and e-mails nothing)."""
    keyed = {d.dedupe_key: d for d in drafts if d.dedupe_key}
    keys = list(keyed)
    existing: set[str] = set()
    for i in range(0, len(keys), CHUNK):
        existing.update(
            Notification.objects.filter(dedupe_key__in=keys[i : i + CHUNK]).values_list("dedupe_key", flat=True)
        )
    new = [d for d in drafts if d.dedupe_key is None or d.dedupe_key not in existing]
    # Two drafts with the same key in one batch are sent once.
    seen: set[str] = set()
    rows = []
    for d in new:
        if d.dedupe_key:
            if d.dedupe_key in seen:
                continue
            seen.add(d.dedupe_key)
        rows.append(
            Notification(user_id=d.user_id, kind=d.kind, title=d.title, body=d.body, url=d.url, dedupe_key=d.dedupe_key)
        )
    keyed_rows = [n for n in rows if n.dedupe_key]
    plain_rows = [n for n in rows if not n.dedupe_key]
    with transaction.atomic():
        # ignore_conflicts: a concurrent run that stored the same key first wins.
        Notification.objects.bulk_create(keyed_rows, batch_size=CHUNK, ignore_conflicts=True)
        plain_rows = Notification.objects.bulk_create(plain_rows, batch_size=CHUNK)
    created = _reload([n.dedupe_key for n in keyed_rows], [n.pk for n in plain_rows])
    to_email = [n.pk for n in created if wants_email(n)]
    if email and to_email:
        from .tasks import email_notifications

        transaction.on_commit(partial(email_notifications.enqueue, notification_ids=to_email))
    return created


def notifications_send_on_commit(*, drafts: Iterable[NotificationDraft]) -> None:
    """``notifications_send`` once the current transaction commits (nothing if it rolls back):
    what a service that changes a record and notifies about it calls."""
    drafts = list(drafts)
    if drafts:
        transaction.on_commit(lambda: notifications_send(drafts=drafts))


def wants_email(notification: Notification) -> bool:
    """Whether the notification is (still) to be e-mailed: its user is active and has an address."""
    return not notification.emailed_at and bool(notification.user.email) and notification.user.is_active


def _reload(keys: list[str], pks: list[int]) -> list[Notification]:
    """The stored rows, with their users (bulk_create with ignore_conflicts sets no primary key)."""
    out: list[Notification] = []
    for field, values in (("dedupe_key__in", keys), ("pk__in", pks)):
        for i in range(0, len(values), CHUNK):
            out += Notification.objects.filter(
                **{field: values[i : i + CHUNK]}, emailed_at__isnull=True
            ).select_related("user")
    return out


def notifications_email(*, notification_ids: list[int]) -> int:
    """E-mail each notification to its user when they have an address and it was not e-mailed
    yet; marks ``emailed_at`` and returns how many were sent. Run by the background job, never
    in a request. A failing address is logged and left for the next run."""
    base = settings.CHUANGWEN_BASE_URL.rstrip("/")
    sent = []
    pending: list[Notification] = []
    for i in range(0, len(notification_ids), CHUNK):
        pending += Notification.objects.filter(
            pk__in=notification_ids[i : i + CHUNK], emailed_at__isnull=True
        ).select_related("user")
    for n in sorted(pending, key=lambda n: n.pk):
        if not wants_email(n):
            continue
        body = n.body + (f"\n\n{base}{n.url}" if n.url else "")
        try:
            send_mail(n.title, body, None, [n.user.email], fail_silently=False)
        except Exception:  # noqa: BLE001 - one bad address must not stop the batch
            logger.exception("could not e-mail notification %s to user %s", n.pk, n.user_id)
            continue
        sent.append(n)
    if sent:
        now = timezone.now()
        for i in range(0, len(sent), CHUNK):
            Notification.objects.filter(pk__in=[n.pk for n in sent[i : i + CHUNK]]).update(emailed_at=now)
    return len(sent)


@transaction.atomic
def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of ``user``'s notifications read (idempotent). The caller fetched it through
    ``selectors.user_notifications`` so it is theirs."""
    if notification.user_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
