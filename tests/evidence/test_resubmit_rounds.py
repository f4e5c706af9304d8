"""Evidence returned and resubmitted: the new round keeps the earlier files unless removed, and
the change history shows each step once (issue 17's rough edges)."""

from django.urls import reverse

from chuangwen.evidence import selectors, services
from chuangwen.evidence.models import Evidence
from chuangwen.reports.selectors import ledger_files

from .conftest import photo


def test_new_round_keeps_earlier_files_unless_removed(world, ledger, make_evidence):
    e = make_evidence(world.head, files=[photo("一楼.jpg"), photo("二楼.jpg")], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=False, reason="缺少三楼照片")
    e.refresh_from_db()
    current = selectors.current_files(e)
    assert sorted(f.original_name for f in current) == ["一楼.jpg", "二楼.jpg"]
    assert {f.version for f in current} == {2}
    # The department removes one and adds the missing photo; the returned round stays as reviewed.
    services.evidence_file_archive(file=next(f for f in current if f.original_name == "二楼.jpg"), user=world.head)
    services.evidence_add_file(evidence=e, user=world.head, upload=photo("三楼.jpg"))
    services.evidence_submit(evidence=e, user=world.head)
    services.evidence_review(evidence=e, user=world.office, accept=True)
    e.refresh_from_db()
    assert e.version == 2 and e.status == Evidence.Status.ACCEPTED
    assert sorted(f.original_name for f in selectors.current_files(e)) == ["一楼.jpg", "三楼.jpg"]
    round1 = sorted(f.original_name for f in e.files.filter(version=1, archived_at__isnull=True))
    assert round1 == ["一楼.jpg", "二楼.jpg"]
    in_ledger = sorted(f.original_name for f in ledger_files(ledger.campaign, [ledger.item_photos.pk]))
    assert in_ledger == ["一楼.jpg", "三楼.jpg"]
    # Two photos of the current round: the item's rule (2 photos) holds, counted once each.
    assert (
        e.files.get(version=2, original_name="一楼.jpg").file.name
        == e.files.get(version=1, original_name="一楼.jpg").file.name
    )


def test_detail_history_has_no_duplicate_lines(world, ledger, make_evidence, login):
    e = make_evidence(world.head, files=[photo(), photo("b.jpg")], submit=True)
    services.evidence_review(evidence=e, user=world.office, accept=False, reason="照片模糊")
    services.evidence_submit(evidence=e, user=world.head)
    html = login(world.office).get(reverse("evidence:evidence_detail", args=[e.pk])).content.decode()
    history = html.split('data-testid="history"')[1].split("</ul>")[0]
    lines = [li.split("·", 1)[1].strip() for li in history.split("<li")[1:]]
    assert lines and all(a != b for a, b in zip(lines, lines[1:], strict=False))
