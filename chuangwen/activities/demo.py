"""Demo data of activities (活动与学习) for ``make demo``: the demo hospitals' year up to
DEMO_TODAY from the series in demo.yaml — twice-monthly 政治学习, monthly 业务讲座, quarterly
道德讲堂, trainings and drills with their rates (the July training below 100%), 义诊, 我们的节日
and 结对帮扶 — with rosters, attendance (QR, a few paper sheets, leave), photos, study notes
against the office's target, and one training later today whose sign-in screen can be opened.

Activities linked to the hospital standard's items (1.1.1 "记录≥2/月; 照片≥1", 4.3.1, 5.3.2,
6.1.1…) count for them: their compliance is recomputed as of DEMO_TODAY at the end. Written in
bulk, as the services would have left it (history rows included); runs after the campaigns and
evidence demos (reads ``ctx.extra["campaigns"]``, ``ctx.units``, ``ctx.people``, ``ctx.users``)."""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw
from simple_history.utils import bulk_create_with_history

from chuangwen.campaigns.demo import DEMO_TODAY
from chuangwen.evidence.services import compliance_recompute_many
from chuangwen.org.models import Department

from .models import Activity, ActivityKind, ActivityPhoto, Attendance, StudyNote, StudyTarget
from .services.notes import count_words

DATA = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))
UNITS = {"rmyy": ("chuangban", 1.0), "zyy": ("zyy_chuangban", 0.5)}
CLINICAL = Department.Kind.CLINICAL


def _photo_file(unit_key: str, colour) -> tuple[str, str]:
    """One small photo (and its thumbnail) stored once per unit and shared by the demo rows."""
    names = []
    for size in ((640, 480), (160, 120)):
        img = Image.new("RGB", size, colour)
        ImageDraw.Draw(img).rectangle(
            [size[0] // 8, size[1] // 3, size[0] * 7 // 8, size[1] * 2 // 3], fill=(250, 250, 245)
        )
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=80)
        names.append(default_storage.save(f"activities/demo/{unit_key}_{size[0]}.jpg", ContentFile(buf.getvalue())))
    return names[0], names[1]


def _aware(day, at: str):
    hour, minute = (int(v) for v in at.split(":"))
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _roster(people, invite):
    if invite == "all":
        return people
    if invite == "clinical":
        return [p for p in people if p.department.kind == CLINICAL]
    return [p for p in people if p.department.name in invite]


def load(ctx) -> None:
    kinds = {k.code: k for k in ActivityKind.objects.filter(unit__isnull=True)}
    rng = random.Random(20260101)
    for key, (office_name, share) in UNITS.items():
        unit = ctx.units.get(key)
        people = [p for p in ctx.people.get(key, []) if p.is_active]
        if unit is None or not people:
            continue
        for p in people:
            p.department = ctx.departments.get((key, p.department.name), p.department)
        _load_unit(ctx, key, unit, people, kinds, ctx.users.get(office_name), share, rng)


def _load_unit(ctx, key, unit, people, kinds, office, share, rng) -> None:
    campaign = ctx.extra.get("campaigns", {}).get(key)
    items = {i.code: i for i in campaign.standard.items.all()} if campaign else {}
    organiser_dept = ctx.departments.get((key, "党办")) or people[0].department
    photo, thumb = _photo_file(key, (178, 34, 34) if key == "rmyy" else (46, 110, 84))
    planned = []
    for s in DATA["series"]:
        if share < 1 and s["kind"] in ("professional_study", "pairing"):
            continue
        n = 0
        for month in s["months"]:
            for day in s["days"]:
                when = DEMO_TODAY.replace(month=month, day=day)
                if when >= DEMO_TODAY:
                    continue
                n += 1
                title = DATA["festival_titles"].get(month) if s["kind"] == "festival" else s["title"]
                planned.append((s, when, title.format(month=month, n=n)))
    activities, links, roster_links = [], [], []
    for s, when, title in planned:
        start = _aware(when, s["at"])
        topic = rng.choice(DATA["topics"])
        a = Activity(
            unit=unit,
            kind=kinds[s["kind"]],
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=s["hours"]),
            place=DATA["places"][s["place"]],
            department=organiser_dept,
            summary=f"{title}。{topic}参加人员认真听讲并交流发言，会后按要求撰写学习心得。",
            campaign=campaign if s["items"] else None,
            created_by=office,
        )
        a.demo = (s, _roster(people, s["invite"]))
        activities.append(a)
    bulk_create_with_history(activities, Activity, default_user=office)
    today_training = _today(unit, kinds, organiser_dept, office)
    attendance, notes, photos = [], [], []
    for a in activities:
        s, roster = a.demo
        roster_links += [Activity.roster.through(activity_id=a.pk, person_id=p.pk) for p in roster]
        links += [Activity.items.through(activity_id=a.pk, item_id=items[c].pk) for c in s["items"] if c in items]
        come = s["come"] - (0.07 if a.title == "院感防控与手卫生培训" else 0)
        for p in roster:
            r = rng.random()
            if r < s["leave"]:
                status, method, reason = (
                    Attendance.Status.LEAVE,
                    Attendance.Method.OFFICE,
                    rng.choice(["夜班", "外出进修", "病假", "下乡支医"]),
                )
            elif r < s["leave"] + come:
                late = rng.random() < 0.05
                status, reason = (Attendance.Status.LATE if late else Attendance.Status.PRESENT), ""
                method = Attendance.Method.PAPER if rng.random() < 0.15 else Attendance.Method.QR
            else:
                continue
            signed = (
                None
                if status == Attendance.Status.LEAVE
                else a.starts_at + timedelta(minutes=rng.randint(-20, 25 if status == "late" else 5))
            )
            attendance.append(
                Attendance(
                    activity=a,
                    person=p,
                    unit=unit,
                    department=p.department,
                    status=status,
                    method=method,
                    signed_at=signed,
                    leave_reason=reason,
                    recorded_by=office,
                )
            )
            if a.kind.is_study and status != Attendance.Status.LEAVE and rng.random() < 0.8:
                text = "".join(rng.sample(DATA["notes"], k=rng.randint(2, 4)))
                notes.append(
                    StudyNote(
                        activity=a,
                        person=p,
                        unit=unit,
                        department=p.department,
                        text=text,
                        word_count=count_words(text),
                        year=a.starts_at.year,
                    )
                )
        photos += [
            ActivityPhoto(
                activity=a,
                unit=unit,
                file=photo,
                thumbnail=thumb,
                original_name=f"现场{i + 1}.jpg",
                content_type="image/jpeg",
                size=default_storage.size(photo),
                sha256="0" * 64,
                taken_on=a.starts_at.date(),
                uploaded_by=office,
            )
            for i in range(s["photos"])
        ]
    Activity.roster.through.objects.bulk_create(roster_links, batch_size=2000)
    Activity.items.through.objects.bulk_create(links)
    bulk_create_with_history(attendance, Attendance, batch_size=2000, default_user=office)
    bulk_create_with_history(notes, StudyNote, batch_size=1000, default_user=office)
    ActivityPhoto.objects.bulk_create(photos)
    today_training.roster.set(people)
    StudyTarget.objects.update_or_create(
        unit=unit, year=DEMO_TODAY.year, kind=None, defaults={"words_per_person": DATA["targets"][key]}
    )
    if campaign is not None:
        served = [items[c] for s in DATA["series"] for c in s["items"] if c in items]
        compliance_recompute_many(campaign=campaign, items=list(dict.fromkeys(served)), today=DEMO_TODAY)
    if ctx.stdout:
        ctx.stdout.write(
            f"{unit.name}：活动 {len(activities) + 1} 次，签到 {len(attendance)} 人次，学习笔记 {len(notes)} 篇。"
        )


def _today(unit, kinds, department, office) -> Activity:
    """A safety training starting within the hour, so its sign-in screen works in the demo."""
    start = (timezone.localtime() + timedelta(minutes=40)).replace(second=0, microsecond=0)
    a = Activity(
        unit=unit,
        kind=kinds["training"],
        title="安全生产与应急处置培训",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place=DATA["places"]["hall"],
        department=department,
        created_by=office,
        signin_opens_minutes=60,
    )
    a._history_user = office
    a.save()
    return a
