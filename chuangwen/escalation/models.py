"""督办规则: escalation rules as data. One rule is one step: for which kind of record, when
(days before or after the deadline, calendar or working days), to whom (the responsible person,
the department heads, the unit's campaign office, the supervising authority), with which notice,
and, for the kinds with levels (rectification orders, complaints), the level it raises the
record to.

Rules without an owner are the defaults for every unit (seeded by migration 0002 with the
behaviour the three old engines had). A health authority's rule applies to the units of its
region, a hospital's to itself; a rule replaces the less specific one of the same kind and code,
so a bureau can set its region's ladder and a hospital can change a step or switch it off (an
inactive copy) for itself, or add its own step under a new code. Edited in the admin, with
history; never deleted (switched off instead)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chuangwen.core.models import TimeStampedModel
from chuangwen.org.models import Unit

from . import registry


class EscalationRule(TimeStampedModel):
    """督办规则: one step of an escalation ladder."""

    class Subject(models.TextChoices):
        TASK = "task", _("Task")
        FINDING = "finding", _("Rectification order")
        COMPLAINT = "complaint", _("Complaint")

    class Trigger(models.TextChoices):
        BEFORE = "before", _("Before the deadline")
        AFTER = "after", _("After the deadline")

    class Message(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated")

    class Fallback(models.TextChoices):
        NONE = "", _("Nobody")
        DEPARTMENT_HEAD = "department_head", _("The department heads")
        OFFICE = "office", _("The unit's campaign office")

    class Condition(models.TextChoices):
        ALL = "", _("Every record")
        FROM_AUTHORITY = "from_authority", _("Only findings of a health authority")

    owner = models.ForeignKey(
        Unit,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Empty: a default for every unit. A health authority: the units of its region. A hospital: itself."
        ),
    )
    subject = models.CharField(_("applies to"), max_length=10, choices=Subject.choices)
    code = models.CharField(
        _("code"),
        max_length=20,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$", _("Use lower-case letters, digits and _ only."))],
        help_text=_(
            "The step's name in the notices' keys, e.g. esc2. A rule of a more specific owner with the same "
            "code replaces this one."
        ),
    )
    name = models.CharField(_("name"), max_length=50)
    trigger = models.CharField(_("when"), max_length=6, choices=Trigger.choices, default=Trigger.AFTER)
    days = models.PositiveSmallIntegerField(_("days"), validators=[MaxValueValidator(365)])
    working_days = models.BooleanField(
        _("count working days"), default=False, help_text=_("Count working days instead of calendar days.")
    )
    level = models.PositiveSmallIntegerField(
        _("escalation level"),
        default=0,
        validators=[MaxValueValidator(9)],
        help_text=_("The level the record is raised to (0: notify only; tasks have no levels)."),
    )
    condition = models.CharField(_("condition"), max_length=20, choices=Condition.choices, blank=True)
    notify_responsible = models.BooleanField(_("the responsible person"), default=False)
    notify_department_head = models.BooleanField(_("the department heads"), default=False)
    notify_office = models.BooleanField(_("the unit's campaign office"), default=False)
    notify_supervisor = models.BooleanField(_("the supervising authority"), default=False)
    fallback = models.CharField(_("when nobody is responsible"), max_length=20, choices=Fallback.choices, blank=True)
    message = models.CharField(_("message"), max_length=10, choices=Message.choices)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["subject", "owner_id", "level", "days", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "code"],
                condition=Q(owner__isnull=True),
                name="escalation_rule_default_code_unique",
                violation_error_message=_("A default rule with this code already exists for this kind of record."),
            ),
            models.UniqueConstraint(
                fields=["owner", "subject", "code"],
                name="escalation_rule_owner_code_unique",
                violation_error_message=_("This owner already has a rule with this code for this kind of record."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audiences(self) -> list[str]:
        """The notified groups, as field names without ``notify_``."""
        names = ("responsible", "department_head", "office", "supervisor")
        return [n for n in names if getattr(self, f"notify_{n}")]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        adapter = registry.adapter_for(self.subject)
        if self.trigger == self.Trigger.AFTER and self.days < 1:
            errors["days"] = _("A rule after the deadline needs at least 1 day overdue.")
        if self.trigger == self.Trigger.BEFORE:
            if self.level:
                errors["level"] = _("A reminder before the deadline cannot raise the escalation level.")
            if self.message and self.message != self.Message.DUE_SOON:
                errors["message"] = _("Before the deadline, choose the message “Due soon”.")
        elif self.message == self.Message.DUE_SOON:
            errors["message"] = _("After the deadline, choose the message “Overdue” or “Escalated”.")
        if adapter is not None:
            if self.level and not adapter.has_levels:
                errors["level"] = _("Tasks have no escalation levels: enter 0.")
            if self.message and self.message not in adapter.messages and "message" not in errors:
                errors["message"] = _("This kind of record cannot send this message.")
            if self.condition and self.condition not in adapter.conditions:
                errors["condition"] = _("This condition does not apply to this kind of record.")
        if not self.audiences:
            errors["notify_responsible"] = _("Choose at least one group to notify.")
        if self.fallback and not self.notify_responsible:
            errors["fallback"] = _("A substitute only applies when the responsible person is notified.")
        if errors:
            raise ValidationError(errors)
