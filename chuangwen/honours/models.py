"""Honours (评先评优): honour types with their rules as data, selection rounds, nominations,
secret ballots, 公示 objections.

The ballot is secret by construction: ``Participation`` says only that a person of the roster
has voted (online or on paper), ``Ballot`` and ``BallotChoice`` say only what was chosen. No
foreign key, timestamp or sequence joins the two: their keys are random (uuid4), neither has a
creation time, neither has history (a history row carries a time), and nothing lists ballots one
by one: pages and the API only ever show the tally (see ``votes.py``)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.core.roles import ALL_ROLES, CHANGE, VIEW, Role
from chuangwen.core.scoping import ScopedManager, ScopeSpec, grant, perms
from chuangwen.org.models import Department, Person, Region, Unit

from .rules import validate_rules

READERS = frozenset({Role.OFFICE, Role.SUPERVISOR, Role.DEPT_HEAD, Role.PARTY_SECRETARY, Role.INSPECTOR})


def _shared_types(memberships, action):
    """Honour types every unit may use (no owner) and those of a region above the user's units."""
    if action != VIEW or not memberships:
        return Q(pk__in=[])
    paths = set()
    for m in memberships:
        for path in (m.region_path, m.unit_region_path):
            if path:
                paths.update(Region.paths_at_or_above(path))
    return Q(unit__isnull=True, region__isnull=True) | Q(unit__isnull=True, region__path__in=sorted(paths))


class HonourType(TimeStampedModel):
    """荣誉类型: an honour a unit gives yearly (最满意护士, 文明科室 …), its eligibility rules,
    quota, ledger bonus and procedure. Owned by a unit, a region (all its units) or nobody
    (shipped, every unit)."""

    class Subject(models.TextChoices):
        PERSON = "person", _("A staff member")
        DEPARTMENT = "department", _("A department")

    class QuotaKind(models.TextChoices):
        NUMBER = "number", _("A number")
        STAFF_PERCENT = "staff_percent", _("Percent of the staff")
        PARTY_PERCENT = "party_percent", _("Percent of the party members")
        DEPARTMENT_PERCENT = "department_percent", _("Percent of the departments")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=40)
    subject = models.CharField(_("honoured"), max_length=12, choices=Subject.choices, default=Subject.PERSON)
    rules = models.JSONField(_("eligibility rules"), default=list, blank=True, validators=[validate_rules])
    quota_kind = models.CharField(_("quota"), max_length=20, choices=QuotaKind.choices, default=QuotaKind.NUMBER)
    quota_value = models.DecimalField(_("quota value"), max_digits=6, decimal_places=2, default=1)
    bonus_points = models.DecimalField(_("bonus to the person"), max_digits=5, decimal_places=2, default=0)
    department_bonus_points = models.DecimalField(
        _("bonus to the department"), max_digits=5, decimal_places=2, default=0
    )
    uses_vote = models.BooleanField(_("democratic vote"), default=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示 (working days)"), default=7)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit",
        unit_wide_view=True,
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
        extra=_shared_types,
    )

    class Meta:
        verbose_name = _("honour type")
        verbose_name_plural = _("honour types")
        ordering = ["code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="honour_type_unique_code_per_unit"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(unit__isnull=True, region__isnull=True), name="honour_type_unique_shipped"
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=True) | Q(region__isnull=True), name="honour_type_unit_or_region"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Selection(TimeStampedModel):
    """评选: one unit's selection of a year for one or more honour types, from nomination to the
    published list."""

    class Status(models.TextChoices):
        NOMINATING = "nominating", _("Nominating")
        VOTING = "voting", _("Voting")
        REVIEW = "review", _("Leadership review")
        PUBLICITY = "publicity", _("Public notice (公示)")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=80)
    honour_types = models.ManyToManyField(HonourType, verbose_name=_("honour types"), related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOMINATING)
    nomination_until = models.DateField(_("nominations until"), null=True, blank=True)
    publicity_from = models.DateField(_("公示 from"), null=True, blank=True)
    publicity_until = models.DateField(_("公示 until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="unit", unit_wide_view=True, perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Nomination(TimeStampedModel):
    """推荐: one nominee (a person, or a department for a department honour) for one honour type of
    a selection, with the reasons, the eligibility found and the review's decision."""

    class Channel(models.TextChoices):
        SELF = "self", _("Self-nomination")
        DEPARTMENT = "department", _("Department nomination")
        BRANCH = "branch", _("Party branch nomination")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPROVED = "approved", _("Approved by the leadership")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        AWARDED = "awarded", _("Awarded")

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.PROTECT, related_name="nominations"
    )
    honour_type = models.ForeignKey(HonourType, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        Person, verbose_name=_("nominee"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("nominated by"), max_length=12, choices=Channel.choices)
    reason = models.TextField(_("deeds and reasons"), max_length=3000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    certificate_no = models.CharField(_("certificate number"), max_length=30, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="selection__unit",
        department="department",
        owner="person__user",
        perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["honour_type_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "honour_type", "person"],
                condition=~Q(status="withdrawn") & Q(person__isnull=False),
                name="nomination_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["selection", "honour_type", "department"],
                condition=~Q(status="withdrawn") & Q(person__isnull=True),
                name="nomination_once_per_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} · {self.honour_type}"

    @property
    def nominee_name(self) -> str:
        return self.person.name if self.person_id else self.department.name


class NominationFile(TimeStampedModel):
    """推荐材料: a file attached to a nomination (photos or PDF), served only through its scope."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="honours/%Y/%m/", max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to="honours/%Y/%m/", max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()
    scoping = ScopeSpec(unit="nomination__selection__unit", through="nomination")

    class Meta:
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")

    def __str__(self) -> str:
        return self.original_name


class VoteSession(TimeStampedModel):
    """民主投票: a secret ballot on the eligible nominees of one honour type, by a roster of voters,
    each choosing at most ``choices_limit``; valid when ``quorum_percent`` of the roster voted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.PROTECT, related_name="sessions"
    )
    honour_type = models.ForeignKey(HonourType, verbose_name=_("honour"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=80)
    candidates = models.ManyToManyField(Nomination, verbose_name=_("candidates"), related_name="+")
    choices_limit = models.PositiveSmallIntegerField(_("choose at most"), default=1)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (percent of the roster)"), default=67)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Paper ballots are entered by the office; once the selection moves to review they are final.
    paper_ballots = models.PositiveIntegerField(_("paper ballots entered"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["paper_ballots"])

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="selection__unit", unit_wide_view=True, perms=perms(grant(ALL_ROLES, VIEW), grant({Role.OFFICE}, CHANGE))
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="vote_closes_after")
        ]

    def __str__(self) -> str:
        return self.title


class Voter(models.Model):
    """投票人名单: who may vote in a session (the roster); says nothing of whether they voted."""

    session = models.ForeignKey(VoteSession, on_delete=models.PROTECT, related_name="voters")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="voter_once_per_session")]

    def __str__(self) -> str:
        return str(self.person_id)


class Participation(models.Model):
    """已投票: that a voter of the roster has voted (online, or on paper as marked by the office).
    A random key and no time, so its rows cannot be lined up with the ballots."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(VoteSession, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField(_("on paper"), default=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="participation_once_per_voter")]

    def __str__(self) -> str:
        return str(self.session_id)


class Ballot(models.Model):
    """选票: one anonymous ballot (online or entered from paper). No voter, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(VoteSession, on_delete=models.PROTECT, related_name="+")
    paper = models.BooleanField(_("from paper"), default=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.session_id)


class BallotChoice(models.Model):
    """One name ticked on a ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="choices")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [models.UniqueConstraint(fields=["ballot", "nomination"], name="ballot_choice_once")]

    def __str__(self) -> str:
        return str(self.nomination_id)


class Objection(TimeStampedModel):
    """公示异议: an objection to a nominee during the 公示, and the office's answer."""

    selection = models.ForeignKey(
        Selection, verbose_name=_("selection"), on_delete=models.PROTECT, related_name="objections"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nominee"), on_delete=models.PROTECT, related_name="objections"
    )
    text = models.TextField(_("objection"), max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    upheld = models.BooleanField(_("objection upheld"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()
    scoping = ScopeSpec(
        unit="selection__unit",
        owner="submitted_by",
        perms=perms(grant(READERS, VIEW), grant({Role.STAFF}, VIEW), grant({Role.OFFICE}, CHANGE)),
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:30]
