"""Demo data of party branches (党建工作) for ``make demo``: 青溪县人民医院's party committee with
four branches (机关, 内科, 外科, 医技; the 机关党支部's secretary is the demo account ``shuji``),
each with two party groups; a year of 三会一课 records up to today (the 机关党支部 missed
October's 支委会, one record was kept late); three applicants at different stages (one with a
rule warning: 发展对象 named before a full year as 积极分子) and the yearly development target
(seed 003: "今年准备发展6—8名党员"); 青溪县中医医院 has one branch, so the bureau's table compares.

Reads ``ctx.units``, ``ctx.departments``, ``ctx.people`` and ``ctx.users``. Everything goes
through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from chuangwen.org.models import Department, Person

from . import development, services
from .calendar import periods_of_year
from .defaults import seed_defaults
from .development import add_months
from .models import DevelopmentStep, MeetingType

MEMBER = (Person.Political.CPC, Person.Political.PROBATIONARY)
RMYY_BRANCHES = [
    ("机关党支部", ("admin", "logistics"), "shuji", (1, 2)),
    ("内科党支部", ("内科", "儿科", "急诊科", "重症医学科", "中医科", "康复科", "感染性疾病科"), None, (2, 3)),
    ("外科党支部", ("外科", "骨科", "妇产科", "眼耳鼻喉科", "口腔科"), None, (2, 2)),
    ("医技党支部", ("medtech",), None, (1, 1)),
]
TOPICS = {
    "members": ["传达学习上级会议精神", "讨论发展党员工作", "党员大会：半年工作总结", "党员大会：年度工作部署"],
    "committee": ["研究本月支部工作", "研究入党积极分子培养", "研究创建省级文明单位工作", "研究党风廉政建设工作"],
    "group": ["学习《中国共产党章程》", "交流学习心得", "学习医德医风规范", "讨论科室服务改进"],
    "lecture": ["书记讲党课：守初心、担使命", "党课：弘扬崇高职业精神", "党课：廉洁行医", "党课：党史学习教育"],
    "theme_day": ["主题党日：义诊进社区", "主题党日：重温入党誓词", "主题党日：志愿服务", "主题党日：红色教育"],
    "life": ["年度组织生活会"],
    "appraisal": ["年度民主评议党员"],
}
PLACES = ["行政楼二楼会议室", "住院部三楼示教室", "门诊楼五楼会议室", "党员活动室"]


def _people(ctx, unit_key, selectors) -> list[Person]:
    out = []
    for p in ctx.people[unit_key]:
        dept = ctx.departments.get((unit_key, _dept_name(ctx, p)))
        if dept is None:
            continue
        if dept.name in selectors or dept.kind in selectors:
            out.append(p)
    return out


def _dept_name(ctx, p) -> str:
    names = ctx.extra.setdefault("party_dept_names", dict(Department.objects.values_list("pk", "name")))
    return names[p.department_id]


def _branch(ctx, unit_key, office, name, selectors, secretary_user, target, today) -> tuple:
    staff = [p for p in _people(ctx, unit_key, selectors) if p.is_active]
    members = [p for p in staff if p.political_status in MEMBER]
    if secretary_user is not None:
        secretary = Person.objects.get(user=secretary_user)
    else:
        secretary = next((p for p in members if p.title), members[0])
    if secretary not in members:
        members.insert(0, secretary)
    branch = services.branch_create(user=office, unit=ctx.units[unit_key], name=name, secretary=secretary)
    groups = [services.group_create(user=office, branch=branch, name=n) for n in ("第一党小组", "第二党小组")]
    posts = ["secretary", "organisation", "propaganda", "discipline"]
    ordered = [secretary] + [p for p in members if p.pk != secretary.pk]
    for i, p in enumerate(ordered):
        services.member_add(
            user=office,
            branch=branch,
            person=p,
            group=groups[i % 2],
            post=posts[i] if i < len(posts) else "",
            joined_on=datetime.date(today.year - 3, 1, 1),
        )
    development.target_set(user=office, branch=branch, year=today.year, target_min=target[0], target_max=target[1])
    return branch, groups, ordered, [p for p in staff if p.political_status not in MEMBER]


def _meetings(ctx, branch, groups, members, office, today, *, skip=(), late_record=None, items=None) -> int:
    """A year of the branch's meetings; those of a type in ``items`` (type code -> standard
    items) serve those items, so their records go into the campaign's ledger."""
    rng = ctx.rng
    items = items or {}
    n = 0
    for t in MeetingType.objects.filter(is_active=True):
        for start, end in periods_of_year(today.year, t.frequency):
            if start > today or (t.code, start.month) in skip:
                continue
            # Ended periods were kept; the current one only sometimes yet.
            if end >= today and rng.random() < 0.6:
                continue
            for group in groups if t.per_group else [None]:
                roster = [m for i, m in enumerate(members) if group is None or i % 2 == groups.index(group)]
                last = min(end, today - datetime.timedelta(days=1))
                if last < start:
                    continue
                day = start + datetime.timedelta(days=rng.randint(0, (last - start).days))
                held_at = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, rng.choice([9, 15, 16])))
                attendance = []
                for p in roster:
                    roll = rng.random()
                    if roll < 0.08:
                        attendance.append(
                            services.AttendanceIn(p, "leave", rng.choice(["值班", "外出进修", "病假", "下乡义诊"]))
                        )
                    elif roll < 0.1:
                        attendance.append(services.AttendanceIn(p, "absent"))
                    else:
                        attendance.append(services.AttendanceIn(p))
                present = sum(1 for a in attendance if a.status == "present")
                resolutions = []
                if t.needs_votes:
                    resolutions = [
                        services.ResolutionIn(
                            rng.choice(["同意本季度工作安排", "同意推荐入党积极分子", "同意支部工作计划"]),
                            present,
                            0,
                            0,
                        )
                    ]
                recorded = day + datetime.timedelta(days=rng.randint(0, 2))
                if late_record == (t.code, start.month):
                    recorded = day + datetime.timedelta(days=9)
                services.meeting_create(
                    user=office,
                    branch=branch,
                    type=t,
                    group=group,
                    title=rng.choice(TOPICS[t.code]),
                    held_at=held_at,
                    place=rng.choice(PLACES),
                    host=group and roster[0] or members[0],
                    recorder=roster[1] if len(roster) > 1 else roster[0],
                    agenda="一、学习传达上级文件精神\n二、通报近期工作\n三、讨论并部署下阶段工作",
                    discussion="与会党员结合岗位实际交流发言，一致表示将以创建文明单位为契机，立足岗位作表率。",
                    attendance=attendance,
                    resolutions=resolutions,
                    recorded_on=min(recorded, today),
                    items=items.get(t.code, ()),
                )
                n += 1
    return n


def _applicant(office, branch, person, applied_on, steps_done, today, *, activist_months=13, people=()) -> None:
    """An applicant with steps 1..``steps_done`` at plausible dates (step 7 ``activist_months``
    after step 3)."""
    a = development.applicant_create(user=office, branch=branch, person=person, applied_on=applied_on)
    steps = {s.number: s for s in DevelopmentStep.objects.order_by("number")}
    day = applied_on
    dates = {1: applied_on}
    for n in range(2, steps_done + 1):
        if n == 2:
            day = applied_on + datetime.timedelta(days=20)
        elif n == 3:
            day = add_months(applied_on, 3)
        elif n == 7:
            day = add_months(dates[3], activist_months)
        elif n == 17:
            day = add_months(dates[15], 2)
        elif n in (22, 23):
            day = add_months(dates[15], 12) + datetime.timedelta(days=3 * (n - 21))
        else:
            day = day + datetime.timedelta(days=7)
        day = min(day, today)
        dates[n] = day
        kw = {}
        if steps[n].people_role and people:
            kw["people"] = list(people)
        if steps[n].min_training_days:
            kw.update(training_days=3, training_hours=24)
        development.step_record(user=office, applicant=a, step=steps[n], done_on=day, **kw)


# 三会一课 records serve the hospital standard's item 1.2.1 (坚持“三会一课”制度，会议记录规范完整).
SERVED = {"members": ["1.2.1"], "committee": ["1.2.1"], "lecture": ["1.2.1"]}


def _served_items(ctx, unit_key) -> dict:
    campaign = (ctx.extra.get("campaigns") or {}).get(unit_key)
    if campaign is None:
        return {}
    by_code = {i.code: i for i in campaign.standard.items.all()}
    return {t: [by_code[c] for c in codes if c in by_code] for t, codes in SERVED.items()}


def load(ctx) -> None:
    seed_defaults()
    today = timezone.localdate()
    office = ctx.users["chuangban"]
    built = []
    for name, selectors, secretary, target in RMYY_BRANCHES:
        sec_user = ctx.users[secretary] if secretary else None
        built.append(_branch(ctx, "rmyy", office, name, selectors, sec_user, target, today))
    total = 0
    served = _served_items(ctx, "rmyy")
    for i, (branch, groups, members, _others) in enumerate(built):
        skip = {("committee", 10)} if i == 0 else set()
        late = ("committee", 9) if i == 0 else None
        total += _meetings(ctx, branch, groups, members, office, today, skip=skip, late_record=late, items=served)
    # Three applicants: one who became a probationary member this year (through the 支部大会
    # in spring), one named 发展对象 after ten months as 积极分子 (warned), one who just applied.
    (jg, _g, jg_members, jg_others), (nk, _g2, nk_members, nk_others) = built[0][:4], built[1][:4]
    _applicant(office, jg, jg_others[0], add_months(today, -26), 17, today, people=jg_members[1:3])
    _applicant(office, nk, nk_others[0], add_months(today, -15), 9, today, activist_months=10, people=nk_members[1:3])
    _applicant(office, nk, nk_others[1], today - datetime.timedelta(days=12), 1, today)
    zyy_office = ctx.users["zyy_chuangban"]
    zyy = _branch(
        ctx, "zyy", zyy_office, "中医医院党支部", ("clinical", "medtech", "admin", "logistics"), None, (1, 2), today
    )
    total += _meetings(ctx, zyy[0], zyy[1], zyy[2], zyy_office, today, skip={("theme_day", 6), ("committee", 8)})
    if ctx.stdout is not None:
        ctx.stdout.write(f"党建：{len(built) + 1} 个党支部，{total} 份会议记录，3 名入党申请人。")
