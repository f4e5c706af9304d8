"""Notifications to 企业微信 and 钉钉 group robots (webhooks): models.

A ``Robot`` is a group's webhook the unit's campaign office sets, for the whole unit or one
department, with the kinds of notification it receives (data, with history). Every message to
a robot is a ``Delivery`` row (its payload, attempts, status, last error, next try), sent by a
background job and retried with backoff. ``Preference`` is one user's choice of a kind per
channel (in-app, e-mail); no row means both on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Unit

OFFICE_PERMS = perms(grant({Role.OFFICE, Role.ADMIN}, VIEW, CHANGE), grant({Role.SUPERVISOR}, VIEW))


class Robot(TimeStampedModel):
    """群机器人: a 企业微信 or 钉钉 group's webhook, for a unit or one of its departments."""

    class Provider(models.TextChoices):
        WECOM = "wecom", _("WeCom group robot")
        DINGTALK = "dingtalk", _("DingTalk custom robot")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole unit's group (it receives the events of every department)."),
    )
    name = models.CharField(_("name"), max_length=60)
    provider = models.CharField(_("platform"), max_length=10, choices=Provider.choices)
    webhook_url = models.CharField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    kinds = models.JSONField(_("notification kinds"), default=list, blank=True)
    is_active = models.BooleanField(_("enabled"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["secret"])

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=OFFICE_PERMS)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["unit_id", "department_id", "name", "id"]
        indexes = [models.Index(fields=["unit", "is_active"], name="robot_unit_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_url(self) -> str:
        """The webhook without its key or token (what pages show once it is saved)."""
        base, _sep, _query = self.webhook_url.partition("?")
        return f"{base}?…" if _query else base


class Delivery(models.Model):
    """One message to one robot: sent by a background job, retried with backoff on failure."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RETRYING = "retrying", _("Retrying")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    robot = models.ForeignKey(Robot, verbose_name=_("group robot"), on_delete=models.CASCADE, related_name="deliveries")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    notification = models.ForeignKey(
        "dashboard.Notification",
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    payload = models.JSONField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=OFFICE_PERMS)

    class Meta:
        verbose_name = _("robot message")
        verbose_name_plural = _("robot messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One message per robot and event, even if the channel ran twice.
            models.UniqueConstraint(
                fields=["robot", "notification"], condition=Q(notification__isnull=False), name="delivery_once"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="delivery_due")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """One user's choice for one kind of notification: in-app and e-mail (no row: both on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30)
    in_app = models.BooleanField(_("in-app"), default=True)
    email = models.BooleanField(_("e-mail"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="robot_preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.kind}"
