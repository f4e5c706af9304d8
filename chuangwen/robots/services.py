"""Writes of the robots app: robots (the office's webhooks), their messages (``Delivery``), and
each user's choice of kinds per channel.

``route`` is the channel the dashboard's notification service calls once a sending transaction
commits: the notifications of one event (same kind, title, link, unit and department) become
one message per robot of that department or of the whole unit receiving that kind, stored as
``Delivery`` rows and sent by the background job ``tasks.deliver``; a request never waits on a
robot. A failed send (network error, non-2xx, the platform's ``errcode`` ≠ 0) is retried after
1, 5, 30 minutes, 2 and 6 hours, then shown as failed to the office."""

from __future__ import annotations

import datetime
import json
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.org.models import Department, Unit, User

from . import kinds, webhooks
from .models import Delivery, Preference, Robot

logger = logging.getLogger(__name__)

BACKOFF = [datetime.timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_SECONDS = 5
# While one worker sends, the row is claimed this long (a crashed worker's send is retried after).
LEASE = datetime.timedelta(minutes=2)
ROBOT_FIELDS = {"name", "department", "provider", "webhook_url", "secret", "kinds", "is_active"}


# --- robots --------------------------------------------------------------------------------------


def _clean_robot(robot: Robot) -> None:
    errors: dict[str, list[str]] = {}
    try:
        robot.webhook_url = webhooks.check_url(robot.provider, robot.webhook_url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if robot.department_id and robot.department.unit_id != robot.unit_id:
        errors["department"] = [_("The department belongs to another unit.")]
    unknown = [k for k in robot.kinds if k not in kinds.CODES]
    if unknown:
        errors["kinds"] = [_("Unknown notification kinds: %(kinds)s.") % {"kinds": "、".join(unknown)}]
    if not (robot.name or "").strip():
        errors["name"] = [_("Give the robot a name, e.g. the group's name.")]
    if robot.provider == webhooks.WECOM and robot.secret:
        errors["secret"] = [_("企业微信 group robots have no signing secret; leave it empty.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def robot_create(*, unit: Unit, user, department: Department | None = None, **fields) -> Robot:
    """A robot of ``unit`` (or one of its departments); by default it receives the task, order
    and escalation messages, and starts disabled until the office switches it on."""
    unknown = set(fields) - ROBOT_FIELDS
    if unknown:
        raise TypeError(f"robot_create() got unexpected fields {sorted(unknown)}")
    fields.setdefault("kinds", list(kinds.ROBOT_DEFAULTS))
    robot = Robot(unit=unit, department=department, created_by=user if getattr(user, "pk", None) else None, **fields)
    robot.name = (robot.name or "").strip()
    robot.secret = (robot.secret or "").strip()
    _clean_robot(robot)
    robot._history_user = user
    robot.save()
    return robot


@transaction.atomic
def robot_update(*, robot: Robot, user, **changes) -> Robot:
    """Change a robot. An empty ``webhook_url`` or ``secret`` keeps the stored one (pages never
    show them back); ``secret=None`` removes the secret."""
    unknown = set(changes) - ROBOT_FIELDS
    if unknown:
        raise TypeError(f"robot_update() got unexpected fields {sorted(unknown)}")
    for name, value in changes.items():
        if name in ("webhook_url", "secret") and value == "":
            continue
        if name == "secret" and value is None:
            value = ""
        setattr(robot, name, value.strip() if isinstance(value, str) else value)
    _clean_robot(robot)
    robot._history_user = user
    robot.save()
    return robot


def robot_test(*, robot: Robot, user) -> Delivery:
    """A test message to the robot now (the office checks the group receives it)."""
    title = _("Test message from Chuangwen")
    lines = [
        _("%(user)s checks that this group receives Chuangwen's notifications.") % {"user": user},
        "> {}：{}".format(_("Robot"), robot.name),
    ]
    delivery = Delivery.objects.create(
        robot=robot,
        unit_id=robot.unit_id,
        kind="robot_test",
        title=title,
        payload=webhooks.payload(robot.provider, title=title, lines=lines),
    )
    return delivery_send(delivery_id=delivery.pk)


# --- the channel: notifications -> deliveries ----------------------------------------------------


def _absolute(url: str) -> str:
    base = settings.CHUANGWEN_BASE_URL.rstrip("/")
    return f"{base}{url}" if url.startswith("/") else url


def _lines(event: dict) -> list[str]:
    draft = event["draft"]
    names = "、".join(event["names"]) or "—"
    who, due, link = _("To act"), _("Deadline"), _("Open in Chuangwen")
    lines = []
    if draft.body:
        lines.append(draft.body[:500])
    lines.append(f"> **{who}**：{names}")
    if draft.deadline:
        lines.append(f"> **{due}**：{draft.deadline.isoformat()}")
    if draft.url:
        lines.append(f"> [{link}]({_absolute(draft.url)})")
    return lines


DIGEST_AFTER = 3  # more events of one kind for one robot in one go: a digest
DIGEST_LINES = 15


def _digest(kind: str, events: list[dict]) -> tuple[str, list[str]]:
    title = _("%(kind)s: %(count)s at once") % {"kind": kinds.label(kind), "count": len(events)}
    lines = []
    for e in events[:DIGEST_LINES]:
        d = e["draft"]
        due = f"（{d.deadline.isoformat()}）" if d.deadline else ""
        text = f"[{d.title}]({_absolute(d.url)})" if d.url else d.title
        lines.append(f"- {text}{due} · {'、'.join(e['names']) or '—'}")
    if len(events) > DIGEST_LINES:
        lines.append(_("…and %(count)s more in Chuangwen.") % {"count": len(events) - DIGEST_LINES})
    return title, lines


def route(sent: list) -> list[int]:
    """The dashboard's channel: one ``Delivery`` per robot and event for the notifications of
    ``sent`` (``dashboard.services.Sent``) that name a unit; the job sends them once this
    commits. Returns the new deliveries' ids."""
    events: dict[tuple, dict] = {}
    for s in sent:
        d = s.draft
        if not d.unit_id:
            continue
        key = (d.kind, d.title, d.url, d.unit_id, d.department_id)
        event = events.setdefault(key, {"draft": d, "first": s.notification, "users": []})
        event["users"].append(s.notification.user_id)
        if s.notification.pk < event["first"].pk:
            event["first"] = s.notification
    if not events:
        return []
    units = {k[3] for k in events}
    robots = list(Robot.objects.filter(unit_id__in=units, is_active=True))
    if not robots:
        return []
    names = dict(
        User.objects.filter(pk__in={u for e in events.values() for u in e["users"]}).values_list("pk", "display_name")
    )
    usernames = dict(User.objects.filter(pk__in=names).values_list("pk", "username"))
    per_robot: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for (kind, _title, _url, unit_id, department_id), event in events.items():
        event["names"] = list(dict.fromkeys(names.get(u) or usernames.get(u, "") for u in event["users"]))
        for robot in robots:
            if robot.unit_id != unit_id or kinds.family(kind) not in robot.kinds:
                continue
            if robot.department_id and robot.department_id != department_id:
                continue
            per_robot[(robot.pk, kind)].append(event)
    by_pk = {r.pk: r for r in robots}
    rows = []
    for (robot_pk, kind), found in per_robot.items():
        robot = by_pk[robot_pk]
        # Many events at once (an imported 责任分解表) make one digest: platforms limit robots
        # to about 20 messages a minute, and a group reads one list better than forty posts.
        title, lines = (
            (found[0]["draft"].title, _lines(found[0])) if len(found) <= DIGEST_AFTER else _digest(kind, found)
        )
        first = min((e["first"] for e in found), key=lambda n: n.pk)
        rows.append(
            Delivery(
                robot=robot,
                unit_id=robot.unit_id,
                notification=first,
                kind=kind,
                title=title[:200],
                payload=webhooks.payload(robot.provider, title=title, lines=lines),
            )
        )
    if not rows:
        return []
    with transaction.atomic():
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Delivery.objects.filter(
            notification_id__in={r.notification_id for r in rows}, status=Delivery.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    from .tasks import deliver

    transaction.on_commit(partial(deliver.enqueue, delivery_ids=ids))
    return ids


# --- sending ---------------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ARG002
        return None  # a robot never redirects; following one could reach an internal address


def _post(url: str, body: dict, direct: bool) -> tuple[int, str]:
    handlers = [_NoRedirect()] + ([urllib.request.ProxyHandler({})] if direct else [])
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "Chuangwen"},
        method="POST",
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read(64 * 1024).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(4096).decode("utf-8", "replace") if exc.fp else ""


def _error_of(status: int, text: str) -> str:
    """Why a send failed, or "" when the platform accepted it (2xx and errcode 0)."""
    if not 200 <= status < 300:
        return f"HTTP {status} {text[:200]}".strip()
    try:
        answer = json.loads(text or "{}")
    except ValueError:
        return _("The platform answered something that is not JSON: %(text)s") % {"text": text[:200]}
    code = answer.get("errcode", 0) if isinstance(answer, dict) else None
    if code != 0:
        return f"errcode {code}: {answer.get('errmsg', '') if isinstance(answer, dict) else text[:200]}"
    return ""


def _due_q(now: datetime.datetime) -> Q:
    """Waiting and never claimed, or its retry (or a crashed worker's lease) is due."""
    return Q(status=Delivery.Status.PENDING, next_try_at__isnull=True) | Q(
        status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING], next_try_at__lte=now
    )


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> Delivery:
    """One attempt at a delivery that is waiting or due for a retry. The row is claimed by an
    UPDATE first, so two workers never send it twice; the outcome is written after."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(_due_q(now), pk=delivery_id).update(
        attempts=F("attempts") + 1, next_try_at=now + LEASE
    )
    delivery = Delivery.objects.select_related("robot").get(pk=delivery_id)
    if not claimed:
        return delivery
    robot = delivery.robot
    try:
        url = webhooks.check_url(robot.provider, robot.webhook_url)
        if not robot.is_active and delivery.kind != "robot_test":
            raise ValidationError(_("The robot is disabled."))
        status, text = _post(
            webhooks.signed_url(robot.provider, url, robot.secret), delivery.payload, webhooks.is_extra_host(url)
        )
        error = _error_of(status, text)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    except (OSError, ValueError) as exc:  # refused, timed out, DNS, TLS…
        error = f"{type(exc).__name__}: {exc}"
    fields = {"last_error": error[:500]}
    if not error:
        fields.update(status=Delivery.Status.SENT, sent_at=timezone.now(), next_try_at=None)
    elif delivery.attempts >= MAX_ATTEMPTS:
        fields.update(status=Delivery.Status.FAILED, next_try_at=None)
    else:
        fields.update(status=Delivery.Status.RETRYING, next_try_at=now + BACKOFF[delivery.attempts - 1])
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    if error:
        logger.warning("robot %s: delivery %s failed (attempt %s): %s", robot.pk, delivery.pk, delivery.attempts, error)
    return delivery


def deliveries_due(now: datetime.datetime | None = None) -> list[int]:
    """Ids of the deliveries waiting or due for a retry (the retry job's work)."""
    return list(
        Delivery.objects.filter(_due_q(now or timezone.now())).order_by("pk").values_list("pk", flat=True)[:1000]
    )


@transaction.atomic
def delivery_retry(*, delivery: Delivery, user) -> Delivery:
    """The office sends a failed message again: it starts a new series of attempts."""
    if delivery.status != Delivery.Status.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.PENDING, attempts=0, next_try_at=None)
    from .tasks import deliver

    transaction.on_commit(partial(deliver.enqueue, delivery_ids=[delivery.pk]))
    delivery.refresh_from_db()
    return delivery


# --- each user's choices -------------------------------------------------------------------------


@transaction.atomic
def preferences_set(*, user, in_app: Iterable[str], email: Iterable[str]) -> int:
    """Store ``user``'s choice: the kinds wanted in-app and by e-mail (every other kind of the
    catalogue off there). Returns how many kinds have something off."""
    in_app, email = set(in_app), set(email)
    stored = {p.kind: p for p in Preference.objects.select_for_update().filter(user=user)}
    for code in kinds.CODES:
        want = (code in in_app, code in email)
        pref = stored.get(code)
        if pref is None and want == (True, True):
            continue
        if pref is None:
            pref = Preference(user=user, kind=code)
        elif (pref.in_app, pref.email) == want:
            continue
        pref.in_app, pref.email = want
        pref._history_user = user
        pref.save()
    return Preference.objects.filter(user=user).filter(Q(in_app=False) | Q(email=False)).count()


def opt_out(channel: str, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The dashboard's question: which (user, kind) pairs are turned off on ``channel``."""
    field = {"in_app": "in_app", "email": "email"}[channel]
    users = {u for u, _k in pairs}
    families = {kinds.family(k) for _u, k in pairs}
    off: defaultdict[int, set[str]] = defaultdict(set)
    for user_id, kind in Preference.objects.filter(user_id__in=users, kind__in=families, **{field: False}).values_list(
        "user_id", "kind"
    ):
        off[user_id].add(kind)
    return {(u, k) for u, k in pairs if kinds.family(k) in off.get(u, ())}
