"""Writes of the dashboard app: sending notifications and marking them read.

``notifications_send`` is the one way any app notifies a user: it stores the in-app message
(once per ``dedupe_key``) and, once the transaction commits, enqueues the background job that
e-mails it to users who have an address (``tasks.email_notifications``). No request ever talks
to the mail server. Callers inside a service's transaction use ``notifications_send_on_commit``,
so a rolled-back change notifies nobody.

Other channels plug in without dashboard importing them: ``register_channel(fn)`` (called on
commit with the ``Sent`` pairs of each call, e.g. group robots) and ``register_opt_out(fn)``
(which users turned a kind off in-app or by e-mail: honoured here and by the e-mail job)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
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
    # Where the event belongs and its deadline, for group channels (a department's robots).
    unit_id: int | None = None
    department_id: int | None = None
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class Sent:
    """A notification this call created, with the draft it came from."""

    notification: Notification
    draft: NotificationDraft


# fn(sent: list[Sent]) -> None, run once the sending transaction commits; an error is logged.
_CHANNELS: list[Callable[[list[Sent]], None]] = []
# fn(channel: "in_app" | "email", pairs: set[(user_id, kind)]) -> the pairs turned off.
_OPT_OUTS: list[Callable[[str, set[tuple[int, str]]], set[tuple[int, str]]]] = []


def register_channel(fn: Callable[[list[Sent]], None]) -> None:
    """Another way out for every notification sent (group robots); idempotent."""
    if fn not in _CHANNELS:
        _CHANNELS.append(fn)


def register_opt_out(fn) -> None:
    """Where users' choices of kinds per channel are read from; idempotent."""
    if fn not in _OPT_OUTS:
        _OPT_OUTS.append(fn)


def opted_out(channel: str, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The (user, kind) pairs of ``pairs`` whose user turned the kind off on ``channel``."""
    out: set[tuple[int, str]] = set()
    for fn in _OPT_OUTS:
        if pairs:
            out |= fn(channel, pairs)
    return out


def _run_channels(sent: list[Sent]) -> None:
    for fn in list(_CHANNELS):
        try:
            fn(sent)
        except Exception:  # noqa: BLE001 - another channel's failure never breaks the sender
            logger.exception("notification channel %s failed", getattr(fn, "__name__", fn))


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
    drafts_of: dict[int, NotificationDraft] = {}  # id(row) -> its draft
    for d in new:
        if d.dedupe_key:
            if d.dedupe_key in seen:
                continue
            seen.add(d.dedupe_key)
        n = Notification(user_id=d.user_id, kind=d.kind, title=d.title, body=d.body, url=d.url, dedupe_key=d.dedupe_key)
        drafts_of[id(n)] = d
        rows.append(n)
    # Kinds a user turned off in-app are stored read: in the list, never counted as unread.
    quiet = opted_out("in_app", {(n.user_id, n.kind) for n in rows}) if _OPT_OUTS else set()
    if quiet:
        now = timezone.now()
        for n in rows:
            if (n.user_id, n.kind) in quiet:
                n.read_at = now
    keyed_rows = [n for n in rows if n.dedupe_key]
    plain_rows = [n for n in rows if not n.dedupe_key]
    by_key = {n.dedupe_key: drafts_of[id(n)] for n in keyed_rows}
    with transaction.atomic():
        # ignore_conflicts: a concurrent run that stored the same key first wins.
        Notification.objects.bulk_create(keyed_rows, batch_size=CHUNK, ignore_conflicts=True)
        plain_drafts = [drafts_of[id(n)] for n in plain_rows]
        plain_rows = Notification.objects.bulk_create(plain_rows, batch_size=CHUNK)
    created = _reload([n.dedupe_key for n in keyed_rows], [n.pk for n in plain_rows])
    to_email = [n.pk for n in created if wants_email(n)]
    if email and to_email:
        from .tasks import email_notifications

        transaction.on_commit(partial(email_notifications.enqueue, notification_ids=to_email))
    if _CHANNELS and created:
        plain_of = {n.pk: d for n, d in zip(plain_rows, plain_drafts, strict=True)}
        sent = [Sent(n, by_key[n.dedupe_key] if n.dedupe_key else plain_of[n.pk]) for n in created]
        transaction.on_commit(partial(_run_channels, sent))
    return created


def notifications_send_on_commit(*, drafts: Iterable[NotificationDraft]) -> None:
    """``notifications_send`` once the current transaction commits (nothing if it rolls back):
    what a service that changes a record and notifies about it calls."""
    drafts = list(drafts)
    if drafts:
        transaction.on_commit(lambda: notifications_send(drafts=drafts))


def wants_email(notification: Notification) -> bool:
    """Whether the notification is (still) to be e-mailed: its user is active and has an address
    (the job also leaves out the kinds its user turned off by e-mail)."""
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
    off = opted_out("email", {(n.user_id, n.kind) for n in pending})
    for n in sorted(pending, key=lambda n: n.pk):
        if not wants_email(n) or (n.user_id, n.kind) in off:
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
