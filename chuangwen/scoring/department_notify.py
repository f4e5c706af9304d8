"""Notices of 量化考核 and appeals, through the one notification service (with dedupe keys)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.core.roles import Role
from chuangwen.dashboard.services import NotificationDraft, notifications_send_on_commit
from chuangwen.org.models import Membership

KIND_PUBLISHED = "department_scores_published"
KIND_APPEAL = "ledger_appeal"


def _users(q: Q) -> list[int]:
    return sorted(
        set(Membership.objects.filter(q, is_active=True, user__is_active=True).values_list("user_id", flat=True))
    )


def office_of(unit_id: int) -> list[int]:
    return _users(Q(role=Role.OFFICE, unit_id=unit_id))


def heads_of(department_ids) -> list[int]:
    return _users(Q(role=Role.DEPT_HEAD, department_id__in=list(department_ids)))


def notify_published(*, unit, month: datetime.date, rows) -> None:
    """Tell each department head the month's result of their department."""
    url = reverse("scoring_departments:ranking") + f"?month={month:%Y-%m}"
    drafts = []
    for row in rows:
        params = {"month": f"{month:%Y-%m}", "score": row.score, "rank": row.rank, "n": len(rows)}
        title = _("Department scores of %(month)s published") % params
        body = _("Your department: %(score)s points, rank %(rank)s of %(n)s.") % params
        for uid in heads_of([row.department_id]):
            drafts.append(
                NotificationDraft(
                    uid, KIND_PUBLISHED, title, body, url, f"dscore:{row.department_id}:{month:%Y-%m}:{uid}"
                )
            )
    notifications_send_on_commit(drafts=drafts)


def notify_appeal_filed(appeal) -> None:
    url = reverse("scoring_departments:appeal_detail", args=[appeal.pk])
    params = {"department": appeal.department.name, "label": appeal.entry.source_label or appeal.entry.reason[:30]}
    title = _("Appeal from %(department)s") % params
    drafts = [
        NotificationDraft(uid, KIND_APPEAL, title, appeal.text[:120], url, f"appeal:{appeal.pk}:filed:{uid}")
        for uid in office_of(appeal.unit_id)
    ]
    notifications_send_on_commit(drafts=drafts)


def notify_appeal_decided(appeal) -> None:
    url = reverse("scoring_departments:appeal_detail", args=[appeal.pk])
    params = {"status": appeal.get_status_display()}
    title = _("Your appeal: %(status)s") % params
    uids = sorted({appeal.filed_by_id, *heads_of([appeal.department_id])})
    drafts = [
        NotificationDraft(uid, KIND_APPEAL, title, appeal.decision[:120], url, f"appeal:{appeal.pk}:decided:{uid}")
        for uid in uids
    ]
    notifications_send_on_commit(drafts=drafts)
