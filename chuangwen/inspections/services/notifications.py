"""Who hears of a finding's step: the office of a new finding, the responsible department of
an order or a re-check, the inspector of a response. In-app and e-mail through the dashboard's
one notification service, once the transaction commits; the text in the site's language."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role

from .. import selectors
from ..models import Finding


def site_language():
    # Stored text is read by everyone: in the site's language, not the caller's.
    return translation.override(settings.LANGUAGE_CODE)


def finding_url(finding: Finding) -> str:
    return reverse("inspections:finding_detail", args=[finding.pk])


def _send(user_ids, *, kind: str, finding: Finding, title: str, body: str = "") -> None:
    from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit

    notifications_send_on_commit(
        drafts=[
            NotificationDraft(
                uid,
                kind,
                title[:200],
                body,
                finding_url(finding),
                # where it belongs and its deadline: a department's group robots hear of it
                unit_id=finding.unit_id,
                department_id=finding.department_id,
                deadline=finding.deadline,
            )
            for uid in dict.fromkeys(user_ids)
            if uid
        ]
    )


def _problem(finding: Finding) -> dict[str, str]:
    return {"problem": finding.description[:40]}


def notify_office(finding: Finding) -> None:
    offices = selectors.users_with_role(Role.OFFICE, unit_ids=[finding.unit_id]).get(finding.unit_id, [])
    with site_language():
        if finding.source_unit_id != finding.unit_id:
            title = _("Finding of %(source)s to dispatch: %(problem)s") % {
                "source": finding.source_unit.short_name or finding.source_unit.name,
                **_problem(finding),
            }
            kind = "finding_from_authority"
        else:
            title = _("New finding to dispatch: %(problem)s") % _problem(finding)
            kind = "finding_recorded"
    _send(offices, kind=kind, finding=finding, title=title, body=finding.description)


def _department_users(finding: Finding) -> list[int]:
    heads = selectors.users_with_role(Role.DEPT_HEAD, department_ids=[finding.department_id]).get(
        finding.department_id, []
    )
    person = finding.responsible_person
    return heads + ([person.user_id] if person and person.user_id else [])


def notify_department(finding: Finding, title: str, body: str = "") -> None:
    with site_language():
        text = str(title) % _problem(finding)
    _send(_department_users(finding), kind=f"finding_{finding.state}", finding=finding, title=text, body=body)


def notify_inspectors(finding: Finding, title: str) -> None:
    with site_language():
        text = str(title) % _problem(finding)
    _send([finding.found_by_id], kind="finding_responded", finding=finding, title=text)
