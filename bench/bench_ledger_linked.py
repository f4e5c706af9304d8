"""Linked records in the ledger: a campaign whose items are served by ``--records`` activities
(each with a roster of ``--roster`` people, most signed in, and two photos), its ledger built
three ways on the same data:

- **one by one**: what converting each record with its own LibreOffice start would cost
  (``pdf.docx_to_pdf`` on ``--sample`` records, scaled to all of them: said so in the report);
- **cold**: the job as it is, nothing cached (one LibreOffice run per ``pdf.BATCH`` records);
- **warm**: a rebuild with nothing changed (every PDF from the content-keyed cache);
- **one edited**: a rebuild after one activity changed (one record converted).

    .venv/bin/python bench/bench_ledger_linked.py                 # 120 records
    .venv/bin/python bench/bench_ledger_linked.py --records 20

SQLite in a temp dir unless DATABASE_URL is set (bench/common.py); LibreOffice must be
installed. ``tests/reports/test_bench_smoke.py`` runs the same functions tiny."""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import report, setup_django  # noqa: E402


def _jpeg(seed: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (1600, 1200), (seed * 37 % 255, 120, 200)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def generate(*, records: int, roster: int, log=print) -> dict:
    """A hospital, a campaign of 20 items, ``records`` activities linked to them (each with a
    roster of ``roster`` people, 90 % signed in, and two stored photos)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from chuangwen.activities.models import Activity, ActivityPhoto, Attendance
    from chuangwen.core.roles import Role
    from tests import factories as f

    region = f.region("基准县")
    unit = f.unit(region, "基准县人民医院")
    dept = f.department(unit, "内科")
    office = f.user("bench_linked_office")
    f.member(office, Role.OFFICE, unit=unit)
    std = f.standard(unit, aspects=2, indicators=2, items=5)
    campaign = f.campaign(unit, std)
    items = list(std.items.order_by("order"))
    people = [f.person(dept, name=f"职工{k:03d}") for k in range(roster)]
    kind = f.shipped_kind("political_study")
    photos = [_jpeg(k) for k in range(4)]
    for k in range(records):
        start = timezone.make_aware(datetime(2026, 2, 2, 16, 0)) + timedelta(days=2 * k)
        a = Activity.objects.create(
            unit=unit, department=dept, kind=kind, title=f"第{k + 1}次政治理论学习", starts_at=start,
            ends_at=start + timedelta(hours=2), place="门诊楼三楼会议室", campaign=campaign,
            summary="学习上级文件精神，交流心得体会。" * 5,
        )  # fmt: skip
        a.roster.set(people)
        a.items.set([items[k % len(items)]])
        Attendance.objects.bulk_create(
            Attendance(
                activity=a,
                person=p,
                unit=unit,
                department=dept,
                status="present",
                method="qr",
                signed_at=start + timedelta(minutes=n % 15),
            )  # fmt: skip
            for n, p in enumerate(people)
            if n % 10
        )
        for n in range(2):
            ph = ActivityPhoto(activity=a, unit=unit, original_name=f"现场{n + 1}.jpg", content_type="image/jpeg",
                               size=len(photos[0]), sha256=f"{k:060d}{n:04d}")  # fmt: skip
            ph.file.save(f"bench-{k}-{n}.jpg", ContentFile(photos[(k + n) % 4]), save=False)
            ph.save()
    log(f"  {records} activities × {roster} people generated")
    return {"campaign": campaign, "office": office, "records": records}


def build(data: dict) -> dict:
    """Queue and run one build (a rebuild of the same fingerprint too): seconds and status."""
    from chuangwen.reports.ledger import ledger_build_run
    from chuangwen.reports.models import LedgerBuild
    from chuangwen.reports.selectors import fingerprint

    c = data["campaign"]
    b = LedgerBuild.objects.create(campaign=c, unit=c.unit, requested_by=data["office"], fingerprint=fingerprint(c, []))
    t0 = time.perf_counter()
    status = ledger_build_run(build_id=b.pk)
    return {"status": status, "seconds": round(time.perf_counter() - t0, 2), "build": b.pk}


def one_by_one(data: dict, sample: int) -> dict:
    """Seconds to convert ``sample`` records each with its own LibreOffice start, and that
    scaled to every record."""
    from chuangwen.activities.ledger_pdf import activity_pdfs
    from chuangwen.reports import pdf

    c = data["campaign"]
    docs = []
    for item in c.standard.items.order_by("order"):
        docs += [content.build for _name, content in activity_pdfs(c, item)]
        if len(docs) >= sample:
            break
    docs = docs[:sample]
    t0 = time.perf_counter()
    for make in docs:
        pdf.docx_to_pdf(make())
    seconds = time.perf_counter() - t0
    each = seconds / max(1, len(docs))
    return {"sampled": len(docs), "seconds": round(seconds, 2), "each_s": round(each, 2),
            "all_records_s": round(each * data["records"], 1)}  # fmt: skip


def edit_one(data: dict) -> None:
    from chuangwen.activities.models import Activity

    a = Activity.objects.filter(campaign=data["campaign"]).order_by("pk").first()
    Activity.objects.filter(pk=a.pk).update(title=a.title + "（补记）")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=120)
    parser.add_argument("--roster", type=int, default=40)
    parser.add_argument("--sample", type=int, default=5, help="records converted one by one (scaled)")
    args = parser.parse_args()
    setup_django()
    print(f"generating {args.records} activities …")
    data = generate(records=args.records, roster=args.roster)
    single = one_by_one(data, args.sample)
    print(f"  one by one: {single['each_s']} s a record → {single['all_records_s']} s for {args.records}")
    cold = build(data)
    print(f"  cold build (batches): {cold['seconds']} s")
    warm = build(data)
    print(f"  warm rebuild (cache): {warm['seconds']} s")
    edit_one(data)
    edited = build(data)
    print(f"  rebuild after one edit: {edited['seconds']} s")
    report(
        "ledger_linked",
        {
            "records": args.records,
            "roster": args.roster,
            "one_by_one": single,
            "cold_s": cold["seconds"],
            "warm_s": warm["seconds"],
            "one_edited_s": edited["seconds"],
            "speedup_cold_vs_one_by_one": round(single["all_records_s"] / cold["seconds"], 1) if cold["seconds"] else 0,
            "status": [cold["status"], warm["status"], edited["status"]],
        },
    )


if __name__ == "__main__":
    main()
