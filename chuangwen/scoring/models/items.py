"""Item scores (测评项目得分): the assessments of an item (self or the bureau's) and the
materialised score of each campaign item, with its explanation.

``ItemAssessment`` is one judgement of one item by the hospital's office (自评) or the bureau
(实地测评): a score (or a grade) with its reason, who and when. Never changed or deleted: a later
assessment supersedes an earlier one, and the whole history stays.

``ItemScore`` is what the pages read: one row per campaign, item and view (self / bureau) with
the item's points, the points due so far (动态考核), the score and the explanation lines that add
up to it. Only ``items.item_scores_refresh`` writes it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms


class View(models.TextChoices):
    SELF = "self", _("Self-assessment")
    BUREAU = "bureau", _("Bureau assessment")


class ItemAssessment(models.Model):
    """One score or grade given to a campaign item, by the unit (self) or the bureau."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "standards.Item", verbose_name=_("standard item"), on_delete=models.PROTECT, related_name="+"
    )
    assessor = models.CharField(_("assessed by"), max_length=10, choices=View.choices)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    round = models.ForeignKey(
        "inspections.InspectionRound",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE)),
    )

    class Meta:
        verbose_name = _("item assessment")
        verbose_name_plural = _("item assessments")
        ordering = ["campaign_id", "item_id", "-at", "-id"]
        indexes = [models.Index(fields=["campaign", "item", "assessor", "at"], name="item_assessment_latest")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.assessor}: {self.grade or self.score}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError("item assessments are kept as written; add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("item assessments are never deleted")


class ItemScore(models.Model):
    """The score of one campaign item in one view, and why (``lines``: points, text, url)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        "standards.Item", verbose_name=_("standard item"), on_delete=models.CASCADE, related_name="+"
    )
    view = models.CharField(_("view"), max_length=10, choices=View.choices)
    method = models.CharField(_("scoring method"), max_length=20)
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    due = models.DecimalField(_("points due so far"), max_digits=8, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    # False when the bureau has not judged an item scored by judgement (its score is then 0).
    assessed = models.BooleanField(_("assessed"), default=True)
    lines = models.JSONField(_("explanation"), default=list, blank=True)
    computed_on = models.DateField(_("computed as of"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedManager()
    scoping = ScopeSpec(unit="unit", unit_wide_view=True, perms=perms(grant(ALL_ROLES, VIEW)))

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [models.UniqueConstraint(fields=["campaign", "item", "view"], name="item_score_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.view}: {self.score}/{self.points}"
