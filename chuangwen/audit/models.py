"""审计日志: who saw and took what. Append-only: an event is written once and never changed or
deleted (``save`` refuses updates, ``delete`` refuses always)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import VIEW, Role, Scope
from chuangwen.core.scoping import NOTHING, ScopedManager, ScopeSpec, grant, perms


class AppendOnlyError(RuntimeError):
    pass


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    LOCKOUT = "lockout", _("Account locked")
    UNLOCK = "unlock", _("Account unlocked")
    OTP_ENROL = "otp_enrol", _("Two-factor sign-in enrolled")
    OTP_DISABLE = "otp_disable", _("Two-factor sign-in removed")
    TOKEN_CREATE = "token_create", _("API token created")
    TOKEN_REVOKE = "token_revoke", _("API token revoked")
    ROLE_CHANGE = "role_change", _("Role changed")
    VIEW_CONTACT = "view_contact", _("Viewed contact details")
    DOWNLOAD = "download", _("Downloaded a file")
    EXPORT = "export", _("Exported a list")


def _region_events(memberships, action: str) -> Q:
    """Events tied to a region and no unit (a bureau user's logins) are seen from that region."""
    q = NOTHING
    for m in memberships:
        if action == VIEW and m.scope == Scope.REGION and m.region_path and m.role in AUDIT_READERS:
            q |= Q(unit__isnull=True, region__path__startswith=m.region_path)
    return q


AUDIT_READERS = {Role.OFFICE, Role.SUPERVISOR, Role.ADMIN}


class AuditEvent(models.Model):
    """审计事件: one thing a person saw or took (a login, a download, an export, a clear contact)."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as typed or as it was then: failed logins have no user, users get renamed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "org.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", perms=perms(grant(AUDIT_READERS, VIEW)), extra=_region_events)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are append-only")
