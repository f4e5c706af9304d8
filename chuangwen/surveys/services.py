"""Writes of the surveys app: templates and questions, responses (public and paper cards) with
their monthly aggregates, alerts and settings.

Every function is keyword-only and runs in one transaction; records with history get the
acting user. A response is stored with a queue row saying "not counted yet"; ``counts_fold``
adds the queued responses to their departments' monthly aggregates (in the background job, and
first thing on every page that reads them), so the satisfaction pages read a few hundred
aggregate rows instead of scanning millions of responses."""

from __future__ import annotations

import functools
import json
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import psycopg
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.core.text import is_readable, unreadable_message
from chuangwen.org.models import Department, Unit

from .models import (
    TEXT_MAX,
    Answer,
    DepartmentMonth,
    PendingCount,
    PendingSuggestion,
    Question,
    QuestionMonth,
    Response,
    SatisfactionAlert,
    SatisfactionSettings,
    SurveyTemplate,
    index_from,
)

logger = logging.getLogger(__name__)


def _save(obj, user) -> None:
    obj.full_clean()
    obj._history_user = user
    obj.save()
    if isinstance(obj, SurveyTemplate | Question):
        _forms_changed(obj.pk if isinstance(obj, SurveyTemplate) else obj.template_id)


def _forms_changed(template_id: int) -> None:
    """The public forms of this template changed: cached copies are stale (see
    ``selectors.public_form``)."""
    from .selectors import template_version_key

    key = template_version_key(template_id)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None))


# --- templates and questions -------------------------------------------------------------------


@transaction.atomic
def template_create(*, unit: Unit, name: str, audience: str, intro: str = "", user) -> SurveyTemplate:
    """A new, empty template of ``unit``."""
    if SurveyTemplate.objects.filter(unit=unit, name=name.strip()).exists():
        raise ValidationError({"name": _("A survey named %(name)s already exists.") % {"name": name.strip()}})
    template = SurveyTemplate(unit=unit, name=name.strip(), audience=audience, intro=intro)
    _save(template, user)
    return template


@transaction.atomic
def template_update(*, template: SurveyTemplate, user, **changes) -> SurveyTemplate:
    """Change a template's name, audience, introduction or active flag."""
    name = changes.get("name", template.name).strip()
    if SurveyTemplate.objects.filter(unit_id=template.unit_id, name=name).exclude(pk=template.pk).exists():
        raise ValidationError({"name": _("A survey named %(name)s already exists.") % {"name": name}})
    for key, value in changes.items():
        setattr(template, key, value)
    template.name = name
    _save(template, user)
    return template


@transaction.atomic
def question_add(
    *,
    template: SurveyTemplate,
    text: str,
    kind: str = Question.Kind.RATING,
    required: bool = True,
    options: Sequence[str] = (),
    counts_in_index: bool = True,
    user,
) -> Question:
    """Append a question at the end of ``template``."""
    last = template.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question(
        template=template,
        text=text.strip(),
        kind=kind,
        required=required,
        options=list(options),
        counts_in_index=counts_in_index,
        order=last + 10,
    )
    _save(question, user)
    return question


@transaction.atomic
def question_update(*, question: Question, user, **changes) -> Question:
    """Change a question. Its kind is fixed once it has answers (the aggregates count by kind)."""
    if "kind" in changes and changes["kind"] != question.kind and _has_answers(question):
        raise ValidationError({"kind": _("This question already has answers: its kind cannot change.")})
    for key, value in changes.items():
        setattr(question, key, value.strip() if isinstance(value, str) and key == "text" else value)
    _save(question, user)
    return question


def _has_answers(question: Question) -> bool:
    """Whether anyone answered ``question``: every answer is counted into a QuestionMonth row of
    its question (Answer has no index by question alone)."""
    counts_fold()
    return QuestionMonth.objects.filter(question=question, count__gt=0).exists()


@transaction.atomic
def question_move(*, question: Question, up: bool, user) -> None:
    """Swap the question with its neighbour above (``up``) or below among the active ones."""
    siblings = list(Question.objects.filter(template_id=question.template_id, is_active=True).order_by("order", "id"))
    i = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for pos, q in enumerate(siblings, start=1):
        if q.order != pos * 10:
            q.order = pos * 10
            q._history_user = user
            q.save(update_fields=["order", "updated_at"])
    _forms_changed(question.template_id)


@transaction.atomic
def question_deactivate(*, question: Question, user) -> Question:
    """Take a question off the form; its answers and aggregates stay."""
    question.is_active = False
    _save(question, user)
    return question


# The default surveys (seed 004 总结2 四1 "每季进行服务满意度调查"; 总结3 二: 挂号、收费、取药 等候不超过
# 15分钟, 收费项目完全公开, 微笑服务, 统一佩戴工号).
OUTPATIENT_QUESTIONS = [
    ("挂号、缴费是否便捷", "rating"),
    ("医生的服务态度（耐心倾听、解释病情）", "rating"),
    ("护士的服务态度（微笑服务、文明用语）", "rating"),
    ("候诊时间是否合理（一般不超过15分钟）", "rating"),
    ("就诊环境是否整洁卫生、标识清晰", "rating"),
    ("收费是否公开透明", "rating"),
    ("您对本科室的总体满意度", "rating"),
    ("您是通过什么方式挂号的？", "single", ["窗口挂号", "自助机", "微信/网上预约", "其他"]),
]
INPATIENT_QUESTIONS = [
    ("入院办理、出院结算是否便捷", "rating"),
    ("医生的服务态度（查房及时、解释病情）", "rating"),
    ("护士的服务态度（呼叫及时应答、操作规范）", "rating"),
    ("住院期间等候检查、治疗的时间是否合理", "rating"),
    ("病区环境是否整洁卫生、安静", "rating"),
    ("费用清单是否清楚、收费是否公开透明", "rating"),
    ("医务人员有无收受红包、推销药品等行为", "single", ["没有", "有", "不清楚"]),
    ("您对本次住院的总体满意度", "rating"),
]
DEFAULT_TEMPLATES = [
    (
        "门诊患者满意度调查",
        SurveyTemplate.Audience.OUTPATIENT,
        "感谢您来我院就诊！请花一分钟为我们的服务打分，1分为非常不满意，5分为非常满意。",
        OUTPATIENT_QUESTIONS,
    ),
    (
        "住院患者出院满意度调查",
        SurveyTemplate.Audience.INPATIENT,
        "祝您早日康复！请为本次住院期间的服务打分，1分为非常不满意，5分为非常满意。",
        INPATIENT_QUESTIONS,
    ),
]


@transaction.atomic
def default_templates_create(*, unit: Unit, user) -> list[SurveyTemplate]:
    """The outpatient and inpatient-at-discharge surveys with their usual questions (those the
    unit has already, by name, are left alone). 意见建议 is the form's own suggestion box."""
    created = []
    for name, audience, intro, questions in DEFAULT_TEMPLATES:
        if SurveyTemplate.objects.filter(unit=unit, name=name).exists():
            continue
        template = template_create(unit=unit, name=name, audience=audience, intro=intro, user=user)
        for text, kind, *opts in questions:
            question_add(template=template, text=text, kind=kind, options=opts[0] if opts else (), user=user)
        created.append(template)
    return created


# --- answers -----------------------------------------------------------------------------------


class AnswerRow(NamedTuple):
    """A checked answer, ready to store: what ``Answer`` holds but the response (the same
    attribute names). Lighter than a model instance: the public form builds eight per
    submission."""

    question_id: int
    rating: int | None = None
    choices: list[int] = []  # noqa: RUF012 (never mutated)
    text: str = ""


@dataclass
class CleanAnswers:
    """Answers checked against a template's questions: ``answers`` to store, ``errors`` by
    question id (Chinese messages naming the question)."""

    answers: list[AnswerRow] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


_RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def clean_answers(questions: Iterable[Question], raw: dict[int, object]) -> CleanAnswers:
    """Check raw values (rating "1"–"5", option numbers from 1, text) of each question; missing
    required answers and bad values become errors naming the question."""
    out = CleanAnswers()
    for q in questions:
        value = raw.get(q.pk)
        values = [str(v).strip() for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]
        values = [v for v in values if v]
        name = {"question": q.text}
        if not values:
            if q.required:
                out.errors[q.pk] = _("Please answer “%(question)s”.") % name
            continue
        if q.kind == Question.Kind.RATING:
            if len(values) != 1 or values[0] not in _RATINGS:
                out.errors[q.pk] = _("“%(question)s”: give a rating from 1 to 5.") % name
                continue
            out.answers.append(AnswerRow(q.pk, rating=_RATINGS[values[0]]))
        elif q.is_choice:
            n = len(q.options)
            picked = sorted({int(v) for v in values if v.isdigit() and 1 <= int(v) <= n})
            if len(picked) != len(set(values)) or (q.kind == Question.Kind.SINGLE and len(picked) != 1):
                out.errors[q.pk] = _("“%(question)s”: choose from options 1 to %(n)s.") % {**name, "n": n}
                continue
            out.answers.append(AnswerRow(q.pk, choices=picked))
        else:
            text = " ".join(values)
            if len(text) > TEXT_MAX:
                out.errors[q.pk] = _("“%(question)s”: at most %(max)s characters.") % {**name, "max": TEXT_MAX}
                continue
            if not is_readable(text):
                out.errors[q.pk] = unreadable_message(q.text)
                continue
            out.answers.append(AnswerRow(q.pk, text=text))
    return out


def month_of(moment: datetime) -> date:
    return timezone.localdate(moment).replace(day=1)


# --- responses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    response: Response
    created: bool  # False: the idempotency key was seen before (a double tap) and nothing was stored


def response_submit(
    *,
    template: SurveyTemplate,
    department: Department,
    answers: Sequence[AnswerRow],
    idempotency_key: str,
    channel: str = Response.Channel.QR,
    suggestion: str = "",
    fingerprint: str = "",
    submitted_at: datetime | None = None,
    card_no: str = "",
    entered_by=None,
    known_new: bool = False,
) -> Submitted:
    """Store one response (answers already checked by ``clean_answers``), atomically, with the
    queue rows that have it counted into the monthly aggregates (``counts_fold``) and its
    suggestion handed over (``suggestions_hand_over``). A second call with the same
    ``idempotency_key`` stores nothing and returns the first response (``known_new``: the caller
    has just checked that the key is new; a race is still caught by the unique index)."""
    existing = None if known_new else Response.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return Submitted(existing, False)
    suggestion = suggestion[:TEXT_MAX]
    conn = connections[DEFAULT_DB_ALIAS]  # once: every lookup through ``connection`` costs
    # On PostgreSQL the response is stored by one statement, atomic by itself: no BEGIN/COMMIT
    # round trips unless a savepoint is needed to recover from a duplicate key inside the
    # caller's transaction.
    one_statement = conn.vendor == "postgresql" and not conn.in_atomic_block
    try:
        with nullcontext() if one_statement else transaction.atomic():
            response = _store(
                conn,
                template=template,
                department=department,
                answers=answers,
                idempotency_key=idempotency_key,
                channel=channel,
                suggestion=suggestion,
                fingerprint=fingerprint,
                submitted_at=submitted_at or timezone.now(),
                card_no=card_no,
                entered_by=entered_by,
            )
    except IntegrityError:
        # Two taps raced past the check above: the other one stored it.
        existing = Response.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return Submitted(existing, False)
    return Submitted(response, True)


def _complaints_app() -> bool:
    """Whether the complaints app (投诉处理), which takes the surveys' suggestions, is installed."""
    return apps.is_installed("chuangwen.feedback")


def _hands_over(suggestion: str) -> bool:
    return bool(suggestion) and _complaints_app()


def _store(conn, *, template, department, answers, submitted_at, **fields) -> Response:
    response = Response(
        template=template,
        unit_id=department.unit_id,
        department=department,
        submitted_at=submitted_at,
        month=month_of(submitted_at),
        **fields,
    )
    if conn.vendor == "postgresql":
        _store_in_one_statement(conn, response, answers)
    else:
        _insert([response], returning_pk=True)
        if answers:
            _insert([Answer(response=response, **a._asdict()) for a in answers])
        with conn.cursor() as cursor:
            cursor.execute(f"INSERT INTO {PendingCount._meta.db_table} (response_id) VALUES (%s)", [response.pk])
            if _hands_over(response.suggestion):
                cursor.execute(
                    f"INSERT INTO {PendingSuggestion._meta.db_table} (response_id) VALUES (%s)", [response.pk]
                )
    _schedule_fold()
    return response


def suggestions_hand_over(*, batch: int = 500) -> int:
    """Hand the suggestions of new responses over to the complaints app (the background job
    ``tasks.fold_counts``), ``batch`` at a time, skipping rows another run holds. The patient
    does not wait for it. Returns how many responses were handed over."""

    def hand_over(ids: list[int]) -> None:
        _suggestions_to_complaints(Response.objects.filter(pk__in=ids).order_by("pk"))

    return _drain(PendingSuggestion, hand_over, batch=batch, wait=False)


def _drain(queue, work, *, batch: int, wait: bool) -> int:
    """Take a queue of responses (PendingCount, PendingSuggestion) ``batch`` ids at a time: each
    batch is locked, passed to ``work`` and deleted in one transaction, so each id is done
    exactly once. ``wait``: wait for rows another transaction holds instead of skipping them.
    Returns how many ids were done."""
    done = 0
    while True:
        with transaction.atomic():
            locked = queue.objects.order_by("response_id").select_for_update(skip_locked=not wait)
            ids = list(locked.values_list("response_id", flat=True)[:batch])
            if not ids:
                break
            work(ids)
            queue.objects.filter(response_id__in=ids).delete()
        done += len(ids)
        if len(ids) < batch:
            break
    return done


def hand_over_suggestion(response: Response) -> None:
    """A suggestion left on a survey also goes to the complaints app (投诉处理) as a suggestion of
    channel "survey", so it is assigned and answered like the others (once per response, however
    often it runs: the complaint's submission key is the response's)."""
    _suggestions_to_complaints([response])


def _suggestions_to_complaints(responses: Iterable[Response]) -> None:
    """The suggestions of ``responses`` to the complaints app, in one batch
    (``feedback.services.suggestions_receive``). Should that fail, each is tried alone, and one
    that fails again is logged and left on its response: the responses are kept all the same."""
    if not _complaints_app():
        return
    from chuangwen.feedback.services import SurveySuggestion, suggestions_receive

    suggestions = [
        SurveySuggestion(
            submission_key=f"survey:{r.pk}",
            unit_id=r.unit_id,
            department_id=r.department_id,
            content=r.suggestion,
            client_fingerprint=r.fingerprint,
            received_at=r.submitted_at,
        )
        for r in responses
        if r.suggestion
    ]
    try:
        with transaction.atomic():
            suggestions_receive(suggestions=suggestions)
        return
    except (ValidationError, IntegrityError):
        if len(suggestions) == 1:
            logger.exception("could not hand survey suggestion %s to the complaints app", suggestions[0].submission_key)
            return
    for one in suggestions:
        try:
            with transaction.atomic():
                suggestions_receive(suggestions=[one])
        except (ValidationError, IntegrityError):
            logger.exception("could not hand survey suggestion %s to the complaints app", one.submission_key)


# Storing a response: the public form's hot path, hundreds per second on a busy morning. Responses
# and answers have no history, signals or generated values but their id, so they are written
# with plain INSERTs (``save()`` and ``bulk_create()`` cost a third of a submission), with a
# PendingCount row saying "not counted yet". On PostgreSQL all of it is one statement
# (data-modifying WITH) sent as a prepared statement: one round trip, planned once per
# connection, atomic even outside a transaction.
#
# The monthly aggregates are added up apart (``counts_fold``): updating them in the submission
# made every submission to a department wait for the previous one's commit on the same row.


@functools.cache
def _one_statement() -> tuple[str, list[str]]:
    """PostgreSQL's statement of ``_store_in_one_statement`` (the same text every time, so that
    psycopg prepares it once per connection) and the Response attributes its first parameters
    are, in order; the answers come as one JSON array of [question, rating, choices, text] (one
    parameter: cheaper to send than four arrays).

    The response's values are passed as they are, not through ``get_db_prep_save`` (which cost
    more than the rest of the store): psycopg adapts these field types as Django's PostgreSQL
    backend would. A field of another type, or a new Answer field, stops this here."""
    qn = connection.ops.quote_name
    r_fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    plain = (models.ForeignKey, models.CharField, models.TextField, models.DateField)  # DateTimeField is one
    assert all(isinstance(f, plain) for f in r_fields), "Response's fields changed: check the adaptation"
    a_columns = [
        qn(Answer._meta.get_field(name).column) for name in ("response", "question", "rating", "choices", "text")
    ]
    assert len(a_columns) == len(Answer._meta.concrete_fields) - 1, "Answer's fields changed: update this statement"
    sql = (
        f"WITH r AS (INSERT INTO {qn(Response._meta.db_table)} ({', '.join(qn(f.column) for f in r_fields)}) "
        f"{_rows(1, len(r_fields))} RETURNING {qn(Response._meta.pk.column)} AS id), "
        f"a AS (INSERT INTO {qn(Answer._meta.db_table)} ({', '.join(a_columns)}) "
        "SELECT r.id, (v->>0)::bigint, (v->>1)::smallint, v->2, v->>3 "
        "FROM r, jsonb_array_elements(%s::jsonb) AS v), "
        f"p AS (INSERT INTO {qn(PendingCount._meta.db_table)} (response_id) SELECT r.id FROM r), "
        f"s AS (INSERT INTO {qn(PendingSuggestion._meta.db_table)} (response_id) SELECT r.id FROM r WHERE %s) "
        "SELECT r.id FROM r"
    )
    return sql, [f.attname for f in r_fields]


def _store_in_one_statement(conn, response: Response, answers: Sequence[AnswerRow]) -> None:
    """PostgreSQL: the response, its answers, its PendingCount row and (with a suggestion) its
    PendingSuggestion row in one statement; sets the response's id."""
    sql, attnames = _one_statement()
    params = [getattr(response, attname) for attname in attnames]
    params.append(json.dumps([[a.question_id, a.rating, a.choices, a.text] for a in answers], ensure_ascii=False))
    params.append(_hands_over(response.suggestion))
    conn.ensure_connection()
    # A server-side prepared statement (psycopg's own cursor, not Django's client-side binding
    # one): PostgreSQL parses and plans the statement once per connection instead of once per
    # response, and the values travel as parameters instead of being quoted into the text. It
    # takes the connection's prepare_threshold that settings.py sets: with Django's default
    # (None) psycopg ignores ``prepare=True`` and PostgreSQL plans it for every response.
    with conn.wrap_database_errors, psycopg.Cursor(conn.connection) as cursor:  # IntegrityError as Django's
        cursor.execute(sql, params, prepare=True)
        response.pk = cursor.fetchone()[0]
    response._state.adding, response._state.db = False, conn.alias


def _rows(n: int, width: int) -> str:
    return "VALUES " + ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * n)


# --- counting responses into the monthly aggregates -------------------------------------------

FOLD_EVERY = 3  # seconds: the background job runs at most this often per app-server process
FOLD_BATCH = 2000


_fold_due = 0.0  # this process's next moment to ask the cache whether a fold is scheduled


def _schedule_fold() -> None:
    """Have the background job count the new responses in a few seconds (once per ``FOLD_EVERY``
    seconds per process, however many responses come in meanwhile; with a shared cache, once
    for all processes). Between two such moments a submission costs no cache operation."""
    global _fold_due
    now = time.monotonic()
    if now < _fold_due:
        return
    _fold_due = now + FOLD_EVERY
    if cache.add("surveys:fold-scheduled", 1, FOLD_EVERY):
        from .tasks import fold_counts

        transaction.on_commit(fold_counts.enqueue)


def counts_fold(*, wait: bool = True, batch: int = FOLD_BATCH) -> int:
    """Add the responses not counted yet to the monthly aggregates, ``batch`` at a time (each
    response counts exactly once, see ``_drain``). Returns how many were counted.

    ``wait``: a page about to read the aggregates waits for a fold running elsewhere to commit
    (so it sees everything stored before it); the background job skips rows another fold holds.
    With nothing pending this is one small query."""
    if not PendingCount.objects.exists():
        return 0
    return _drain(PendingCount, lambda ids: _maybe_alert(_add_to_months(ids)), batch=batch, wait=wait)


def _month_counts(responses) -> tuple[list[tuple], list[tuple]]:
    """What ``responses`` (a Response queryset) add to the month rows, in three grouped queries:
    department rows (unit, template, department, month, responses, index count, index sum) in
    the order of their unique key, and question rows (unit, template, department, question,
    month, count, sum, r1…r5) likewise. The index counts ratings of questions that count in it."""
    group = ("response__unit_id", "response__template_id", "response__department_id", "response__month")
    answers = Answer.objects.filter(response__in=responses)
    index = {
        tuple(r[g] for g in group): (r["n"], r["total"] or 0)
        for r in answers.filter(
            question__kind=Question.Kind.RATING, question__counts_in_index=True, rating__isnull=False
        )
        .values(*group)
        .annotate(n=Count("id"), total=Sum("rating"))
        .order_by()
    }
    keys = ("unit_id", "template_id", "department_id", "month")
    departments = sorted(
        (
            (*(r[k] for k in keys), r["n"], *index.get(tuple(r[k] for k in keys), (0, 0)))
            for r in responses.values(*keys).annotate(n=Count("id")).order_by()
        ),
        key=lambda r: (r[2], r[1], r[3]),
    )
    per_rating = {f"r{k}": Count("id", filter=Q(rating=k)) for k in range(1, 6)}
    questions = sorted(
        (
            (
                *(r[g] for g in group[:3]),
                r["question_id"],
                r["response__month"],
                r["n"],
                r["total"] or 0,
                *(r[f"r{k}"] for k in range(1, 6)),
            )
            for r in answers.values(*group, "question_id")
            .annotate(n=Count("id"), total=Sum("rating"), **per_rating)
            .order_by()
        ),
        key=lambda r: (r[2], r[3], r[4]),
    )
    return departments, questions


def _month_counts_of(ids: Sequence[int]) -> tuple[list[tuple], list[tuple]]:
    """``_month_counts`` of the responses ``ids`` (a fold's batch), added up here instead of by
    PostgreSQL: three plain lookups by key, then a loop over the answers. The grouped queries
    cost the database ~100 µs per response (as much as storing it), in one long query per batch
    beside the submissions being served; the background worker runs at a low CPU priority, the
    database does not. Same rows, same order (``test_fold_counts_equal_the_grouped_queries``)."""
    responses = {
        pk: key
        for pk, *key in Response.objects.filter(pk__in=ids).values_list(
            "pk", "unit_id", "template_id", "department_id", "month"
        )
    }
    answers = list(Answer.objects.filter(response_id__in=ids).values_list("response_id", "question_id", "rating"))
    in_index = set(
        Question.objects.filter(
            pk__in={a[1] for a in answers}, kind=Question.Kind.RATING, counts_in_index=True
        ).values_list("pk", flat=True)
    )
    per_department: dict[tuple, list[int]] = {}  # key -> [responses, index count, index sum]
    for key in responses.values():
        per_department.setdefault(tuple(key), [0, 0, 0])[0] += 1
    per_question: dict[tuple, list[int]] = {}  # (unit, template, department, question, month) -> [n, sum, r1…r5]
    for response_id, question_id, rating in answers:
        unit_id, template_id, department_id, month = responses[response_id]
        acc = per_question.setdefault((unit_id, template_id, department_id, question_id, month), [0] * 7)
        acc[0] += 1
        if rating is not None:
            acc[1] += rating
            if 1 <= rating <= 5:
                acc[1 + rating] += 1
            if question_id in in_index:
                department = per_department[(unit_id, template_id, department_id, month)]
                department[1] += 1
                department[2] += rating
    departments = sorted(((*key, *acc) for key, acc in per_department.items()), key=lambda r: (r[2], r[1], r[3]))
    questions = sorted(((*key, *acc) for key, acc in per_question.items()), key=lambda r: (r[2], r[3], r[4]))
    return departments, questions


def _add_to_months(ids: list[int]) -> list[tuple]:
    """Add these responses to their month rows (upserts in the rows' key order, so two folds
    never deadlock); returns each touched department-month as (unit, department, month,
    responses, index sum, index count) after the addition."""
    departments, questions = _month_counts_of(ids)
    prep = functools.partial(DepartmentMonth._meta.get_field("month").get_db_prep_save, connection=connection)
    touched = []
    with connection.cursor() as cursor:
        for start in range(0, len(departments), 500):
            chunk = departments[start : start + 500]
            cursor.execute(
                _upsert_sql(DepartmentMonth, _rows(len(chunk), 7), "unit_id, department_id, month, " + _RETURNING),
                [v if i != 3 else prep(v) for row in chunk for i, v in enumerate(row)],
            )
            touched += cursor.fetchall()
        for start in range(0, len(questions), 500):
            chunk = questions[start : start + 500]
            cursor.execute(
                _upsert_sql(QuestionMonth, _rows(len(chunk), 12)),
                [v if i != 4 else prep(v) for row in chunk for i, v in enumerate(row)],
            )
    return touched


_ADDS = {
    DepartmentMonth: ("responses", "index_count", "index_sum"),
    QuestionMonth: ("count", "sum", "r1", "r2", "r3", "r4", "r5"),
}
_UNIQUE = {
    DepartmentMonth: ("department_id", "template_id", "month"),
    QuestionMonth: ("department_id", "question_id", "month"),
}


def _upsert_sql(model, rows: str, returning: str = "") -> str:
    """``INSERT INTO <model> (unit, template, department[, question], month, <counts>) <rows> ON
    CONFLICT (<unique>) DO UPDATE SET n = n + excluded.n, …``."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    keys = ["unit_id", "template_id", "department_id", *(["question_id"] if model is QuestionMonth else []), "month"]
    sets = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in _ADDS[model])
    sql = (
        f"INSERT INTO {table} ({', '.join(qn(c) for c in [*keys, *_ADDS[model]])}) {rows} "
        f"ON CONFLICT ({', '.join(qn(c) for c in _UNIQUE[model])}) DO UPDATE SET {sets}"
    )
    return f"{sql} RETURNING {returning}" if returning else sql


_RETURNING = "responses, index_sum, index_count"


def _insert(objs: Sequence[Response] | Sequence[Answer], *, returning_pk: bool = False) -> None:
    """INSERT new rows of one model in one statement, without the per-object work of ``save()``
    and ``bulk_create()``. With ``returning_pk`` (one row), the object gets its id."""
    conn = connections[DEFAULT_DB_ALIAS]  # once: every lookup through ``connection`` costs
    opts = objs[0]._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    qn = conn.ops.quote_name
    sql = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) {_rows(len(objs), len(fields))}"
    params = [f.get_db_prep_save(f.pre_save(obj, True), conn) for obj in objs for f in fields]
    with conn.cursor() as cursor:
        if not returning_pk:
            cursor.execute(sql, params)
            return
        assert len(objs) == 1
        cursor.execute(f"{sql} RETURNING {qn(opts.pk.column)}", params)
        obj = objs[0]
        obj.pk = cursor.fetchone()[0]
        obj._state.adding, obj._state.db = False, conn.alias


# --- settings and alerts -----------------------------------------------------------------------


def settings_for(unit_id: int) -> tuple[int, int]:
    """(alert threshold, minimum responses) of a unit, cached for a minute."""
    key = f"surveys:settings:{unit_id}"
    found = cache.get(key)
    if found is None:
        row = SatisfactionSettings.objects.filter(unit_id=unit_id).values_list("alert_threshold", "min_responses")
        found = row.first() or (
            SatisfactionSettings.alert_threshold.field.default,
            SatisfactionSettings.min_responses.field.default,
        )
        cache.set(key, found, 60)
    return tuple(found)


@transaction.atomic
def settings_update(*, unit: Unit, alert_threshold: int, min_responses: int, user) -> SatisfactionSettings:
    obj = SatisfactionSettings.objects.filter(unit=unit).first() or SatisfactionSettings(unit=unit)
    obj.alert_threshold = alert_threshold
    obj.min_responses = min_responses
    _save(obj, user)
    cache.delete(f"surveys:settings:{unit.pk}")
    return obj


ALERT_CHECK_EVERY = 300


def _maybe_alert(rows: list[tuple]) -> None:
    """Of the department-month rows just counted (unit, department, month, responses, index sum,
    index count), those of a template already below the unit's threshold have the background
    job check the department's whole month (it raises the alert once). At most one check per
    department-month every few minutes: a low department keeps receiving answers until the job
    has run. One query for however many rows."""
    candidates = set()
    for unit_id, department_id, month, responses, total, count in rows:
        if isinstance(month, str):  # SQLite's RETURNING gives the text
            month = date.fromisoformat(month)
        threshold, min_responses = settings_for(unit_id)
        index = index_from(total, count)
        if index is None or index >= threshold or responses < min_responses:
            continue
        if cache.add(f"surveys:alert-check:{department_id}:{month.isoformat()}", 1, ALERT_CHECK_EVERY):
            candidates.add((department_id, month))
    if not candidates:
        return
    raised = set(
        SatisfactionAlert.objects.filter(
            department_id__in={d for d, _m in candidates}, month__in={m for _d, m in candidates}
        ).values_list("department_id", "month")
    )
    from .tasks import check_department_alert

    for department_id, month in sorted(candidates - raised):
        transaction.on_commit(functools.partial(check_department_alert.enqueue, department_id, month.isoformat()))


def alert_raise(*, department: Department, month: date) -> SatisfactionAlert | None:
    """Raise the alert of a department-month when its index (over every template) is below the
    unit's threshold with enough responses; notify the department heads and the office. Once
    per department and month: a second call returns None."""
    from . import selectors

    threshold, min_responses = settings_for(department.unit_id)
    stats = selectors.department_month_index(department_id=department.pk, month=month)
    if stats.index is None or stats.index >= threshold or stats.responses < min_responses:
        return None
    with transaction.atomic():
        alert, created = SatisfactionAlert.objects.get_or_create(
            department=department,
            month=month,
            defaults={
                "unit_id": department.unit_id,
                "index": stats.index,
                "threshold": threshold,
                "responses": stats.responses,
            },
        )
    if not created:
        return None
    _notify(alert, department)
    return alert


def _notify(alert: SatisfactionAlert, department: Department) -> None:
    from django.urls import reverse

    from chuangwen.core.roles import Role
    from chuangwen.dashboard.services import NotificationDraft, notifications_send
    from chuangwen.org.models import Membership

    users = (
        Membership.objects.filter(is_active=True, user__is_active=True)
        .filter(Q(role=Role.DEPT_HEAD, department_id=department.pk) | Q(role=Role.OFFICE, unit_id=department.unit_id))
        .values_list("user_id", flat=True)
        .distinct()
    )
    params = {
        "department": department.name,
        "month": f"{alert.month:%Y-%m}",
        "index": alert.index,
        "threshold": alert.threshold,
    }
    title = _("Low patient satisfaction: %(department)s") % params
    body = (
        _("The satisfaction index of %(department)s in %(month)s is %(index)s, below the threshold %(threshold)s.")
        % params
    )
    url = reverse("surveys:dashboard") + f"?month={alert.month:%Y-%m}"
    notifications_send(
        drafts=[
            NotificationDraft(uid, "satisfaction_low", title, body, url, f"survey-alert:{alert.pk}:{uid}")
            for uid in sorted(set(users))
        ]
    )


@transaction.atomic
def alert_acknowledge(*, alert: SatisfactionAlert, user) -> SatisfactionAlert:
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = user
        alert._history_user = user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return alert


# --- paper cards -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    """One paper card as typed in: its row number on the page, raw values by question id."""

    row: int
    values: dict[int, object]
    card_no: str = ""
    suggestion: str = ""
    filled_on: date | None = None


class BatchError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def paper_cards_enter(
    *, template: SurveyTemplate, department: Department, rows: Sequence[CardRow], user
) -> list[Response]:
    """Store a batch of paper cards (征求意见卡): every row is checked first, and any error (named
    by row number) stores nothing; otherwise all rows are stored in one transaction. A batch of
    more than ``SURVEYS_PAPER_MAX_ROWS`` cards is refused before any is checked."""
    limit = settings.SURVEYS_PAPER_MAX_ROWS
    if len(rows) > limit:
        raise BatchError([_("At most %(max)s cards can be typed in at once; save them in batches.") % {"max": limit}])
    questions = list(template.questions.filter(is_active=True).order_by("order", "id"))
    errors, checked = [], []
    today = timezone.localdate()
    for card in rows:
        result = clean_answers(questions, card.values)
        for q in questions:
            if q.pk in result.errors:
                errors.append(_("Row %(row)s: %(reason)s") % {"row": card.row, "reason": result.errors[q.pk]})
        if len(card.suggestion) > TEXT_MAX:
            errors.append(
                _("Row %(row)s: the suggestion has more than %(max)s characters.") % {"row": card.row, "max": TEXT_MAX}
            )
        if card.filled_on and card.filled_on > today:
            errors.append(_("Row %(row)s: the date is in the future.") % {"row": card.row})
        checked.append((card, result.answers))
    if not rows:
        errors.append(_("Type in at least one card."))
    if errors:
        raise BatchError(errors)
    stored = []
    with transaction.atomic():
        for card, answers in checked:
            moment = timezone.now()
            if card.filled_on and card.filled_on != today:
                moment = timezone.make_aware(datetime.combine(card.filled_on, datetime.min.time().replace(hour=12)))
            stored.append(
                response_submit(
                    template=template,
                    department=department,
                    answers=answers,
                    idempotency_key=f"paper-{uuid.uuid4().hex}",
                    channel=Response.Channel.PAPER,
                    suggestion=card.suggestion,
                    submitted_at=moment,
                    card_no=card.card_no,
                    entered_by=user,
                ).response
            )
    return stored


# --- rebuilding aggregates ---------------------------------------------------------------------


@transaction.atomic
def aggregates_rebuild(*, template: SurveyTemplate) -> int:
    """Recount a template's monthly aggregates from its raw responses, in three grouped queries
    (after a question's "counts in the index" changed, or to check them). Returns the number of
    department-month rows."""
    DepartmentMonth.objects.filter(template=template).delete()
    QuestionMonth.objects.filter(template=template).delete()
    # Responses still waiting for ``counts_fold`` are left to it (counting them here too would
    # count them twice).
    pending = PendingCount.objects.filter(response_id=OuterRef("pk"))
    departments, questions = _month_counts(Response.objects.filter(template=template).exclude(Exists(pending)))
    rows = [
        DepartmentMonth(
            unit_id=unit,
            template_id=template_id,
            department_id=department,
            month=month,
            responses=n,
            index_count=count,
            index_sum=total,
        )
        for unit, template_id, department, month, n, count, total in departments
    ]
    DepartmentMonth.objects.bulk_create(rows, batch_size=1000)
    QuestionMonth.objects.bulk_create(
        [
            QuestionMonth(
                unit_id=unit,
                template_id=template_id,
                department_id=department,
                question_id=question,
                month=month,
                count=n,
                sum=total,
                **{f"r{k}": r for k, r in enumerate(ratings, start=1)},
            )
            for unit, template_id, department, question, month, n, total, *ratings in questions
        ],
        batch_size=1000,
    )
    return len(rows)
