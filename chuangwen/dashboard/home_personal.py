"""What's next for a member of staff, a party branch secretary and the system administrator
(the other roles' panels are in ``home.py``)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_lazy as _

from chuangwen.core.roles import CHANGE, VIEW

from .home import Next, Panel, url


def staff_panel(user, person, *, today: datetime.date, with_tasks: bool = True) -> Panel:
    """My tasks (unless the head's panel shows them), my volunteer hours against the target, my
    study notes, my ethics self-evaluation (six queries)."""
    from chuangwen.activities.selectors import notes_progress
    from chuangwen.campaigns.models import Task
    from chuangwen.campaigns.selectors import my_tasks
    from chuangwen.ethics.evaluation_models import Evaluation, EvaluationRow
    from chuangwen.org.models import Person
    from chuangwen.volunteer.selectors import person_totals, rules_for

    items = []
    if with_tasks:
        items.append(
            Next(
                "my-tasks",
                _("My open tasks"),
                url("campaigns:my_tasks", open=1),
                my_tasks(user).exclude(status=Task.Status.ACCEPTED).count(),
                "check2-square",
            )
        )
    panel = Panel("staff", _("My work"), "person-check", items)
    if person is None:
        return panel
    one = Person.objects.filter(pk=person.pk)
    [total] = person_totals(one, unit_id=person.unit_id, year=today.year, today=today)
    target = _hours_target(rules_for(person.unit_id, today.year))
    hours = f"{total.year.normalize():f}"
    items.append(
        Next(
            "my-volunteer",
            _("My volunteer hours this year"),
            url("volunteer:me"),
            None,
            "heart-pulse",
            urgent=bool(target and total.year < target),
            note=(
                _("%(hours)s of %(target)s hours") % {"hours": hours, "target": f"{target.normalize():f}"}
                if target
                else _("%(hours)s hours") % {"hours": hours}
            ),
        )
    )
    [notes] = notes_progress(one, unit_id=person.unit_id, year=today.year)
    items.append(
        Next(
            "my-notes",
            _("My study notes this year"),
            url("activities:my_notes"),
            None,
            "journal-text",
            urgent=notes.behind,
            note=(
                _("%(words)s of %(target)s characters") % {"words": notes.words, "target": notes.target}
                if notes.target
                else _("%(words)s characters") % {"words": notes.words}
            ),
        )
    )
    row = (
        EvaluationRow.objects.filter(
            person=person, evaluation__status=Evaluation.Status.OPEN, evaluation__unit_id=person.unit_id
        )
        .values_list("pk", "self_at")
        .first()
    )
    if row is None:
        note = _("Nothing to fill in now")
    else:
        note = _("Done") if row[1] else _("Waiting for your self-evaluation")
    items.append(
        Next(
            "my-ethics",
            _("My ethics self-evaluation"),
            url("ethics:me"),
            None,
            "person-vcard",
            urgent=row is not None and row[1] is None,
            note=note,
        )
    )
    return panel


def _hours_target(rules: dict):
    """One person's hours due in the year: the yearly rule, or twelve times the monthly one, or
    the unit's average per person."""
    from chuangwen.volunteer.models import ServiceRule

    Kind = ServiceRule.Kind
    if rules.get(Kind.EACH_YEAR):
        return rules[Kind.EACH_YEAR]
    if rules.get(Kind.EACH_MONTH):
        return rules[Kind.EACH_MONTH] * 12
    return rules.get(Kind.AVERAGE_YEAR)


def secretary_panel(user, unit, *, today: datetime.date) -> Panel:
    """The branches this secretary keeps: required meetings due, the development pipeline
    (five queries: branches, the calendar's three, applicants)."""
    from chuangwen.party.models import Applicant
    from chuangwen.party.selectors import applicant_queryset, branch_queryset, branch_summaries

    branches = list(branch_queryset(user, CHANGE).filter(unit=unit)[:10])
    summaries = branch_summaries(branches, year=today.year, today=today) if branches else {}
    items = [
        Next(
            f"meetings-due-{b.pk}",
            _("Meetings due: %(branch)s") % {"branch": b.name},
            url("party:branch_detail", b.pk),
            summaries[b.pk]["due"] + summaries[b.pk]["late"],
            "calendar-check",
            urgent=bool(summaries[b.pk]["late"]),
        )
        for b in branches
    ]
    items.append(
        Next(
            "pipeline",
            _("Member development under way"),
            url("party:pipeline", status=Applicant.Status.ACTIVE),
            applicant_queryset(user, VIEW).filter(unit=unit, status=Applicant.Status.ACTIVE).count(),
            "person-up",
        )
    )
    return Panel("secretary", _("Party branch work"), "flag", items)


def admin_panel(user, *, today: datetime.date) -> Panel:
    """What a system administrator does: accounts and roles, the units, the holiday calendar, the
    audit log (two queries)."""
    from chuangwen.core import workdays
    from chuangwen.org.models import Unit, User

    missing = workdays.years_missing(today=today)
    items = [
        Next(
            "admin-users",
            _("Accounts and roles"),
            url("admin:org_user_changelist"),
            User.objects.filter(is_active=True).count(),
            "people",
        ),
        Next("admin-units", _("Units"), url("org:unit_list"), Unit.objects.visible_to(user, VIEW).count(), "hospital"),
        Next(
            "admin-calendar",
            _("Holiday calendar years missing"),
            url("admin:core_calendaryear_changelist"),
            len(missing),
            "calendar3",
            urgent=bool(missing),
        ),
        Next("admin-audit", _("Audit log"), url("audit:event_list"), None, "shield-check"),
    ]
    return Panel("admin", _("System administration"), "gear", items)
