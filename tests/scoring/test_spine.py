"""The ledger is the spine: one finding on an item lowers the item's score and, through the same
entry, its department's monthly score; cancelling the entry (an appeal reversed) restores both."""

import datetime
from decimal import Decimal

import pytest

from chuangwen.inspections.services.findings import finding_record
from chuangwen.scoring.models import DepartmentScore, ItemScore, LedgerEntry
from chuangwen.scoring.services import appeals as appeal_services
from chuangwen.scoring.services import departments as department_services
from chuangwen.scoring.services import entry_correct

from .conftest import at, set_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block leaves for commit (the queued recompute), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def month_score(w, department) -> Decimal:
    return DepartmentScore.objects.get(unit=w.a, department=department, month=datetime.date(2026, 3, 1)).score


def test_a_finding_moves_the_item_and_the_department_and_a_cancellation_restores_both(sc, committed):
    w = sc.w
    department_services.scheme_default(unit=w.a, user=w.office)
    item = set_rule(sc.items[0], "发现一处扣1.5分")
    with committed():
        finding = finding_record(
            user=w.inspector,
            unit=w.a,
            round=sc.round,
            department=w.a_med,
            item=item,
            description="门诊大厅有人吸烟",
            at=at(datetime.date(2026, 3, 12)),
        )
    entry = LedgerEntry.objects.get(source="finding", source_id=finding.pk)
    assert (entry.department, entry.item, entry.points) == (w.a_med, item, Decimal("-1.5"))
    assert ItemScore.objects.get(campaign=sc.camp, item=item, view="self").score == Decimal("3.5")
    # No one recomputed by hand: the entry queued its unit-month (the test backend runs it at once).
    assert month_score(w, w.a_med) == Decimal("98.5")
    assert month_score(w, w.a_surg) == Decimal("100")

    with committed():
        entry_correct(entry=entry, reason="复核：吸烟者为外来人员，不属本科室", by=w.office)
    assert month_score(w, w.a_med) == Decimal("100")
    assert ItemScore.objects.get(campaign=sc.camp, item=item, view="self").score == Decimal("5")


def test_an_appeal_reversed_restores_the_department_score(sc, committed):
    w = sc.w
    department_services.scheme_default(unit=w.a, user=w.office)
    with committed():
        entry = department_services.manual_entry_add(
            user=w.office,
            unit=w.a,
            department=w.a_med,
            points="-3",
            reason="院内夜查：值班人员脱岗",
            occurred_on=datetime.date(2026, 3, 20),
        )
    assert month_score(w, w.a_med) == Decimal("97")
    appeal = appeal_services.appeal_file(
        user=w.head, entry=entry, text="当晚值班人员在急诊会诊", today=datetime.date(2026, 3, 21)
    )
    assert month_score(w, w.a_med) == Decimal("97")  # filing changes nothing
    with committed():
        appeal_services.appeal_decide(user=w.office, appeal=appeal, reverse=True, reason="会诊记录属实")
    assert month_score(w, w.a_med) == Decimal("100")
    assert LedgerEntry.objects.filter(reverses=entry, source="appeal").count() == 1
