"""One generated unit's rows (bench/province.py), copied from the demo hospital's.

``Templates.load`` reads the demo hospital once: its unit, departments, a staff member, its
campaign (phases, tasks with their items and co-departments, item compliance), evidence with
their files, findings, complaints, ledger entries and surveys. ``unit_rows`` then writes a new
unit: each row is a copy of a random demo row of the same kind (so states, dates and texts stay
consistent with each other) with its dates shifted back by up to five months and its keys
pointed at the new unit's rows: its departments (by name), a staff member of that department,
its campaign, tasks and surveys. Accounts are never copied (no generated row is anybody's own,
so the demo's users see exactly what they saw before); the survey answers are drawn afresh and
counted into the monthly aggregates."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.db import models
from django.utils import timezone

from bench.province_copy import CopyTable, analyze, reset_sequences, template_row

SHIFT_DAYS = 150
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅琴云莲燕萍建国志文斌辉鹏飞海波宁"
TITLES = ["主任医师", "副主任医师", "主治医师", "医师", "主管护师", "护师", "护士", "技师", "药师", "科员"]


def _rating_weights(mean: float) -> list[float]:
    spread = {5: max(0.0, mean - 3.6), 4: 0.45, 3: max(0.05, 4.4 - mean), 2: max(0.02, (4.2 - mean) / 2), 1: 0.02}
    return [spread[k] for k in range(1, 6)]


class Cloner:
    """Copies of the demo rows of one model into a ``CopyTable`` (every field varies)."""

    def __init__(self, model, rows):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.rows = [template_row(model, r) for r in rows]
        self.src_ids = [r.pk for r in rows]
        self.table = CopyTable(model, [f.attname for f in self.fields], self.rows[0] if self.rows else {})
        self.user_fks = [f.attname for f in self.fields if f.is_relation and f.related_model is _user_model()]
        self.dates = [f.attname for f in self.fields if isinstance(f, models.DateField)]

    def add(self, row: dict) -> int:
        return self.table.add(*[row[f.attname] for f in self.fields])

    def copy(self, src: dict, shift: timedelta | None = None, **overrides) -> dict:
        row = dict(src)
        for a in self.user_fks:
            row[a] = None
        if shift:
            for a in self.dates:
                v = row[a]
                if v is not None:
                    row[a] = v + (shift if isinstance(v, datetime) else timedelta(days=shift.days))
        row.update(overrides)
        return row


def _user_model():
    from django.apps import apps

    return apps.get_model(settings.AUTH_USER_MODEL)


class Templates:
    @classmethod
    def load(cls, unit_code: str) -> Templates:
        from chuangwen.campaigns.models import Campaign, Phase, Task
        from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance
        from chuangwen.feedback.models import Complaint
        from chuangwen.inspections.models import Finding
        from chuangwen.org.models import Department, Person, Unit
        from chuangwen.scoring.models import LedgerEntry
        from chuangwen.surveys.models import Answer, DepartmentMonth, Question, QuestionMonth, Response, SurveyTemplate

        t = cls()
        unit = Unit.objects.get(code=unit_code)
        t.unit = Cloner(Unit, [unit])
        t.departments = Cloner(Department, list(Department.objects.filter(unit=unit).order_by("sort_order", "id")))
        t.dept_name = {d.pk: d.name for d in Department.objects.filter(unit=unit)}
        person = Person.objects.filter(unit=unit, user__isnull=True).order_by("id").first()
        t.person = CopyTable(
            Person,
            ["unit_id", "department_id", "employee_no", "name", "gender", "title", "phone", "political_status"],
            template_row(Person, person, user_id=None, position=""),
        )
        campaign = Campaign.objects.filter(unit=unit).order_by("-year", "-id").first()
        t.campaign = Cloner(Campaign, [campaign])
        t.phases = Cloner(Phase, list(Phase.objects.filter(campaign=campaign).order_by("id")))
        tasks = list(Task.objects.filter(campaign=campaign).order_by("id"))
        t.tasks = Cloner(Task, tasks)
        t.task_items = defaultdict(list)
        for task_id, item_id in Task.items.through.objects.filter(task__campaign=campaign).values_list(
            "task_id", "item_id"
        ):
            t.task_items[task_id].append(item_id)
        t.task_co = defaultdict(list)
        for task_id, dept_id in Task.co_departments.through.objects.filter(task__campaign=campaign).values_list(
            "task_id", "department_id"
        ):
            t.task_co[task_id].append(dept_id)
        t.task_item_table = CopyTable(Task.items.through, ["task_id", "item_id"], {})
        co_field = Task.co_departments.through._meta
        t.co_attnames = [f.attname for f in co_field.concrete_fields if not f.primary_key]
        t.task_co_table = CopyTable(Task.co_departments.through, t.co_attnames, {})
        t.compliance = Cloner(ItemCompliance, list(ItemCompliance.objects.filter(campaign=campaign)))
        t.evidence = Cloner(Evidence, list(Evidence.objects.filter(unit=unit, task__campaign=campaign)))
        files = list(EvidenceFile.objects.filter(unit=unit).order_by("id")[:200])
        t.files = Cloner(EvidenceFile, files)
        t.file_of = defaultdict(list)
        for k, f in enumerate(files):
            t.file_of[f.evidence_id].append(k)
        t.findings = Cloner(Finding, list(Finding.objects.filter(unit=unit)))
        t.complaints = Cloner(Complaint, list(Complaint.objects.filter(unit=unit)))
        t.ledger = Cloner(LedgerEntry, list(LedgerEntry.objects.filter(unit=unit, source_type__isnull=True)))
        t.surveys = []
        for template in SurveyTemplate.objects.filter(unit=unit, is_active=True).order_by("id"):
            questions = list(Question.objects.filter(template=template, is_active=True).order_by("order", "id"))
            t.surveys.append((template, questions))
        t.survey_table = Cloner(SurveyTemplate, [s for s, _q in t.surveys])
        t.question_table = Cloner(Question, [q for _s, qs in t.surveys for q in qs])
        resp = Response.objects.filter(unit=unit).order_by("id").first()
        t.response = CopyTable(
            Response,
            ["template_id", "unit_id", "department_id", "channel", "submitted_at", "month", "fingerprint",
             "idempotency_key", "suggestion", "card_no"],
            template_row(Response, resp, entered_by_id=None),
        )  # fmt: skip
        t.answer = CopyTable(Answer, ["response_id", "question_id", "rating", "choices"], template_row(Answer, text=""))
        t.dept_month = CopyTable(
            DepartmentMonth,
            ["unit_id", "template_id", "department_id", "month", "responses", "index_count", "index_sum"],
            template_row(DepartmentMonth),
        )
        t.question_month = CopyTable(
            QuestionMonth,
            ["unit_id", "template_id", "department_id", "question_id", "month", "count", "sum",
             "r1", "r2", "r3", "r4", "r5"],
            template_row(QuestionMonth),
        )  # fmt: skip
        t.suggestions = list(
            Response.objects.filter(unit=unit).exclude(suggestion="").values_list("suggestion", flat=True).distinct()
        )
        t.models = generated_models()
        return t

    def finish(self) -> None:
        reset_sequences(self.models)
        analyze(self.models)


def generated_models() -> list:
    """The models whose tables the generator writes with ids of its own."""
    from chuangwen.campaigns.models import Campaign, Phase, Task
    from chuangwen.evidence.models import Evidence, EvidenceFile, ItemCompliance
    from chuangwen.feedback.models import Complaint
    from chuangwen.inspections.models import Finding
    from chuangwen.org.models import Department, Person, Unit
    from chuangwen.scoring.models import LedgerEntry
    from chuangwen.surveys.models import Answer, DepartmentMonth, Question, QuestionMonth, Response, SurveyTemplate

    return [
        Unit, Department, Person, Campaign, Phase, Task, Task.items.through, Task.co_departments.through,
        ItemCompliance, Evidence, EvidenceFile, Finding, Complaint, LedgerEntry, SurveyTemplate, Question,
        Response, Answer, DepartmentMonth, QuestionMonth,
    ]  # fmt: skip


def _months(this_month: date, n: int) -> list[date]:
    out, m = [], this_month
    for _ in range(n):
        out.append(m)
        m = (m - timedelta(days=1)).replace(day=1)
    return out[::-1]


def unit_rows(t: Templates, rng, now, *, county, code, name, short_name, category, grade, quota, months) -> dict:
    """Write one unit and everything in it; returns the rows written per kind."""
    from chuangwen.org.models import Unit

    kind = Unit.Kind.HOSPITAL
    unit_id = t.unit.add(
        t.unit.copy(t.unit.rows[0], name=name, short_name=short_name, code=code, category=category, grade=grade,
                    region_id=county.pk, kind=kind, address=f"{county.name}{short_name[:2]}路{rng.randint(1, 199)}号")
    )  # fmt: skip
    # departments: the big hospital's all, smaller units fewer
    n_depts = {"general": len(t.departments.rows), "tcm": 16, "maternal": 12, "township": 9, "community": 7}
    n_depts = min(n_depts[category], len(t.departments.rows))
    src_depts = t.departments.rows[:n_depts]
    dept_ids, by_name = [], {}
    for d in src_depts:
        pk = t.departments.add(t.departments.copy(d, unit_id=unit_id, head_id=None))
        dept_ids.append(pk)
        by_name[d["name"]] = pk
    # staff
    people: dict[int, list[int]] = defaultdict(list)
    for k in range(quota["staff"]):
        dept = dept_ids[k % len(dept_ids)]
        female = rng.random() < 0.6
        person_name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        pid = t.person.add(
            unit_id, dept, f"{k + 1:05d}", person_name, "F" if female else "M", rng.choice(TITLES),
            f"1{rng.choice('358')}{rng.randrange(10**9):09d}", rng.choice(("cpc", "masses", "masses", "league")),
        )  # fmt: skip
        people[dept].append(pid)
    heads = {dept: ids[0] for dept, ids in people.items()}

    def dept_for(src_dept_id):
        if src_dept_id is None:
            return None
        return by_name.get(t.dept_name.get(src_dept_id)) or dept_ids[hash(src_dept_id) % len(dept_ids)]

    def person_in(dept):
        ids = people.get(dept)
        return rng.choice(ids) if ids else None

    # campaign, phases, tasks
    campaign_id = t.campaign.add(t.campaign.copy(t.campaign.rows[0], unit_id=unit_id))
    phase_map = {}
    for src_id, p in zip(t.phases.src_ids, t.phases.rows, strict=True):
        phase_map[src_id] = t.phases.add(t.phases.copy(p, campaign_id=campaign_id))
    task_map, task_dept = {}, {}
    for src_id, task in zip(t.tasks.src_ids, t.tasks.rows, strict=True):
        dept = dept_for(task["department_id"])
        new = t.tasks.copy(
            task, campaign_id=campaign_id, unit_id=unit_id, department_id=dept, person_id=person_in(dept),
            phase_id=phase_map.get(task["phase_id"]),
        )  # fmt: skip
        task_map[src_id] = t.tasks.add(new)
        task_dept[task_map[src_id]] = dept
        for item_id in t.task_items.get(src_id, ()):
            t.task_item_table.add(task_map[src_id], item_id)
        for co in {dept_for(d) for d in t.task_co.get(src_id, ())} - {dept}:
            t.task_co_table.add(*[task_map[src_id] if a == "task_id" else co for a in t.co_attnames])
    for c in t.compliance.rows:
        t.compliance.add(t.compliance.copy(c, campaign_id=campaign_id, unit_id=unit_id))
    counts = {"units": 1, "departments": len(dept_ids), "staff": quota["staff"], "tasks": len(task_map)}

    def shift():
        return -timedelta(seconds=rng.randrange(SHIFT_DAYS * 86400))

    # evidence and their files
    ev_src = list(zip(t.evidence.src_ids, t.evidence.rows, strict=True))
    for _ in range(quota["evidence"]):
        src_id, src = rng.choice(ev_src)
        task = task_map.get(src["task_id"]) or rng.choice(list(task_map.values()))
        dept = task_dept[task]
        ev = t.evidence.add(
            t.evidence.copy(src, shift(), campaign_id=campaign_id, unit_id=unit_id, department_id=dept, task_id=task)
        )
        file_rows = t.file_of.get(src_id) or [rng.randrange(len(t.files.rows))]
        f = t.files.rows[file_rows[0]]
        t.files.add(t.files.copy(f, evidence_id=ev, unit_id=unit_id, department_id=dept))
    counts["evidence"] = quota["evidence"]
    # findings
    for _ in range(quota["findings"]):
        src = rng.choice(t.findings.rows)
        dept = dept_for(src["department_id"])
        t.findings.add(
            t.findings.copy(
                src, shift(), unit_id=unit_id, source_unit_id=unit_id, department_id=dept, round_id=None,
                responsible_person_id=person_in(dept) if src["responsible_person_id"] else None,
            )
        )  # fmt: skip
    counts["findings"] = quota["findings"]
    # complaints (reference numbers per unit and month, as the app numbers them)
    seq: dict[str, int] = defaultdict(int)
    for _ in range(quota["complaints"]):
        src = rng.choice(t.complaints.rows)
        row = t.complaints.copy(src, shift(), unit_id=unit_id, submission_key=None)
        period = f"{timezone.localtime(row['received_at']):%Y%m}"
        seq[period] += 1
        ref = f"{src['reference'][:2]}{period}{seq[period]:04d}"
        dept = dept_for(src["department_id"])
        row.update(
            reference=ref, search_text=src["search_text"].replace(src["reference"], ref), department_id=dept,
            handling_department_id=dept_for(src["handling_department_id"]),
            person_id=person_in(dept) if src["person_id"] else None,
        )  # fmt: skip
        t.complaints.add(row)
    counts["complaints"] = quota["complaints"]
    # scoring ledger
    for _ in range(quota["ledger"]):
        src = rng.choice(t.ledger.rows)
        row = t.ledger.copy(src, shift(), unit_id=unit_id, key=None, reverses_id=None, source_id=None)
        dept = dept_for(src["department_id"])
        row.update(
            campaign_id=campaign_id if src["campaign_id"] else None, department_id=dept,
            person_id=person_in(dept) if src["person_id"] else None, period=row["occurred_on"].replace(day=1),
        )  # fmt: skip
        t.ledger.add(row)
    counts["ledger"] = quota["ledger"]
    counts["responses"], counts["answers"] = _surveys(t, rng, now, unit_id, dept_ids, src_depts, quota, months)

    # parents first (departments before their people; the heads after both)
    for table in (t.unit.table, t.departments.table, t.person, t.campaign.table, t.phases.table, t.tasks.table,
                  t.task_item_table, t.task_co_table, t.compliance.table, t.evidence.table, t.files.table,
                  t.findings.table, t.complaints.table, t.ledger.table, t.survey_table.table, t.question_table.table,
                  t.response, t.answer, t.dept_month, t.question_month):  # fmt: skip
        table.flush()
    from chuangwen.org.models import Department

    for dept, head in heads.items():
        Department._base_manager.filter(pk=dept).update(head_id=head)
    return counts


def _surveys(t: Templates, rng, now, unit_id, dept_ids, src_depts, quota, months) -> tuple[int, int]:
    from chuangwen.org.models import Department

    clinical = [pk for pk, d in zip(dept_ids, src_depts, strict=True)
                if d["kind"] in (Department.Kind.CLINICAL, Department.Kind.MEDTECH)] or dept_ids  # fmt: skip
    this_month = timezone.localdate().replace(day=1)
    month_list = _months(this_month, months)
    surveys = []
    for template, questions in t.surveys:
        sid = t.survey_table.add(t.survey_table.copy(template_row(type(template), template), unit_id=unit_id))
        qids = []
        for q in questions:
            qids.append((t.question_table.add(t.question_table.copy(template_row(type(q), q), template_id=sid)), q))
        surveys.append((sid, qids))
    n_total = quota["responses"]
    dm = defaultdict(lambda: [0, 0, 0])
    qm = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    answers = 0
    tz = timezone.get_current_timezone()
    for n in range(n_total):
        sid, qids = surveys[0] if n % 3 or len(surveys) == 1 else surveys[1]
        dept = clinical[n % len(clinical)]
        month = month_list[n * len(month_list) // max(1, n_total)]
        start = datetime.combine(month, dtime(8), tzinfo=tz)
        end = min(now, datetime.combine((month + timedelta(days=32)).replace(day=1), dtime(0), tzinfo=tz))
        at = start + timedelta(seconds=rng.randrange(max(60, int((end - start).total_seconds()))))
        paper = rng.random() < 0.2
        suggestion = rng.choice(t.suggestions) if t.suggestions and rng.random() < 0.1 else ""
        rid = t.response.add(
            sid, unit_id, dept, "paper" if paper else "qr", at, month, f"{rng.getrandbits(128):032x}",
            uuid.uuid4().hex, suggestion, f"{month:%y%m}-{n % 1000 + 1:03d}" if paper else "",
        )  # fmt: skip
        d = dm[(dept, sid, month)]
        d[0] += 1
        weights = _rating_weights(4.5 + (dept % 7) * 0.05)
        for qid, q in qids:
            if q.kind == "rating":
                r = rng.choices((1, 2, 3, 4, 5), weights)[0]
                t.answer.add(rid, qid, r, [])
                c = qm[(dept, sid, qid, month)]
                c[0] += 1
                c[1] += r
                c[1 + r] += 1
                if q.counts_in_index:
                    d[1] += 1
                    d[2] += r
            elif q.kind == "single":
                k = 1 if rng.random() < 0.6 else rng.randint(1, max(1, len(q.options)))
                t.answer.add(rid, qid, None, [k])
                qm[(dept, sid, qid, month)][0] += 1
            else:
                continue
            answers += 1
    for (dept, sid, month), (n, count, total) in sorted(dm.items()):
        t.dept_month.add(unit_id, sid, dept, month, n, count, total)
    for (dept, sid, qid, month), (n, total, *ratings) in sorted(qm.items()):
        t.question_month.add(unit_id, sid, dept, qid, month, n, total, *ratings)
    return n_total, answers
