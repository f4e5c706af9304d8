"""Demo data of honours (评先评优) for ``make demo``: 县人民医院's 2026 最满意医生 and 最满意护士
selection run to the end (nominations, one nominee made ineligible by a substantiated complaint
received during the round, a closed secret ballot with online and paper ballots and its results,
the leadership's review, 公示 with an objection answered, the published list with certificates (from
the hospital's own certificate template: its name as letterhead) and ledger bonuses), and a
running 优秀共产党员 selection whose branch vote is open (the demo staff and party secretary
accounts are on its roster). Reads ``ctx.units``, ``ctx.people`` and
``ctx.users``; everything goes through the services."""

from __future__ import annotations

import datetime
import io
from datetime import timedelta

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from chuangwen.feedback import services as feedback
from chuangwen.org.models import Person
from chuangwen.reports import documents
from chuangwen.reports.docx_layout import RED, TITLE_FONT, set_font

from . import certificates, services, votes
from .defaults import ensure_shipped
from .eligibility import person_reasons
from .models import HonourType, Nomination

UNIT = "rmyy"
DEEDS = [
    "从医十余年，耐心细致，年内收到患者表扬信{n}封、锦旗{m}面。",
    "坚持首诊负责，主动随访出院患者，患者满意度连续四个季度居科室第一。",
    "带头落实“一站式”服务，优化就诊流程，平均候诊时间缩短约{m}成。",
    "参加县域义诊和健康讲座{n}次，主动拒收红包，群众口碑好。",
]


def _type(code: str) -> HonourType:
    return HonourType.objects.get(code=code, unit__isnull=True, region__isnull=True)


def _eligible(honour_type, people, year: int = 2026) -> list[Person]:
    """Those of ``people`` the office would nominate: no veto, no 较差 or 一般 grade, no complaint."""
    reasons = person_reasons(honour_type, people, year)
    return [p for p in people if not reasons[p.pk]]


def _people(ctx, word: str, n: int, honour_type) -> list[Person]:
    found = [p for p in ctx.people[UNIT] if word in f"{p.title}{p.position}" and p.is_active]
    ctx.rng.shuffle(found)
    return _eligible(honour_type, found)[:n]


def _nominate(ctx, office, selection, honour_type, people) -> list[Nomination]:
    out = []
    for i, p in enumerate(people):
        reason = ctx.rng.choice(DEEDS).format(n=ctx.rng.randint(3, 12), m=ctx.rng.randint(2, 5))
        own = i % 4 == 3 and p.user_id is not None  # a few nominate themselves
        out.append(
            services.nomination_create(
                user=p.user if own else office,
                selection=selection,
                honour_type=honour_type,
                channel="self" if own else "department",
                reason=reason,
                person=p,
            )  # fmt: skip
        )
    return out


def _complaint_naming(ctx, office, person) -> None:
    """A complaint received during the round, checked and closed as partly substantiated, naming
    the nurse: her nomination shows as ineligible and she is left out of the vote."""
    c = feedback.complaint_create(
        unit=ctx.units[UNIT], channel="phone", category="attitude", department=person.department, user=office,
        content="患者家属反映夜间按铃后护士迟迟未到，解释时态度生硬。",
    )  # fmt: skip
    feedback.complaint_assign(complaint=c, handler=office, user=office)
    feedback.complaint_reply(
        complaint=c, text="经调查属实，已批评教育当事护士并向家属致歉。", channel="phone", user=office
    )
    feedback.complaint_close(complaint=c, user=office, outcome="partly", person=person)


def _vote(ctx, office, selection, honour_type, roster, limit, online_users, paper_share=0.8, close=True):
    now = timezone.now()
    session = votes.session_open(
        user=office, selection=selection, honour_type=honour_type, title="", voters=roster, choices_limit=limit,
        quorum_percent=67, opens_at=now - timedelta(hours=2), closes_at=now + timedelta(days=2 if not close else 1),
    )  # fmt: skip
    candidates = list(session.candidates.order_by("id"))
    weights = [ctx.rng.random() + (0.8 if i < limit else 0) for i in range(len(candidates))]

    def ballot():
        picks = sorted(range(len(candidates)), key=lambda i: -weights[i] * ctx.rng.random())[
            : ctx.rng.randint(1, limit)
        ]
        return [candidates[i].pk for i in picks]

    on_roster = {p.pk for p in roster}
    for user in online_users:
        if getattr(user, "person", None) is not None and user.person.pk in on_roster:
            votes.ballot_cast(user=user, session=session, choices=ballot())
    if close:
        voted = {u.person.pk for u in online_users if getattr(u, "person", None) is not None}
        paper = [p for p in roster if p.pk not in voted and ctx.rng.random() < paper_share]
        votes.paper_voters_mark(user=office, session=session, people=paper)
        votes.paper_ballots_enter(user=office, session=session, ballots=[ballot() for _ in paper])
        votes.session_close(user=office, session=session)
    return session


def _finished(ctx, office) -> None:
    doctor, nurse = _type("most-satisfied-doctor"), _type("most-satisfied-nurse")
    selection = services.selection_create(
        user=office, unit=ctx.units[UNIT], year=2026, title="2026年度“最满意医生”“最满意护士”评选",
        honour_types=[doctor, nurse], nomination_until=datetime.date(2026, 10, 31),
    )  # fmt: skip
    _nominate(ctx, office, selection, doctor, _people(ctx, "医师", 6, doctor))
    nurses = _nominate(ctx, office, selection, nurse, _people(ctx, "护", 6, nurse))
    _complaint_naming(ctx, office, nurses[-1].person)
    roster = [p for p in ctx.people[UNIT] if p.is_active]
    online = [u for u in ctx.users.values() if getattr(u, "person", None) is not None]
    sessions = [_vote(ctx, office, selection, t, roster, 3, online) for t in (doctor, nurse)]
    services.selection_start_review(user=office, selection=selection)
    for session in sessions:
        quota = services.quota_for(session.honour_type, selection.unit)
        rows = votes.tally(session)["rows"]
        for i, row in enumerate(rows):
            approve = i < min(quota, 3)
            note = "" if approve else "得票未进入前列，未列入表彰人选。"
            services.nomination_review(user=office, nomination=row["nomination"], approve=approve, note=note)
    selection = services.publicity_start(user=office, selection=selection, today=datetime.date(2026, 11, 16))
    staff = ctx.users.get("zhigong") or office
    on_notice = Nomination.objects.filter(selection=selection, status=Nomination.Status.APPROVED).first()
    text = "听说该同志曾收受患者家属购物卡，请核实。"
    objection = services.objection_submit(
        user=staff, nomination=on_notice, text=text, today=datetime.date(2026, 11, 18)
    )
    services.objection_answer(
        user=office, objection=objection, upheld=False,
        answer="经纪检监察室调阅医德档案、走访科室和患者家属核实，未发现收受财物情况，异议不成立。",
    )  # fmt: skip
    services.selection_publish(user=office, selection=selection, today=datetime.date(2026, 11, 26))


def _running(ctx, office) -> None:
    party = _type("excellent-party-member")
    selection = services.selection_create(
        user=office, unit=ctx.units[UNIT], year=2026, title="2026年度优秀共产党员评选（支部民主评议推荐）",
        honour_types=[party], nomination_until=datetime.date(2026, 12, 10),
    )  # fmt: skip
    secretary = ctx.users.get("shuji") or office
    members = [p for p in ctx.people[UNIT] if p.political_status == Person.Political.CPC and p.is_active]
    ctx.rng.shuffle(members)
    for p in _eligible(party, members)[:5]:
        services.nomination_create(
            user=secretary, selection=selection, honour_type=party, channel="branch", person=p,
            reason=ctx.rng.choice(DEEDS).format(n=ctx.rng.randint(3, 9), m=ctx.rng.randint(2, 4)),
        )  # fmt: skip
    named = [
        u.person
        for u in ctx.users.values()
        if getattr(u, "person", None) is not None and u.person.unit_id == selection.unit_id
    ]
    roster = list({p.pk: p for p in members + named}.values())
    online = [u for name, u in ctx.users.items() if name not in ("zhigong", "shuji") and getattr(u, "person", None)]
    _vote(ctx, office, selection, party, roster, 2, online, close=False)


def own_certificate_template(unit_name: str) -> bytes:
    """The default certificate template as the people's hospital's office changed it in Word: its
    name in red above 荣 誉 证 书, and an encouraging line after 特发此证，以资鼓励。"""
    d = docx.Document(io.BytesIO(certificates.default_template()))
    title = d.paragraphs[0]
    head = title.insert_paragraph_before()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(head.add_run(unit_name), TITLE_FONT, 26, color=RED)
    closing = next(p for p in d.paragraphs if p.text == "特发此证，以资鼓励。")
    closing.runs[0].text = "特发此证，以资鼓励。望再接再厉，再创佳绩！"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _certificate_template(ctx, office) -> None:
    unit = ctx.units[UNIT]
    upload = SimpleUploadedFile(
        f"{unit.name}荣誉证书模板.docx", own_certificate_template(unit.name), content_type=documents.DOCX_TYPE
    )
    documents.template_upload(user=office, unit=unit, kind=documents.kind_get(certificates.KIND), upload=upload)


def load(ctx) -> None:
    ensure_shipped()
    office = ctx.users["chuangban"]
    _certificate_template(ctx, office)
    _finished(ctx, office)
    _running(ctx, office)
    if ctx.stdout:
        ctx.stdout.write("评先评优：2026年度最满意医生/护士评选已发布，优秀共产党员评选投票进行中。")
