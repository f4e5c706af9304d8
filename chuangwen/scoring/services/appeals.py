"""申诉: a department head appeals a deduction of their department within the scheme's window
(working days from the day the entry was written), with text and files; the office upholds it
(the entry stays) or reverses it (a counter-entry with source "appeal"). Every step is an
``AppealEvent``; nothing is deleted; the people concerned are notified."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.roles import CHANGE, Role
from chuangwen.core.workdays import add_working_days
from chuangwen.org.models import Membership

from ..department_files import close, prepare_files, store_all
from ..department_notify import notify_appeal_decided, notify_appeal_filed
from ..models import Appeal, AppealEvent, AppealFile, LedgerEntry, Scheme, Source
from .ledger import entry_correct

DEFAULT_APPEAL_DAYS = 5


def appeal_deadline(entry: LedgerEntry) -> datetime.date:
    """The last day to appeal ``entry``: the scheme's working days after it was written."""
    days = Scheme.objects.filter(unit_id=entry.unit_id).values_list("appeal_days", flat=True).first()
    return add_working_days(timezone.localdate(entry.created_at), days or DEFAULT_APPEAL_DAYS)


def may_appeal(user, entry: LedgerEntry) -> bool:
    """The head of the entry's department (an active membership) may appeal it."""
    if entry.department_id is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user, role=Role.DEPT_HEAD, department_id=entry.department_id, is_active=True
    ).exists()


def appeal_refusal(entry: LedgerEntry, *, today: datetime.date) -> str | None:
    """Why ``entry`` cannot be appealed now, or None."""
    if entry.points >= 0:
        return _("Only a deduction can be appealed.")
    if entry.reverses_id is not None or LedgerEntry.objects.filter(reverses=entry).exists():
        return _("This entry has been cancelled already.")
    if Appeal.objects.filter(entry=entry).exists():
        return _("This entry has been appealed already.")
    deadline = appeal_deadline(entry)
    if today > deadline:
        return _("The appeal window closed on %(date)s.") % {"date": deadline.isoformat()}
    return None


def _event(appeal: Appeal, action: str, user, text: str = "") -> AppealEvent:
    return AppealEvent.objects.create(appeal=appeal, action=action, by=user, text=text)


def appeal_file(*, entry: LedgerEntry, user, text: str, uploads=(), today: datetime.date | None = None) -> Appeal:
    """File an appeal against ``entry`` (its department's head, within the window)."""
    if not may_appeal(user, entry):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say why the entry is wrong.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("At most 2000 characters.")})
    prepared = prepare_files(uploads)
    try:
        with transaction.atomic():
            LedgerEntry.objects.select_for_update().filter(pk=entry.pk).first()
            refusal = appeal_refusal(entry, today=today or timezone.localdate())
            if refusal:
                raise ValidationError(refusal)
            appeal = Appeal(
                entry=entry,
                unit_id=entry.unit_id,
                department_id=entry.department_id,
                text=text,
                filed_by=user,
                deadline=appeal_deadline(entry),
            )
            appeal._history_user = user
            appeal.save()
            store_all(prepared, lambda **kw: AppealFile(appeal=appeal, uploaded_by=user, **kw))
            names = "、".join(p.original_name for p in prepared)
            _event(appeal, AppealEvent.Action.FILED, user, f"{text}\n{names}".strip())
            notify_appeal_filed(appeal)
    finally:
        close(prepared)
    return appeal


@transaction.atomic
def appeal_decide(*, appeal: Appeal, user, reverse: bool, reason: str) -> Appeal:
    """The office decides: ``reverse`` cancels the entry by a counter-entry (source "appeal");
    otherwise the entry is upheld. Decided once; the reason is required either way."""
    if not Appeal.objects.visible_to(user, CHANGE).filter(pk=appeal.pk).exists():
        raise PermissionDenied
    appeal = Appeal.objects.select_for_update().select_related("entry", "department").get(pk=appeal.pk)
    if appeal.status != Appeal.Status.FILED:
        raise ValidationError(_("This appeal has been decided already."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the decision.")})
    if reverse:
        appeal.counter_entry = entry_correct(
            entry=appeal.entry,
            reason=_("Appeal upheld: %(reason)s") % {"reason": reason},
            by=user,
            source=Source.APPEAL,
        )
        appeal.status = Appeal.Status.REVERSED
    else:
        appeal.status = Appeal.Status.UPHELD
    appeal.decided_by, appeal.decided_at, appeal.decision = user, timezone.now(), reason[:2000]
    appeal._history_user = user
    appeal.save()
    action = AppealEvent.Action.REVERSED if reverse else AppealEvent.Action.UPHELD
    _event(appeal, action, user, reason)
    notify_appeal_decided(appeal)
    return appeal
