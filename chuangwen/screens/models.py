"""Big screens (数据大屏) opened by signed kiosk links: models."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import CHANGE, VIEW, Role, Scope
from chuangwen.core.scoping import NOTHING, ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Region, Unit

REGION_KEEPERS = {Role.SUPERVISOR, Role.ADMIN}


def _region_links_q(memberships, action: str) -> Q:
    """A region's links (no unit) are kept by the supervisors (and administrators) of a region
    at or above it; a hospital's links by its office (``perms``)."""
    q = NOTHING
    for m in memberships:
        if m.scope == Scope.REGION and m.region_path and m.role in REGION_KEEPERS and action in (VIEW, CHANGE):
            q |= Q(unit__isnull=True, region__path__startswith=m.region_path)
    return q


class KioskLink(TimeStampedModel):
    """大屏链接: a signed link that opens a unit's or a region's big screen without a login.

    The link's token is random and only its sha256 is stored (shown once, when created). A link
    shows aggregates only; it stops when revoked or past ``expires_at``."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="kiosk_links"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="kiosk_links"
    )
    label = models.CharField(_("label"), max_length=60, validators=[ProhibitNullCharactersValidator()])
    prefix = models.CharField(_("prefix"), max_length=8, help_text=_("First characters of the key, to recognise it."))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    refresh_seconds = models.PositiveSmallIntegerField(
        _("refresh every (seconds)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(3600)],
    )
    expires_at = models.DateTimeField(_("expires at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        perms=perms(grant({Role.OFFICE, Role.SUPERVISOR}, VIEW), grant({Role.OFFICE}, CHANGE)),
        extra=_region_links_q,
    )

    class Meta:
        verbose_name = _("big-screen link")
        verbose_name_plural = _("big-screen links")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Exactly one of unit and region: a hospital's screen or a region's.
            models.CheckConstraint(
                condition=Q(unit__isnull=False, region__isnull=True) | Q(unit__isnull=True, region__isnull=False),
                name="kiosk_link_unit_xor_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def scope_name(self) -> str:
        if self.unit_id:
            return self.unit.short_name or self.unit.name
        return self.region.name
