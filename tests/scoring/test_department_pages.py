"""量化考核 pages: the office keeps the scheme and the ledger, publishes a month; a department
head appeals a deduction from a phone with a photo, the office decides; each sees only what its
scope allows; notices go out through the one notification service."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chuangwen.dashboard.models import Notification
from chuangwen.scoring.department_scores import scores_recompute
from chuangwen.scoring.models import Appeal, AppealFile, DepartmentScore, LedgerEntry, Scheme, Source
from chuangwen.scoring.services import departments as department_services
from chuangwen.scoring.services import entry_add
from tests.api.fuzz_world import photo

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


@pytest.fixture
def scheme(world):
    return department_services.scheme_default(unit=world.a, user=world.office)


def test_the_office_edits_the_scheme_as_text_lines(world, login):
    client = login(world.office)
    assert client.get("/scoring/departments/scheme/").status_code == 200
    r = client.post(
        "/scoring/departments/scheme/",
        {
            "name": "科室月度考核",
            "base_score": "100",
            "bonus_cap": "5",
            "floor": "0",
            "appeal_days": "3",
            "rules": "查实投诉, -3, 9\n表扬信, 1, 3\nfinding",
        },
    )
    assert r.status_code == 302
    scheme = Scheme.objects.get(unit=world.a)
    assert scheme.appeal_days == 3 and scheme.history.count() == 1
    assert scheme.rules[0] == {"source": "complaint", "points": "-3.00", "cap": "9.00"}
    r = client.post(
        "/scoring/departments/scheme/",
        {"name": "x", "base_score": "100", "floor": "0", "appeal_days": "3", "rules": "没有这个来源, 1"},
    )
    assert r.status_code == 200 and "第 1 条规则" in r.content.decode()
    assert Scheme.objects.get(unit=world.a).name == "科室月度考核"
    assert login(world.head).get("/scoring/departments/scheme/").status_code == 403


def test_the_office_adds_an_entry_and_publishes_the_month(world, scheme, login, django_capture_on_commit_callbacks):
    client = login(world.office)
    r = client.post(
        "/scoring/departments/ledger/new/",
        {
            "department": world.a_surg.pk,
            "points": "-2",
            "occurred_on": "2026-03-04",
            "reason": "夜查脱岗",
            "files": [photo("夜查.jpg")],
        },
    )
    assert r.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.files.get().original_name == "夜查.jpg"
    detail = client.get(f"/scoring/departments/ledger/{entry.pk}/").content.decode()
    assert "夜查.jpg" in detail
    assert client.get(f"/scoring/departments/ledger/files/{entry.files.get().pk}/").status_code == 200
    bad = client.post(
        "/scoring/departments/ledger/new/",
        {
            "department": world.a_med.pk,
            "points": "-1",
            "occurred_on": "2026-03-04",
            "reason": "x",
            "files": [SimpleUploadedFile("说明.txt", b"plain text")],
        },
    )
    assert bad.status_code == 200 and "说明.txt" in bad.content.decode()
    assert LedgerEntry.objects.count() == 1  # nothing half-written
    assert (entry.source, entry.created_by_id, entry.points) == (Source.MANUAL, world.office.pk, Decimal("-2"))
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post("/scoring/departments/action/", {"month": "2026-03", "action": "publish"})
    assert r.status_code == 302
    rows = DepartmentScore.objects.filter(month=date(2026, 3, 1)).order_by("rank")
    assert [(s.department_id, s.score) for s in rows] == [(world.a_med.pk, 100), (world.a_surg.pk, 98)]
    assert all(s.published_at for s in rows)
    notice = Notification.objects.get(user=world.head)
    assert "2026-03" in notice.title and "100" in notice.body
    staff = login(world.staff).get("/scoring/departments/?month=2026-03")
    assert staff.content.decode().count('data-testid="ranking-row"') == 2
    assert login(world.head).post("/scoring/departments/action/", {"month": "2026-03"}).status_code == 403
    b_office = type(world.office).objects.create_user("b_office", password="x-1234-word-y")
    from chuangwen.core.roles import Role
    from tests import factories as f

    f.member(b_office, Role.OFFICE, unit=world.b)
    assert login(b_office).get(f"/scoring/departments/ledger/{entry.pk}/").status_code == 404


def test_a_head_appeals_from_a_phone_and_the_office_reverses(world, scheme, login, django_capture_on_commit_callbacks):
    entry = entry_add(
        unit=world.a,
        department=world.a_med,
        points="-1",
        source=Source.FINDING,
        reason="暗访发现门诊大厅吸烟",
        occurred_on=timezone.localdate(),
        source_label="问题 WJ2026-031",
    )
    before = scores_recompute(unit=world.a, month=entry.period)
    assert {s.department_id: s.score for s in before}[world.a_med.pk] == 99
    head = login(world.head)
    page = head.get(f"/scoring/departments/ledger/{entry.pk}/", **PHONE)
    assert 'data-testid="appeal-panel"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = head.post(
            f"/scoring/departments/ledger/{entry.pk}/appeal/",
            {"text": "吸烟者为外来访客，已当场劝离", "files": [photo("劝离.jpg")]},
            **PHONE,
        )
    appeal = Appeal.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/appeals/{appeal.pk}/")
    assert AppealFile.objects.get().original_name == "劝离.jpg"
    assert Notification.objects.filter(user=world.office, kind="ledger_appeal").exists()
    assert 'data-testid="decision-panel"' not in head.get(f"/scoring/departments/appeals/{appeal.pk}/").content.decode()
    assert head.post(f"/scoring/departments/appeals/{appeal.pk}/", {"reverse": "1", "reason": "x"}).status_code == 403
    office = login(world.office)
    with django_capture_on_commit_callbacks(execute=True):
        r = office.post(
            f"/scoring/departments/appeals/{appeal.pk}/", {"reverse": "1", "reason": "核实为访客，撤销扣分"}
        )
    assert r.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.REVERSED and appeal.counter_entry.source == Source.APPEAL
    assert Notification.objects.filter(user=world.head, kind="ledger_appeal").exists()
    after = {s.department_id: s.score for s in scores_recompute(unit=world.a, month=entry.period)}
    assert after[world.a_med.pk] == 100
    assert head.get(f"/scoring/departments/appeals/files/{appeal.files.get().pk}/").status_code == 200
    listing = office.get("/scoring/departments/appeals/").content.decode()
    assert "撤销扣分" in listing


def test_a_head_sees_only_the_entries_of_the_department(world, scheme, login):
    for d in (world.a_med, world.a_surg):
        entry_add(
            unit=world.a, department=d, points="-1", source=Source.MANUAL, reason="台账", occurred_on=date(2026, 3, 2)
        )
    page = login(world.head).get("/scoring/departments/ledger/").content.decode()
    assert page.count('data-testid="entry-row"') == 1
    assert (
        login(world.office).get("/scoring/departments/ledger/").content.decode().count('data-testid="entry-row"') == 2
    )


def test_the_ranking_and_department_pages_keep_their_query_counts(world, scheme, login, django_assert_num_queries):
    from tests import factories as f

    client = login(world.office)
    for n in (1, 6):
        for i in range(n):
            d = f.department(world.a, f"科室{n}-{i}")
            entry_add(
                unit=world.a,
                department=d,
                points="-1",
                source=Source.MANUAL,
                reason="台账",
                occurred_on=date(2026, 3, 2),
            )
        scores_recompute(unit=world.a, month=date(2026, 3, 1))
        # The same queries for 3 departments as for 9.
        for path, queries in (
            ("/scoring/departments/?month=2026-03", 8),
            (f"/scoring/departments/{world.a_med.pk}/?month=2026-03", 10),
        ):
            client.get(path)
            with django_assert_num_queries(queries):
                assert client.get(path).status_code == 200
    assert login(world.supervisor).get("/scoring/departments/").status_code == 302  # a bureau ranks units
