"""Member development: steps with their time rules (acceptance 5: a step entered out of order,
or a 发展对象 before a full year as 积极分子, is warned about with the rule named; the pipeline
page shows each person's stage and next due date), the political status following the steps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from chuangwen.org.models import Person
from chuangwen.party import development
from chuangwen.party.development_models import Stage
from chuangwen.party.models import Applicant, BranchMember, DevelopmentStep
from tests import factories as f

D = datetime.date


@pytest.fixture
def applicant(pw):
    p = f.person(pw.a_med, name="林晓", political_status=Person.Political.LEAGUE)
    return development.applicant_create(user=pw.secretary, branch=pw.branch, person=p, applied_on=D(2025, 3, 2))


def step(n):
    return DevelopmentStep.objects.get(number=n)


def record(pw, a, n, day, **kw):
    return development.step_record(user=pw.secretary, applicant=a, step=step(n), done_on=day, **kw)


def test_candidate_before_a_full_year_as_activist_is_warned_with_the_rule(pw, applicant):
    record(pw, applicant, 2, D(2025, 3, 20))
    for n in (3, 4, 5, 6):
        record(pw, applicant, n, D(2025, 6, 1), people=[pw.members[1]] if n == 5 else None)
    r = record(pw, applicant, 7, D(2026, 3, 1))
    assert len(r.warnings) == 1
    assert r.warnings[0]["rule"] == "入党积极分子经过一年以上培养教育和考察方可列为发展对象"
    assert "2026-06-01" in r.warnings[0]["message"]
    applicant.refresh_from_db()
    assert applicant.stage == Stage.CANDIDATE
    # The warning is stored with the step and shown on the pipeline and the person's page.
    client = Client()
    client.force_login(pw.secretary)
    page = client.get(reverse("party:pipeline")).content.decode()
    assert "林晓" in page and "入党积极分子经过一年以上培养教育和考察方可列为发展对象" in page
    detail = client.get(reverse("party:applicant_detail", args=[applicant.pk])).content.decode()
    assert "2026-06-01" in detail and "入党积极分子经过一年以上" in detail


def test_a_step_out_of_order_is_warned_and_a_late_talk_too(pw, applicant):
    r = record(pw, applicant, 2, D(2025, 4, 10))  # more than a month after the application
    assert [w["rule"] for w in r.warnings] == ["收到入党申请书后一个月内派人谈话"]
    r = record(pw, applicant, 5, D(2025, 5, 1))  # 3 and 4 skipped
    assert r.warnings[0]["rule"] == development.ORDER_RULE
    assert "第3步“推荐和确定入党积极分子”" in r.warnings[0]["message"]
    r = record(pw, applicant, 3, D(2025, 4, 20))
    assert r.warnings == []
    r = record(pw, applicant, 4, D(2025, 4, 1))  # dated before step 3
    assert development.ORDER_RULE == r.warnings[0]["rule"] and "2025-04-20" in r.warnings[0]["message"]


def test_the_next_due_date_follows_the_rules(pw, applicant):
    rows = {r["applicant"].pk: r for r in development_rows(pw)}
    nxt = rows[applicant.pk]["next"]
    assert nxt.step.number == 2 and nxt.kind == "by" and nxt.due == D(2025, 4, 2)
    record(pw, applicant, 2, D(2025, 3, 20))
    record(pw, applicant, 3, D(2025, 6, 1))
    for n in (4, 5, 6):
        record(pw, applicant, n, D(2025, 6, 2))
    nxt = {r["applicant"].pk: r for r in development_rows(pw)}[applicant.pk]["next"]
    assert nxt.step.number == 7 and nxt.kind == "from" and nxt.due == D(2026, 6, 1)


def development_rows(pw):
    from chuangwen.party import selectors

    return selectors.pipeline(selectors.applicant_queryset(pw.secretary))


def test_training_length_approval_within_three_months_and_probation(pw, applicant):
    days = {2: D(2025, 3, 10), 3: D(2025, 4, 1)}
    for n, d in days.items():
        record(pw, applicant, n, d)
    for n in (4, 5, 6):
        record(pw, applicant, n, D(2025, 4, 2))
    record(pw, applicant, 7, D(2026, 4, 2))
    for n in (8, 9, 10):
        record(pw, applicant, n, D(2026, 4, 10))
    short = record(pw, applicant, 11, D(2026, 4, 20), training_days=2, training_hours=16)
    assert short.warnings[0]["rule"].startswith("集中培训时间一般不少于3天")
    for n in (12, 13, 14, 15):
        record(pw, applicant, n, D(2026, 5, 10))
    record(pw, applicant, 16, D(2026, 5, 20))
    late = record(pw, applicant, 17, D(2026, 9, 1))
    assert late.warnings[0]["rule"].startswith("上级党委应在三个月内审批")
    person = applicant.person
    person.refresh_from_db()
    assert person.political_status == Person.Political.PROBATIONARY
    assert person.history.first().political_status == Person.Political.PROBATIONARY
    assert BranchMember.objects.filter(person=person, branch=pw.branch, is_active=True).exists()
    # The branch's target counts the new probationary member of 2026.
    development.target_set(user=pw.office, branch=pw.branch, year=2026, target_min=6, target_max=8)
    progress = development.target_progress(pw.branch, 2026)
    assert progress["developed"] == 1 and progress["target"].target_min == 6


def test_extended_probation_moves_the_earliest_date(pw, applicant):
    applicant.probation_extension_months = 6
    applicant.save()
    steps = {s.number: s for s in DevelopmentStep.objects.all()}
    done = {n: D(2025, 1, 1) for n in range(1, 23)}
    done[15] = D(2025, 5, 10)
    w = development.step_warnings(applicant=applicant, step=steps[23], done_on=D(2026, 6, 1), done=done, steps=steps)
    assert w and "2026-11-10" in w[0]["message"]


def test_refusals(pw, applicant):
    with pytest.raises(ValidationError) as e:
        record(pw, applicant, 1, D(2025, 3, 2))
    assert "已登记" in str(e.value) or "already" in str(e.value)
    with pytest.raises(ValidationError):
        record(pw, applicant, 2, D(2099, 1, 1))
    with pytest.raises(PermissionDenied):
        development.step_record(user=pw.staff, applicant=applicant, step=step(2), done_on=D(2025, 3, 9))
    day = D(2025, 3, 2)
    with pytest.raises(ValidationError):  # already in progress
        development.applicant_create(user=pw.secretary, branch=pw.branch, person=applicant.person, applied_on=day)
    with pytest.raises(ValidationError):  # already a member
        development.applicant_create(user=pw.secretary, branch=pw.branch, person=pw.members[2], applied_on=day)
    with pytest.raises(PermissionDenied):
        development.applicant_create(user=pw.c_office, branch=pw.branch, person=pw.a_p2, applied_on=day)


def test_the_applicant_sees_her_own_record_only(pw, applicant):
    applicant.person.user = f.user("linxiao")
    applicant.person.save()
    f.member(applicant.person.user, "staff", unit=pw.a)
    assert list(Applicant.objects.visible_to(applicant.person.user)) == [applicant]
    assert not Applicant.objects.visible_to(pw.staff).exists()
    assert Applicant.objects.visible_to(pw.secretary).count() == 1
    assert not Applicant.objects.visible_to(pw.c_office).exists()


def test_the_pipeline_page_has_a_fixed_query_count(pw, client, django_assert_num_queries):
    client.force_login(pw.secretary)
    people = [f.person(pw.a_med, name=n) for n in ("甲一", "乙二", "丙三", "丁四")]
    a = development.applicant_create(user=pw.secretary, branch=pw.branch, person=people[0], applied_on=D(2025, 3, 2))
    record(pw, a, 2, D(2025, 3, 20), people=[pw.members[1]])
    client.get(reverse("party:pipeline"))  # warm the session and the calendar's copy

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("party:pipeline")).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for p in people[1:]:
        b = development.applicant_create(user=pw.secretary, branch=pw.branch, person=p, applied_on=D(2025, 4, 1))
        record(pw, b, 2, D(2025, 4, 10))
    with django_assert_num_queries(one):
        page = client.get(reverse("party:pipeline"))
    assert page.content.decode().count('data-testid="pipeline-row"') == 4
