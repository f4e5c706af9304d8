"""测评体系: an evaluation standard, as aspects → indicators → (sections →) items with points.

Most official standards have three levels ("7个方面、33项指标、111个测评项目"); some have two
(方面 → 项目) and some four (方面 → 指标 → 细则 → 项目). They are plain models rather than a
generic tree, so progress aggregates with one GROUP BY per level: a two-level standard keeps one
hidden (``implicit``) indicator per aspect, a four-level one puts a ``Section`` between indicator
and item (``Item.section``). Every level above the item may declare its points (``points``) and
how its children relate to them (``children_rule``); ``services.check_declared_points`` checks it.
A standard is versioned; a hospital adapts an authority's standard by copying it (``based_on``)
and re-weighting or adding items, which never touches the original."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Region, Unit

from .rules import validate_rules
from .scoring_rules import validate_scoring

MAX_POINTS = Decimal("1000")


class TitleLevel(models.TextChoices):
    """The title a campaign aims at."""

    COUNTY = "county", _("County-level civilized unit")
    CITY = "city", _("City-level civilized unit")
    PROVINCE = "province", _("Provincial civilized unit")
    NATIONAL = "national", _("National civilized unit")


class ChildrenRule(models.TextChoices):
    """How the children of a level relate to the points it declares."""

    EQUAL = "equal", _("Children add up to the points")
    WITHIN = "within", _("Children stay within the points")
    CAP = "cap", _("Capped at the points (扣完为止)")


class Method(models.Model):
    """测评方法: a way items are assessed (实地考察, 材料审核, 动态考核…). The shipped ones apply
    everywhere (``owner_region`` empty); a bureau adds its own for the standards of its region.
    ``Item.methods`` stores codes, so a method is deactivated, never deleted."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=40)
    owner_region = models.ForeignKey(
        Region,
        verbose_name=_("owner region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: available everywhere; otherwise to the standards of units in this region."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment method")
        verbose_name_plural = _("assessment methods")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def available_to(cls, unit: Unit | None):
        """Active methods a standard owned by ``unit`` may use: the shipped ones and those of the
        regions at or above the unit's."""
        q = Q(owner_region__isnull=True)
        if unit is not None and unit.region_id:
            q |= Q(owner_region__path__in=Region.paths_at_or_above(unit.region.path))
        return cls.objects.filter(q, active=True).order_by("order", "id")


def _published_above(memberships, action):
    """Published standards issued for a region at or above one of the user's units."""
    if action != VIEW:
        return Q(pk__in=[])
    paths = set()
    for m in memberships:
        for path in (m.region_path, m.unit_region_path):
            paths.update(Region.paths_at_or_above(path))
    return Q(status=Standard.Status.PUBLISHED, applies_to__path__in=sorted(paths)) if paths else Q(pk__in=[])


class Standard(TimeStampedModel):
    """测评体系: one version of an evaluation standard, owned by an authority or a hospital."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")
        # A draft that failed or is unwanted: hidden from lists, kept in the database.
        DISCARDED = "discarded", _("Discarded")

    class Depth(models.IntegerChoices):
        TWO = 2, _("2 levels (aspect → item)")
        THREE = 3, _("3 levels (aspect → indicator → item)")
        FOUR = 4, _("4 levels (aspect → indicator → section → item)")

    name = models.CharField(_("name"), max_length=120)
    version = models.CharField(_("version"), max_length=20, default="1.0")
    level = models.CharField(_("title level"), max_length=10, choices=TitleLevel.choices, default=TitleLevel.COUNTY)
    owner_unit = models.ForeignKey(Unit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="standards")
    applies_to = models.ForeignKey(
        Region,
        verbose_name=_("applies to region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("An authority's standard applies to every unit in this region once published."),
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.PROTECT, related_name="adaptations"
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    depth = models.PositiveSmallIntegerField(_("levels"), choices=Depth.choices, default=Depth.THREE)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="owner_unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE, Role.SUPERVISOR}, CHANGE)),
        extra=_published_above,
    )

    class Meta:
        verbose_name = _("evaluation standard")
        verbose_name_plural = _("evaluation standards")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.version}）"

    def get_absolute_url(self) -> str:
        return reverse("standards:standard_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Only drafts are edited; a published or retired standard never changes."""
        return self.status == self.Status.DRAFT


class Aspect(models.Model):
    """测评方面: the first level of a standard (e.g. 思想道德建设)."""

    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="aspects")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    points = models.DecimalField(
        _("declared points"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Empty: not declared.")
    )
    children_rule = models.CharField(
        _("children"), max_length=10, choices=ChildrenRule.choices, default=ChildrenRule.EQUAL
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        ordering = ["standard_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="aspect_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    """测评指标: the second level; in a two-level standard, one hidden (``implicit``) indicator
    per aspect, never shown on pages nor exported."""

    aspect = models.ForeignKey(Aspect, verbose_name=_("aspect"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    points = models.DecimalField(
        _("declared points"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Empty: not declared.")
    )
    children_rule = models.CharField(
        _("children"), max_length=10, choices=ChildrenRule.choices, default=ChildrenRule.EQUAL
    )
    implicit = models.BooleanField(_("implicit"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["aspect_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Section(models.Model):
    """三级指标 (细则): the level between indicator and item of a four-level standard."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="sections"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    points = models.DecimalField(
        _("declared points"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("Empty: not declared.")
    )
    children_rule = models.CharField(
        _("children"), max_length=10, choices=ChildrenRule.choices, default=ChildrenRule.EQUAL
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["indicator_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Item(models.Model):
    """测评项目: the scored leaf, with its method, required materials and evidence rules.

    ``rules`` is a list of {"type": ..., ...}: min_photos (count), min_files (count),
    file_types (list of extensions), requires_doc_number (true), date_window_months (months),
    min_records (count per period, with "period": month|quarter|year)."""

    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="items")
    aspect = models.ForeignKey(Aspect, verbose_name=_("aspect"), on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.TextField(_("content"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    methods = models.JSONField(_("assessment methods"), default=list)
    materials = models.TextField(_("required materials"), blank=True)
    rules = models.JSONField(_("evidence rules"), default=list, blank=True)
    # 计分规则 (``scoring_rules``): how the points are earned; {} is all or nothing.
    scoring = models.JSONField(_("scoring rule"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The item of the standard this one was copied from (a new version or an adaptation), so
    # that an adaptation can show what it changed; blank for an item added to the copy.
    based_on_item = models.ForeignKey(
        "self",
        verbose_name=_("copied from item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    # An item is visible where its standard is (a published bureau standard reaches the units below).
    scoping = ScopeSpec(unit="standard__owner_unit", through="standard")

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["standard_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:30]}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.points is not None and not Decimal("0") < self.points <= MAX_POINTS:
            errors["points"] = [_("Points must be greater than 0 and at most %(max)s.") % {"max": MAX_POINTS}]
        if not self.methods or not isinstance(self.methods, list):
            errors["methods"] = [_("Choose at least one assessment method.")]
        else:
            owner = self.standard.owner_unit if self.standard_id else None
            known = set(Method.available_to(owner).values_list("code", flat=True))
            unknown = [str(m) for m in self.methods if m not in known]
            if unknown:
                errors["methods"] = [_("Unknown assessment method “%(method)s”.") % {"method": "、".join(unknown)}]
        try:
            self.rules = validate_rules(self.rules)
        except ValidationError as exc:
            errors["rules"] = exc.messages
        try:
            self.scoring = validate_scoring(self.scoring)
        except ValidationError as exc:
            errors["scoring"] = exc.messages
        if self.indicator_id and self.aspect_id and self.indicator.aspect_id != self.aspect_id:
            errors["indicator"] = [_("The indicator belongs to another aspect.")]
        if self.section_id and self.indicator_id and self.section.indicator_id != self.indicator_id:
            errors["section"] = [_("The section belongs to another indicator.")]
        if errors:
            raise ValidationError(errors)
