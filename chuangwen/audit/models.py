"""审计日志: who saw and took what. Append-only: an event is written once and never changed or
deleted. The ORM refuses it (``save`` of a stored event, ``delete``, and the queryset's
``update`` / ``delete`` / ``bulk_update``), the admin shows events read-only, and on PostgreSQL a
trigger refuses UPDATE and DELETE from anyone (migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.append_only import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet  # noqa: F401
from chuangwen.core.roles import VIEW, Role, Scope
from chuangwen.core.scoping import NOTHING, ScopeSpec, grant, perms


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

# How the keys of ``AuditEvent.detail`` read on the page and in the export.
DETAIL_LABELS = {
    "file": _("file"),
    "kind": _("kind"),
    "rows": _("rows"),
    "filters": _("filters"),
    "clear_contacts": _("contacts in clear"),
    "complaints": _("complaints"),
    "format": _("format"),
    "token": _("token"),
    "user": _("user"),
    "before": _("before"),
    "after": _("after"),
    "via": _("via"),
    "role": _("role"),
    "scope": _("scope"),
    "where": _("where"),
    "active": _("active"),
    "superuser": _("superuser"),
}
# What was downloaded or exported (``detail["kind"]``) and through what (``detail["via"]``).
KINDS = {
    "evidence_file": _("evidence file"),
    "inspection_photo": _("inspection photo"),
    "bulletin": _("bulletin"),
    "bulletin_template": _("bulletin template"),
    "survey_poster": _("survey poster"),
    "staff": _("staff roster"),
    "complaints": _("complaint list"),
    "standard": _("evaluation standard"),
    "responsibility_table": _("responsibility table"),
    "audit_log": _("audit log"),
}
VIA = {"page": _("page"), "api": _("API"), "admin": _("admin site")}
# Stored codes shown by their label.
_CODE_LABELS = {
    "role": dict(Role.choices),
    "scope": dict(Scope.choices),
    "kind": KINDS,
    "via": VIA,
}


def _shown(key: str, value) -> str:
    labels = _CODE_LABELS.get(key, {})
    if isinstance(value, str) and value in labels:
        return str(labels[value])
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


class AuditEvent(AppendOnlyModel):
    """审计事件: one thing a person saw or took (a login, a download, an export, a clear contact)."""

    # A default, not auto_now_add, so the demo's past weeks keep their dates; audit_record never
    # sets it.
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
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

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()
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

    def detail_text(self) -> str:
        """The detail as one line of "label: value" pairs, for the page and the export."""
        parts = []
        for key, value in self.detail.items():
            if isinstance(value, dict):
                value = "，".join(f"{DETAIL_LABELS.get(k, k)} {_shown(k, v)}" for k, v in value.items()) or "—"
            elif isinstance(value, list):
                value = "、".join(str(v) for v in value)
            elif value is None:
                value = "—"
            else:
                value = _shown(key, value)
            parts.append(f"{DETAIL_LABELS.get(key, key)}：{value}")
        return "；".join(parts)
