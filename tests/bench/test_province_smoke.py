"""The province generator and the page benchmark (bench/province.py, bench_province_pages.py) at
a tiny scale on the test database, on top of the demo's steps they copy from: the same code
the PostgreSQL run uses, so a change that breaks it fails here first."""

import pytest
from django.db.models import F, Sum

from bench import bench_province_pages, province
from chuangwen.core.management.commands import load_demo
from chuangwen.evidence.models import Evidence, EvidenceFile
from chuangwen.feedback.models import Complaint
from chuangwen.inspections.models import Finding
from chuangwen.org.models import Department, Person, Region, Unit, User
from chuangwen.scoring.models import DepartmentScore, LedgerEntry
from chuangwen.surveys.models import Answer, DepartmentMonth, QuestionMonth, Response

pytestmark = pytest.mark.django_db

STEPS = [
    "chuangwen.org.demo", "chuangwen.standards.demo", "chuangwen.campaigns.demo", "chuangwen.evidence.demo",
    "chuangwen.inspections.demo", "chuangwen.feedback.demo", "chuangwen.surveys.demo", "chuangwen.scoring.demo",
]  # fmt: skip
SCALE = 0.0002  # one unit: 100 staff, 2,000 responses, 400 findings, 1,000 evidence records


@pytest.fixture
def demo(monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(load_demo, "DEMO_STEPS", STEPS)
    with django_capture_on_commit_callbacks(execute=True):
        return load_demo.load()


def test_a_tiny_province_on_the_demo_then_a_page_measured(demo):
    office = User.objects.get(username="chuangban")
    seen_before = {m: m.objects.visible_to(office).count() for m in (Evidence, Finding, Complaint, Person)}
    counts = province.generate(SCALE, log=lambda *a: None)
    assert counts["units"] == 1 and counts["staff"] == 100 and counts["responses"] == 2000
    unit = province.generated_units().get()
    hunan = Region.objects.get(code="430000")
    assert unit.region.depth == 3 and unit.region.path.startswith(hunan.path)  # a county of a city of 湖南省
    assert Person.objects.filter(unit=unit).count() == 100
    assert not Department.objects.filter(unit=unit, head__isnull=True).exists()
    # every row points at the new unit's own departments, and at nobody's account
    assert Evidence.objects.filter(unit=unit).count() == 1000 == EvidenceFile.objects.filter(unit=unit).count()
    for model in (Evidence, Finding, Complaint, LedgerEntry):
        rows = model._base_manager.filter(unit=unit)
        assert rows.exists() and not rows.exclude(department__unit=unit).exclude(department=None).exists(), model
    assert not Evidence.objects.filter(unit=unit).exclude(created_by=None).exists()
    assert not Evidence.objects.filter(unit=unit).exclude(task__campaign__unit=unit).exists()
    assert set(Finding.objects.filter(unit=unit).values_list("state", flat=True)) == {
        "open", "ordered", "responded", "closed",
    }  # fmt: skip
    assert Finding.objects.filter(unit=unit).count() == 400
    # survey answers as the model stores them, and the monthly aggregates counted from them
    responses = Response.objects.filter(unit=unit)
    answers = Answer.objects.filter(response__unit=unit)
    assert answers.count() == responses.count() * 8  # 7 ratings and one choice (the default surveys)
    months = DepartmentMonth.objects.filter(unit=unit)
    assert months.aggregate(n=Sum("responses"))["n"] == 2000
    index = answers.filter(question__kind="rating", question__counts_in_index=True)
    assert months.aggregate(s=Sum("index_sum"))["s"] == index.aggregate(s=Sum("rating"))["s"]
    per_rating = QuestionMonth.objects.filter(unit=unit).aggregate(
        n=Sum(F("r1") + F("r2") + F("r3") + F("r4") + F("r5")), s=Sum("sum")
    )
    rated = answers.filter(rating__isnull=False)
    assert per_rating == {"n": rated.count(), "s": rated.aggregate(s=Sum("rating"))["s"]}
    # the nightly step: schemes and department scores for the generated unit
    assert DepartmentScore.objects.filter(unit=unit).exists()
    # the demo's office sees exactly what it saw before
    assert {m: m.objects.visible_to(office).count() for m in seen_before} == seen_before
    assert Unit.objects.filter(code=province.COMMISSION_CODE).exists()

    bench_province_pages.ensure_kiosks()
    out = bench_province_pages.measure(2, only="evidence list", log=lambda *a: None)
    assert {"office: evidence list", "province commission: evidence list"} <= set(out)
    assert all(r["status"] == 200 and r["queries"] > 0 and r["p95_ms"] > 0 for r in out.values())
    demo_result = {"pages": out}
    compared = bench_province_pages.compare(demo_result, {"pages": out})
    assert all(r["ratio"] == 1.0 and r["pass"] for r in compared.values())
