"""Item scores by method (issue 13): 动态考核 periods (acceptance 3), the evidence's suggestion
confirmed or changed by the reviewer, grades, the satisfaction index, the bureau's view, and every
score equal to its explanation and recomputed by hand from the ledger and assessments
(acceptance 5)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chuangwen.dashboard import progress
from chuangwen.evidence.models import Evidence, ItemCompliance
from chuangwen.scoring.items import item_scores_refresh
from chuangwen.scoring.models import ItemAssessment, ItemScore, LedgerEntry
from chuangwen.scoring.services import entry_add
from chuangwen.scoring.services.items import assessment_add
from tests import factories as f

from .conftest import set_rule

pytestmark = pytest.mark.django_db
MARCH_1 = datetime.date(2026, 3, 1)


def score_of(sc, item, view="self") -> ItemScore:
    return ItemScore.objects.get(campaign=sc.camp, item=item, view=view)


def accepted(sc, task, item, day):
    return Evidence.objects.create(
        campaign=sc.camp, unit=sc.w.a, department=task.department, task=task, item=item,
        title=f"{day:%m}月志愿服务记录", occurred_on=day, status="accepted",
    )  # fmt: skip


# --- 动态考核 ------------------------------------------------------------------------------------


def test_a_monthly_item_on_1_march_shows_2_of_4_due_with_february_named(sc):
    """Acceptance 3: 2 points a month; the campaign starts in January; January accepted, February not."""
    sc.camp.starts_on = datetime.date(2026, 1, 1)
    sc.camp.save()
    item = sc.items[0]
    item.points = Decimal("24")
    set_rule(item, "每月2分")
    task = f.task(sc.camp, sc.w.a_med, title="每月志愿服务", items=[item], recurrence="monthly")
    accepted(sc, task, item, datetime.date(2026, 1, 20))
    returned = accepted(sc, task, item, datetime.date(2026, 2, 10))
    Evidence.objects.filter(pk=returned.pk).update(status="returned")  # February's record was not accepted
    item_scores_refresh(campaign=sc.camp, items=[item], today=MARCH_1)
    score = score_of(sc, item)
    assert (score.score, score.due, score.points) == (Decimal("2"), Decimal("4"), Decimal("24"))
    assert [line["points"] for line in score.lines] == ["2.00", "0.00"]
    assert score.lines[0]["text"].startswith("2026年1月：") and score.lines[1]["text"].startswith("2026年2月：")
    assert "失 2 分" in score.lines[1]["text"]  # the points February lost
    # The page shows it too.
    it = next(i for a in progress.item_tree(sc.camp) for ind in a.indicators for i in ind.items if i.id == item.pk)
    assert (it.score, it.due) == (Decimal("2"), Decimal("4"))


def test_the_current_month_counts_once_it_has_accepted_work(sc):
    sc.camp.starts_on = datetime.date(2026, 1, 1)
    sc.camp.save()
    item = set_rule(sc.items[0], "每月1分")
    task = f.task(sc.camp, sc.w.a_med, items=[item])
    accepted(sc, task, item, datetime.date(2026, 3, 1))
    item_scores_refresh(campaign=sc.camp, items=[item], today=MARCH_1)
    score = score_of(sc, item)
    assert (score.score, score.due) == (Decimal("1"), Decimal("3"))  # Jan, Feb lost; March done


def test_quarters_and_the_cap_at_the_items_points(sc):
    item = set_rule(sc.items[0], "每季度3分")  # 5 points; Feb–Nov spans 4 quarters
    task = f.task(sc.camp, sc.w.a_med, items=[item])
    for day in (datetime.date(2026, 3, 3), datetime.date(2026, 5, 3), datetime.date(2026, 8, 3)):
        accepted(sc, task, item, day)
    item_scores_refresh(campaign=sc.camp, items=[item], today=datetime.date(2026, 10, 1))
    score = score_of(sc, item)
    assert score.score == Decimal("5") and score.due == Decimal("5")
    assert score.lines[-1]["points"] == "-4.00"  # 9 earned, capped at 5
    assert sum(Decimal(line["points"]) for line in score.lines) == score.score


# --- judged items: the suggestion, the reviewer, grades, the bureau --------------------------------


def test_the_evidence_suggests_and_the_reviewer_confirms_or_changes_with_a_reason(sc):
    item = sc.items[1]
    ItemCompliance.objects.create(campaign=sc.camp, unit=sc.w.a, item=item, status="met")
    item_scores_refresh(campaign=sc.camp, items=[item])
    assert score_of(sc, item).score == Decimal("5")
    with pytest.raises(ValidationError) as exc:
        assessment_add(campaign=sc.camp, item=item, user=sc.w.office, score="4")
    assert "reason" in exc.value.message_dict and item.code in exc.value.message_dict["reason"][0]
    assert not ItemAssessment.objects.exists()
    assessment_add(campaign=sc.camp, item=item, user=sc.w.office, score="5")  # confirmed, no reason needed
    assessment_add(campaign=sc.camp, item=item, user=sc.w.office, score="3.5", reason="会议纪要缺签到表")
    score = score_of(sc, item)
    assert score.score == Decimal("3.5") and "会议纪要缺签到表" in score.lines[0]["text"]
    assert ItemAssessment.objects.filter(item=item).count() == 2  # history kept
    with pytest.raises(ValidationError) as exc:
        assessment_add(campaign=sc.camp, item=item, user=sc.w.office, score="6", reason="x")
    assert "score" in exc.value.message_dict


def test_proportional_items_earn_the_share_of_rules_met(sc):
    item = sc.items[2]
    item.rules = [{"type": "min_photos", "count": 2}, {"type": "requires_doc_number"}]
    set_rule(item, "按比例")
    ItemCompliance.objects.create(
        campaign=sc.camp, unit=sc.w.a, item=item, status="partial", accepted_count=1, unmet_reasons=["缺少文号"]
    )
    item_scores_refresh(campaign=sc.camp, items=[item])
    assert score_of(sc, item).score == Decimal("2.5")


def test_grades_and_who_may_assess(sc):
    item = set_rule(sc.items[3], "等级:A=1,B=0.8,C=0.6")
    assert score_of_or_none(sc, item) in (None, Decimal("0"))
    with pytest.raises(ValidationError) as exc:
        assessment_add(campaign=sc.camp, item=item, user=sc.w.office, grade="D")
    assert "grade" in exc.value.message_dict
    assessment_add(campaign=sc.camp, item=item, user=sc.w.office, grade="B", reason="宣传栏更新及时")
    assert score_of(sc, item).score == Decimal("4")
    with pytest.raises(PermissionDenied):
        assessment_add(campaign=sc.camp, item=item, user=sc.w.head, grade="A")
    with pytest.raises(PermissionDenied):  # the hospital cannot write the bureau's assessment
        assessment_add(campaign=sc.camp, item=item, user=sc.w.office, grade="A", assessor="bureau")
    with pytest.raises(ValidationError):  # a per-occurrence item is not assessed by hand
        assessment_add(campaign=sc.camp, item=set_rule(sc.items[4], "发现一处扣1分"), user=sc.w.office, score="5")


def score_of_or_none(sc, item):
    row = ItemScore.objects.filter(campaign=sc.camp, item=item, view="self").first()
    return row.score if row else None


def test_the_bureau_view_has_its_own_assessments(sc):
    judged, graded = sc.items[1], set_rule(sc.items[3], "等级:A=1,B=0.8,C=0.6")
    ItemCompliance.objects.create(campaign=sc.camp, unit=sc.w.a, item=judged, status="met")
    item_scores_refresh(campaign=sc.camp)
    bureau = score_of(sc, judged, "bureau")
    assert (bureau.score, bureau.assessed) == (Decimal("0"), False)
    assessment_add(campaign=sc.camp, item=judged, user=sc.w.supervisor, assessor="bureau", score="4", reason="实地测评")
    assessment_add(campaign=sc.camp, item=graded, user=sc.w.supervisor, assessor="bureau", grade="C", reason="一般")
    assert (score_of(sc, judged, "bureau").score, score_of(sc, judged).score) == (Decimal("4"), Decimal("5"))
    assert score_of(sc, graded, "bureau").score == Decimal("3") and score_of(sc, graded).score == 0


def test_a_survey_item_follows_the_satisfaction_index_by_its_bands(sc):
    item = set_rule(sc.items[5], "满意度:≥90=1,≥80=0.8,≥70=0.5")
    template = f.survey_template(sc.w.a)
    f.department_month(
        template, sc.w.a_med, month=datetime.date(2026, 3, 1), responses=10, index_count=10, index_sum=44
    )  # fmt: skip   (mean 4.4 → index 85)
    item_scores_refresh(campaign=sc.camp, items=[item], today=datetime.date(2026, 4, 2))
    score = score_of(sc, item)
    assert score.score == Decimal("4") and "85" in score.lines[0]["text"]


# --- the services keep the scores up to date --------------------------------------------------------


def test_an_evidence_review_refreshes_the_items_score(sc, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chuangwen.evidence.services import evidence_create, evidence_review, evidence_submit

    settings.MEDIA_ROOT = tmp_path
    item = sc.items[1]
    task = f.task(sc.camp, sc.w.a_med, items=[item])
    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    ev = evidence_create(
        task=task, user=sc.w.office, title="会议纪要", occurred_on=datetime.date(2026, 3, 2), files=[pdf]
    )
    evidence_submit(evidence=ev, user=sc.w.office)
    assert score_of(sc, item).score == 0
    evidence_review(evidence=ev, user=sc.w.office, accept=True)
    assert score_of(sc, item).score == Decimal("5")


def test_every_score_is_its_explanation_and_the_sum_of_its_items(sc):
    """Acceptance 5: items of every source; each item's score recomputed by hand from the ledger,
    the assessments and the compliance; each level the sum of its items."""
    w = sc.w
    occ = set_rule(sc.items[0], "发现一处扣1分")
    graded = set_rule(sc.items[3], "等级:A=1,B=0.8,C=0.6")
    ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=sc.items[1], status="met")
    ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=sc.items[2], status="partial")
    for day, pts in ((3, "-1"), (9, "-1"), (15, "0.5")):
        entry_add(unit=w.a, campaign=sc.camp, item=occ, points=pts, source="manual", reason="人工",
                  occurred_on=datetime.date(2026, 3, day))  # fmt: skip
    assessment_add(campaign=sc.camp, item=graded, user=w.office, grade="A", reason="好")
    item_scores_refresh(campaign=sc.camp)
    expected = {
        occ.pk: Decimal("5") + sum(e.points for e in LedgerEntry.objects.filter(item=occ)),
        sc.items[1].pk: Decimal("5"),
        sc.items[2].pk: Decimal("0"),  # partly met, all or nothing: no half points
        graded.pk: Decimal("5"),
    }
    tree = progress.item_tree(sc.camp)
    total = Decimal(0)
    for a in tree:
        assert a.score.score == sum(ind.score.score for ind in a.indicators)
        for ind in a.indicators:
            assert ind.score.score == sum(i.score for i in ind.items)
            for i in ind.items:
                assert i.score == sum(Decimal(line["points"]) for line in i.lines)
                assert i.score == expected.get(i.id, Decimal("0"))
                total += i.score
    assert progress.overall_of(tree).score == total == Decimal("13.5")
    row = progress.bureau_units(w.supervisor).get(pk=w.a.pk)
    assert round(float(row.score_pct), 1) == progress.overall_of(tree).percent


def test_the_daily_job_rolls_the_periods_over(sc):
    from django.core.management import call_command

    sc.camp.starts_on = datetime.date(2026, 1, 1)
    sc.camp.save()
    item = set_rule(sc.items[0], "每月1分")
    call_command("item_scores", "--now", "--date", "2026-02-01")
    assert score_of(sc, item).due == Decimal("1")
    call_command("item_scores", "--date", "2026-04-01")  # enqueued; the tests' backend runs it at once
    assert score_of(sc, item).due == Decimal("3")
    assert score_of(sc, item).computed_on == datetime.date(2026, 4, 1)


def test_the_progress_page_shows_the_pass_line_the_projection_and_a_veto(sc, login):
    """Readiness on the progress page: the region's pass line for the target title against the
    real score, the projection with the 动态考核 months still to come, and a veto named."""
    from django.urls import reverse

    w = sc.w
    f.pass_line(w.county_x, level="city", percent="60")
    set_rule(sc.items[0], "每月0.5分")  # Feb–Nov, 5 points
    for item in sc.items[1:]:
        ItemCompliance.objects.create(campaign=sc.camp, unit=w.a, item=item, status="met")
    item_scores_refresh(campaign=sc.camp, today=datetime.date(2026, 5, 1))
    p = progress.campaign_progress(sc.camp, today=datetime.date(2026, 5, 1))
    assert (p.overall.percent, p.readiness.projected_percent) == (83.3, 95.0)  # 25/30, then + 7 months × 0.5
    assert p.readiness.reached and p.readiness.eligible
    f.unit_veto(w.a, occurred_on=datetime.date(2026, 4, 2), record="青卫通〔2026〕9号")
    html = login(w.office).get(reverse("dashboard:campaign_progress", args=[sc.camp.pk])).content.decode()
    assert 'data-testid="pass-line"' in html and "达标线 60.0%" in html
    assert 'data-testid="veto"' in html and "青卫通〔2026〕9号" in html
