"""Demo data of the audit log: the last four weeks of who saw and took what in the demo county,
so the office (chuangban) and the bureau (weijianju) find a lived-in log on /audit/.

Runs last (after the evidence and feedback steps, whose files and complaints it names): working
day sign-ins of the demo logins, a few mistyped passwords, downloads of real evidence files,
exports of the staff roster and the complaint list, complaints opened with their contact in
clear, and an API token created. Uses its own random generator, so adding it changed no other
step's data. Leaves ``ctx.extra["audit_events"]`` (how many)."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Action, AuditEvent

DAYS = 28
SEED = 11
BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile",
]
# Demo login -> (its LAN address, how likely it signs in on a working day).
LOGINS = {
    "chuangban": ("10.20.1.15", 0.95),
    "neike": ("10.20.3.41", 0.7),
    "duchayuan": ("10.20.2.8", 0.5),
    "zhigong": ("10.20.3.77", 0.3),
    "shuji": ("10.20.1.9", 0.4),
    "weijianju": ("10.8.0.23", 0.6),
    "zyy_chuangban": ("10.30.1.5", 0.8),
}


def load(ctx) -> None:
    from chuangwen.evidence.models import EvidenceFile
    from chuangwen.feedback.models import Complaint

    rng = random.Random(SEED)
    users = {name: ctx.users[name] for name in LOGINS if name in ctx.users}
    homes = {name: _home(user) for name, user in users.items()}
    today = timezone.localdate()
    rows: list[AuditEvent] = []

    def add(day, hour, username, action, *, target=None, target_repr="", unit_id=None, detail=None):
        user = users[username]
        ip, _p = LOGINS[username]
        at = timezone.make_aware(datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60))))
        rows.append(
            AuditEvent(
                created_at=at,
                actor=user,
                username=username,
                action=action,
                unit_id=unit_id or homes[username],
                target_type=target._meta.label_lower if target is not None else "",
                target_id=str(target.pk) if target is not None else "",
                target_repr=(target_repr or (str(target) if target is not None else ""))[:200],
                client_ip=ip,
                user_agent=BROWSERS[2 if username == "zhigong" else rng.randrange(2)],
                detail=detail or {},
            )
        )

    rmyy = ctx.units["rmyy"]
    files = list(EvidenceFile.objects.filter(unit=rmyy, archived_at__isnull=True).order_by("id")[:40])
    complaints = list(Complaint.objects.filter(unit=rmyy).exclude(complainant_phone="").order_by("-received_at")[:12])
    for offset in range(DAYS, -1, -1):
        day = today - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for username, (_ip, likely) in LOGINS.items():
            if username not in users or rng.random() > likely:
                continue
            if rng.random() < 0.04:
                add(day, 8, username, Action.LOGIN_FAILED, detail={})
            add(day, rng.choice((8, 8, 9, 14)), username, Action.LOGIN)
        for _ in range(rng.randrange(1, 4)):
            if files:
                f = rng.choice(files)
                who = rng.choice(("chuangban", "neike", "weijianju"))
                detail = {"kind": "evidence_file", "via": "page", "file": f.original_name}
                add(day, rng.randrange(9, 17), who, Action.DOWNLOAD, target=f, unit_id=rmyy.pk, detail=detail)
        if complaints and rng.random() < 0.5:
            c = rng.choice(complaints)
            add(
                day,
                rng.randrange(9, 17),
                "chuangban",
                Action.VIEW_CONTACT,
                target=c,
                target_repr=c.reference,
                detail={"via": "page", "complaints": [c.reference]},
            )
        if day.weekday() == 4:  # Fridays: the week's lists go to the meeting
            add(
                day,
                16,
                "chuangban",
                Action.EXPORT,
                target_repr=f"投诉登记台账-{day:%Y%m%d}.xlsx",
                detail={
                    "kind": "complaints",
                    "rows": len(complaints),
                    "clear_contacts": len(complaints),
                    "filters": {},
                },
            )
    staff_day, token_day = _working_day(today - timedelta(days=20)), _working_day(today - timedelta(days=9))
    add(
        staff_day,
        10,
        "chuangban",
        Action.EXPORT,
        target_repr=f"职工花名册-县人民医院-{staff_day:%Y%m%d}.xlsx",
        detail={"kind": "staff", "rows": len(ctx.people.get("rmyy", [])), "filters": {}},
    )
    add(token_day, 11, "chuangban", Action.TOKEN_CREATE, target_repr="院内OA对接 (cw_x7Kp…)")
    AuditEvent.objects.bulk_create(rows)
    ctx.extra["audit_events"] = len(rows)
    if ctx.stdout:
        ctx.stdout.write(f"审计日志：{len(rows)} 条（近 {DAYS} 天）。")


def _working_day(day):
    """The day itself, or the Friday before a weekend day."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _home(user) -> int | None:
    for m in user.scope_memberships():
        if m.unit_id:
            return m.unit_id
    return None
