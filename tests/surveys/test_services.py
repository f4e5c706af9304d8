"""Services: submitting and counting responses, the index, alerts, paper-card batches."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chuangwen.dashboard.models import Notification
from chuangwen.surveys import services, tasks
from chuangwen.surveys.models import (
    Answer,
    DepartmentMonth,
    PendingCount,
    Question,
    QuestionMonth,
    Response,
    SatisfactionAlert,
    index_from,
)

from .conftest import questions_of

pytestmark = pytest.mark.django_db


def submit(template, department, ratings, when=None, key=None):
    """Answer every rating question with the next value of ``ratings`` (cycled), choices with 1."""
    qs = questions_of(template)
    raw, i = {}, 0
    for q in qs:
        if q.kind == Question.Kind.RATING:
            raw[q.pk] = str(ratings[i % len(ratings)])
            i += 1
        elif q.is_choice:
            raw[q.pk] = "1"
    clean = services.clean_answers(qs, raw)
    assert not clean.errors
    return services.response_submit(
        template=template,
        department=department,
        answers=clean.answers,
        idempotency_key=key or uuid.uuid4().hex,
        submitted_at=when,
    )


def test_index_definition():
    assert index_from(5 * 7, 7) == 100.0
    assert index_from(7, 7) == 0.0
    assert index_from(4 + 5, 2) == 87.5
    assert index_from(0, 0) is None


def test_default_surveys_have_the_usual_questions(world, surveys):
    out, inp = surveys
    texts = [q.text for q in questions_of(out)]
    for words in ("挂号", "医生", "护士", "候诊", "环境", "收费", "总体满意度"):
        assert any(words in t for t in texts), words
    assert inp.audience == "inpatient"
    # Running it again adds nothing.
    assert services.default_templates_create(unit=world.a, user=world.office) == []


def test_aggregates_follow_every_submission(world, survey):
    submit(survey, world.a_med, [5, 4])
    submit(survey, world.a_med, [3])
    submit(survey, world.a_surg, [1])
    assert not DepartmentMonth.objects.exists()  # counted apart from the submission
    assert services.counts_fold() == 3
    assert services.counts_fold() == 0  # each response counts once
    row = DepartmentMonth.objects.get(department=world.a_med)
    ratings = list(
        Answer.objects.filter(response__department=world.a_med, question__counts_in_index=True).values_list(
            "rating", flat=True
        )
    )
    assert row.responses == 2
    assert (row.index_sum, row.index_count) == (sum(ratings), len(ratings))
    first = questions_of(survey)[0]
    qm = QuestionMonth.objects.get(department=world.a_med, question=first)
    assert (qm.count, qm.sum, qm.r3, qm.r5, qm.r4) == (2, 8, 1, 1, 0)


def test_same_key_twice_stores_one_response(world, survey):
    key = uuid.uuid4().hex
    first = submit(survey, world.a_med, [5], key=key)
    second = submit(survey, world.a_med, [1], key=key)
    assert first.created and not second.created and second.response == first.response
    assert Response.objects.count() == 1
    services.counts_fold()
    assert DepartmentMonth.objects.get().responses == 1


def test_rebuild_gives_the_same_aggregates(world, survey):
    last_month = timezone.now() - timedelta(days=40)
    for ratings in ([5, 4, 3], [2], [4, 5]):
        submit(survey, world.a_med, ratings)
    submit(survey, world.a_surg, [3], when=last_month)
    services.counts_fold()
    fields = ("department_id", "month", "responses", "index_sum", "index_count")
    before = sorted(DepartmentMonth.objects.values_list(*fields))
    assert sorted(r[2] for r in before) == [1, 3]
    qfields = ("department_id", "question_id", "month", "count", "sum", "r1", "r2", "r3", "r4", "r5")
    qbefore = sorted(QuestionMonth.objects.values_list(*qfields))
    services.aggregates_rebuild(template=survey)
    assert sorted(DepartmentMonth.objects.values_list(*fields)) == before
    assert sorted(QuestionMonth.objects.values_list(*qfields)) == qbefore


def test_rebuild_leaves_uncounted_responses_to_the_fold(world, survey):
    submit(survey, world.a_med, [5, 4])
    services.counts_fold()
    submit(survey, world.a_med, [3])  # stored, not counted yet
    services.aggregates_rebuild(template=survey)
    assert DepartmentMonth.objects.get().responses == 1
    assert services.counts_fold() == 1
    row = DepartmentMonth.objects.get()
    ratings = list(
        Answer.objects.filter(question__kind="rating", question__counts_in_index=True).values_list("rating", flat=True)
    )
    assert (row.responses, row.index_sum, row.index_count) == (2, sum(ratings), len(ratings))


def test_fold_counts_many_departments_and_months_at_once(world, survey):
    long_ago = timezone.now() - timedelta(days=70)
    for department, when in [(world.a_med, None), (world.a_surg, None), (world.a_med, long_ago)] * 3:
        submit(survey, department, [4, 2], when=when)
    assert services.counts_fold(batch=4) == 9  # in batches of 4, 4 and 1
    assert not PendingCount.objects.exists()
    expected = {}
    for a in Answer.objects.filter(question__kind="rating", question__counts_in_index=True).select_related("response"):
        acc = expected.setdefault((a.response.department_id, a.response.month), [set(), 0, 0])
        acc[0].add(a.response_id)
        acc[1] += a.rating
        acc[2] += 1
    assert len(expected) == 3
    assert {
        (r.department_id, r.month): [r.responses, r.index_sum, r.index_count] for r in DepartmentMonth.objects.all()
    } == {key: [len(ids), total, n] for key, (ids, total, n) in expected.items()}


def test_month_counts_across_departments_months_and_kinds(world, survey):
    """The one aggregation (fold and rebuild alike): rows per department-month in key order,
    across departments, months, unanswered and choice questions and a rating question left out
    of the index; the fold of those responses gives exactly these rows."""
    rating_questions = [q for q in questions_of(survey) if q.kind == Question.Kind.RATING]
    services.question_update(question=rating_questions[0], counts_in_index=False, user=world.office)
    long_ago = timezone.now() - timedelta(days=70)
    for department, when, ratings in [
        (world.a_med, None, [5, 4, 1]),
        (world.a_surg, None, [2]),
        (world.a_med, long_ago, [3, 3]),
        (world.a_med, None, [4]),
    ]:
        submit(survey, department, ratings, when=when)
    first = Response.objects.order_by("pk").first()
    Answer.objects.filter(response=first, question=rating_questions[1]).update(rating=None)  # left unanswered
    ids = list(Response.objects.values_list("pk", flat=True))
    departments, questions = services.month_counts(Response.objects.filter(pk__in=ids))
    assert len(departments) == 3 and {r[4] for r in departments} == {1, 2}
    assert departments == sorted(departments, key=lambda r: (r[2], r[1], r[3]))
    assert any(r[6] == 0 and r[5] > 0 for r in questions)  # a choice question: answered, no ratings
    in_index = [q.pk for q in rating_questions[1:]]
    for unit_id, _template, department_id, month, n, count, total in departments:
        answers = Answer.objects.filter(
            response__department_id=department_id, response__month=month, question_id__in=in_index, rating__isnull=False
        )
        assert unit_id == world.a.pk
        assert n == Response.objects.filter(department_id=department_id, month=month).count()
        assert (count, total) == (answers.count(), sum(answers.values_list("rating", flat=True)))
    assert services.counts_fold() == 4
    fields = ("unit_id", "template_id", "department_id", "month", "responses", "index_count", "index_sum")
    assert sorted(DepartmentMonth.objects.values_list(*fields)) == sorted(departments)
    qfields = ("unit_id", "template_id", "department_id", "question_id", "month", "count", "sum")
    qfields += ("r1", "r2", "r3", "r4", "r5")
    assert sorted(QuestionMonth.objects.values_list(*qfields)) == sorted(questions)


def test_low_index_raises_one_alert_per_department_month(world, survey, django_capture_on_commit_callbacks):
    services.settings_update(unit=world.a, alert_threshold=85, min_responses=3, user=world.office)
    submit(survey, world.a_med, [3])
    submit(survey, world.a_med, [3])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fold_counts.call()
    assert not SatisfactionAlert.objects.exists()  # too few responses yet
    submit(survey, world.a_med, [3])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.fold_counts.call()  # the third counted: index 50 < 85 → the job enqueues the check
    alert = SatisfactionAlert.objects.get()
    assert (alert.department, alert.index, alert.threshold, alert.responses) == (world.a_med, 50, 85, 3)
    notified = set(Notification.objects.filter(kind="satisfaction_low").values_list("user_id", flat=True))
    assert notified == {world.head.pk, world.office.pk}
    for _ in range(3):
        submit(survey, world.a_med, [2])
    services.alert_raise(department=world.a_med, month=alert.month)
    assert SatisfactionAlert.objects.count() == 1
    assert Notification.objects.filter(kind="satisfaction_low").count() == 2


def test_good_index_raises_no_alert(world, survey):
    services.settings_update(unit=world.a, alert_threshold=85, min_responses=1, user=world.office)
    submit(survey, world.a_med, [5, 4])
    assert services.alert_raise(department=world.a_med, month=timezone.localdate().replace(day=1)) is None
    assert not SatisfactionAlert.objects.exists()


def test_paper_batch_is_checked_whole_with_row_numbers(world, survey):
    qs = questions_of(survey)
    ratings = [q for q in qs if q.kind == Question.Kind.RATING]
    choice = next(q for q in qs if q.is_choice)
    good = {q.pk: "4" for q in ratings} | {choice.pk: "2"}
    bad_rating = good | {ratings[1].pk: "7"}
    missing = {k: v for k, v in good.items() if k != ratings[0].pk}
    rows = [
        services.CardRow(row=1, values=good, card_no="2611-001"),
        services.CardRow(row=2, values=bad_rating),
        services.CardRow(row=4, values=missing),
        services.CardRow(row=5, values=good | {choice.pk: "9"}),
    ]
    with pytest.raises(services.BatchError) as exc:
        services.paper_cards_enter(template=survey, department=world.a_med, rows=rows, user=world.head)
    errors = exc.value.errors
    assert errors == [
        f"Row 2: “{ratings[1].text}”: give a rating from 1 to 5.",
        f"Row 4: Please answer “{ratings[0].text}”.",
        f"Row 5: “{choice.text}”: choose from options 1 to {len(choice.options)}.",
    ]
    assert not Response.objects.exists() and not DepartmentMonth.objects.exists()
    stored = services.paper_cards_enter(template=survey, department=world.a_med, rows=rows[:1], user=world.head)
    assert [r.channel for r in stored] == ["paper"] and stored[0].entered_by == world.head
    services.counts_fold()
    assert DepartmentMonth.objects.get().responses == 1


def test_choice_question_needs_two_distinct_options(world, survey):
    with pytest.raises(ValidationError):
        services.question_add(template=survey, text="来院方式", kind="single", options=["步行"], user=world.office)
    q = services.question_add(
        template=survey, text="来院方式", kind="multiple", options=["步行", "公交", "自驾"], user=world.office
    )
    assert q.options == ["步行", "公交", "自驾"] and not q.counts_in_index


def test_question_kind_is_fixed_once_answered(world, survey):
    submit(survey, world.a_med, [4])
    q = questions_of(survey)[0]
    with pytest.raises(ValidationError):
        services.question_update(question=q, kind="text", user=world.office)


def test_question_move_and_history(world, survey):
    first, second = questions_of(survey)[:2]
    services.question_move(question=second, up=True, user=world.office)
    assert questions_of(survey)[:2] == [second, first]
    assert second.history.latest().history_user == world.office


def test_suggestion_goes_to_the_complaints_app(world, survey):
    from chuangwen.feedback.models import Complaint

    qs = questions_of(survey)
    raw = {q.pk: "2" if q.kind == Question.Kind.RATING else "1" for q in qs}
    resp = services.response_submit(
        template=survey,
        department=world.a_med,
        answers=services.clean_answers(qs, raw).answers,
        idempotency_key=uuid.uuid4().hex,
        suggestion="夜间病房太吵，影响休息",
        fingerprint="f" * 32,
    ).response
    submit(survey, world.a_med, [4])  # no suggestion: nothing to hand over
    assert not Complaint.objects.exists()  # the background job hands it over
    assert services.suggestions_hand_over() == 1
    assert services.suggestions_hand_over() == 0  # once
    complaint = Complaint.objects.get()
    assert (complaint.unit, complaint.department, complaint.channel, complaint.kind) == (
        world.a,
        world.a_med,
        "survey",
        "suggestion",
    )
    assert complaint.content == "夜间病房太吵，影响休息" and resp.suggestion == complaint.content


@pytest.mark.django_db(transaction=True)
def test_same_key_twice_outside_a_transaction(world, survey):
    # As on the public form in production: no transaction around the call (the duplicate key
    # is caught from the response's own transaction).
    key = uuid.uuid4().hex
    first = submit(survey, world.a_med, [5], key=key)
    second = submit(survey, world.a_med, [1], key=key)
    assert first.created and not second.created and second.response == first.response
    assert Response.objects.count() == 1
    # Committed at once, so the counting job (run in-process by the tests' task backend) has
    # already counted it.
    assert not PendingCount.objects.exists()
    assert DepartmentMonth.objects.get().responses == 1


def test_a_questions_kind_is_fixed_once_answered(world, survey):
    choice = next(q for q in questions_of(survey) if q.is_choice)
    services.question_update(question=choice, kind=Question.Kind.MULTIPLE, user=world.office)  # no answers yet
    submit(survey, world.a_med, [4])  # not counted yet: the check reads the answers
    assert PendingCount.objects.exists()
    with pytest.raises(ValidationError) as e:
        services.question_update(question=choice, kind=Question.Kind.SINGLE, user=world.office)
    assert "kind" in e.value.message_dict
    services.question_update(question=choice, text="您是怎样挂号的？", user=world.office)  # the text may change
