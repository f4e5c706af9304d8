"""Demo data of the org app: a county (青溪县) with its health bureau, three hospitals, their
departments and staff, and one login per role.

Run through ``manage.py load_demo`` (``chuangwen.core.management.commands.load_demo``), which
calls ``load(ctx)``; later steps find what is created here in ``ctx`` (``ctx.units["rmyy"]``,
``ctx.departments["rmyy", "内科"]``, ``ctx.people["rmyy"]``, ``ctx.users["neike"]``...).
Everything is deterministic: names, phones and dates come from ``ctx.rng`` (seeded)."""

from __future__ import annotations

import datetime
from base64 import b32decode
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.utils import bulk_create_with_history

from chuangwen.core.roles import DEFAULT_SCOPE, Role

from .models import Department, Membership, Person, Region, Unit, User

C, M, A, L = Department.Kind.CLINICAL, Department.Kind.MEDTECH, Department.Kind.ADMIN, Department.Kind.LOGISTICS


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    short_name: str
    code: str
    kind: str
    category: str
    grade: str
    address: str
    phone_base: int  # first number of the departments' extensions (0736-xxxxxxx)
    employee_base: int
    # name, kind, location, staff
    departments: tuple[tuple[str, str, str, int], ...]


# The regions and units are in demo.yaml beside this module.
DATA = yaml.safe_load(Path(__file__).with_name("demo.yaml").read_text(encoding="utf-8"))
# key, parent key, name, code, level
REGIONS = [(r["key"], r["parent"], r["name"], r["code"], r["level"]) for r in DATA["regions"]]
UNITS = [UnitSpec(**{**u, "departments": tuple(tuple(d) for d in u["departments"])}) for u in DATA["units"]]
# The bureau's unit code: when it exists the demo is loaded.
MARKER_UNIT_CODE = next(u.code for u in UNITS if u.key == "bureau")

# username, role, scope-holder (unit key / "dept" / region key), linked person (unit key, department, position),
# label shown after the name
ACCOUNTS = [
    ("admin", Role.ADMIN, "湖南省（全部）", None, "系统管理员"),
    ("weijianju", Role.SUPERVISOR, "青溪县（县卫健局）", ("bureau", "医政医管股", "股长"), "县卫健局"),
    ("chuangban", Role.OFFICE, "青溪县人民医院", ("rmyy", "党办", "干事"), "创建办"),
    ("neike", Role.DEPT_HEAD, "青溪县人民医院 · 内科", ("rmyy", "内科", "科主任"), "内科主任"),
    ("duchayuan", Role.INSPECTOR, "青溪县人民医院", ("rmyy", "质控科", "科员"), "督查员"),
    ("shuji", Role.PARTY_SECRETARY, "青溪县人民医院", ("rmyy", "党办", "主任"), "党支部书记"),
    ("zhigong", Role.STAFF, "青溪县人民医院（本人）", ("rmyy", "内科", "护士"), "内科护士"),
    ("zyy_chuangban", Role.OFFICE, "青溪县中医医院", ("zyy", "院办", "科员"), "中医院创建办"),
    ("wsy_chuangban", Role.OFFICE, "关庙镇中心卫生院", ("wsy", "院办", "科员"), "卫生院创建办"),
]


# The demo's system admin and bureau sign in with two factors (required for their roles). Their
# authenticators are enrolled with these published keys: add one to any authenticator app, or
# `oathtool --totp -b KEY`. Demo only: a real account enrols its own random key.
DEMO_TOTP_KEYS = {
    "admin": "CHUANGWENDEMOADMINKEYQINGXIAAAAA",
    "weijianju": "CHUANGWENDEMOWEIJIANJUQINGXIAAAA",
}


def is_loaded() -> bool:
    return Unit.objects.filter(code=MARKER_UNIT_CODE).exists()


def accounts() -> list[tuple[str, str, str]]:
    """(username, role, where) of every demo login, for the table load_demo prints."""
    return [(username, str(role.label), where) for username, role, where, _p, _l in ACCOUNTS]


def load(ctx) -> None:
    _regions(ctx)
    for spec in UNITS:
        _unit(ctx, spec)
    staff_gen = StaffGenerator(ctx.rng)
    for spec in UNITS:
        _staff(ctx, spec, staff_gen)
    _accounts(ctx)


# --- regions, units, departments ---------------------------------------------------------------


def _regions(ctx) -> None:
    for key, parent, name, code, level in REGIONS:
        data = {"name": name, "code": code, "level": level}
        if parent is None:
            ctx.regions[key] = Region.objects.add_root(data)
        else:
            ctx.regions[key] = Region.objects.add_child(ctx.regions[parent], data)


def _unit(ctx, spec: UnitSpec) -> None:
    unit = Unit.objects.create(
        name=spec.name,
        short_name=spec.short_name,
        code=spec.code,
        kind=spec.kind,
        category=spec.category,
        grade=spec.grade,
        region=ctx.regions["qingxi"],
        address=spec.address,
    )
    ctx.units[spec.key] = unit
    kind_codes = {C: 100, M: 200, A: 300, L: 400}
    departments = []
    for i, (name, kind, location, _n) in enumerate(spec.departments):
        kind_codes[kind] += 1
        departments.append(
            Department(
                unit=unit,
                name=name,
                code=f"{kind_codes[kind]:03d}",
                kind=kind,
                phone=f"0736-{spec.phone_base + i}",
                location=location,
                sort_order=(i + 1) * 10,
            )
        )
    for d in bulk_create_with_history(departments, Department):
        ctx.departments[spec.key, d.name] = d


# --- staff -------------------------------------------------------------------------------------


def _staff(ctx, spec: UnitSpec, gen: StaffGenerator) -> None:
    people: list[Person] = []
    heads: dict[str, Person] = {}
    no = spec.employee_base
    for dept_name, kind, _loc, size in spec.departments:
        department = ctx.departments[spec.key, dept_name]
        for i, p in enumerate(gen.department(spec, dept_name, kind, size)):
            p.unit = ctx.units[spec.key]
            p.department = department
            p.employee_no = f"{no:04d}"
            no += 1
            if i == 0:
                heads[dept_name] = p
            people.append(p)
    people = bulk_create_with_history(people, Person, batch_size=500)
    ctx.people[spec.key] = people
    for dept_name, head in heads.items():
        ctx.departments[spec.key, dept_name].head = head
    Department.objects.bulk_update([ctx.departments[spec.key, n] for n in heads], ["head"])


# Hunan's most frequent surnames first, with their weight (1 when none is given).
SURNAMES = "".join(
    w[0] * int(w[1:] or 1)
    for w in (
        "刘9 李8 陈7 王7 张6 彭4 谭4 曾4 周4 罗4 黄4 杨4 唐3 邓3 胡3 吴3 肖3 赵2 易2 蒋2 向2 何2 朱2 谢2 龙2 田2 "
        "贺2 廖2 徐2 许2 文 袁 邹 颜 雷 阳 欧 汤 戴 姚 郭 孙 马 高 林 梁 宋 韩 冯 钟 熊 符 伍 卢 蔡 覃 石 丁 任 方 魏 "
        "毛 夏 段 尹 姜 孟 苏 严 左 聂 粟 侯"
    ).split()
)
MALE_FIRST = "建志文俊国永宏家明立海晓德世振伟子浩嘉宇博天少春秋金新长"
MALE_SECOND = "军强斌杰涛超明刚平辉鹏华飞波宇浩凯健帆磊峰林亮成洋龙勇东辉军锋毅坤翔然轩哲阳睿"
FEMALE_FIRST = "晓丽秀淑雅思雨佳欣美慧春秋玉桂红海小文梦诗嘉紫可雪凤金艳"
FEMALE_SECOND = "芳娜敏静丽艳娟霞燕玲婷琳萍红英慧佳雪梅倩颖丹洁蓉欣悦月兰琴薇露晶莉雯琪涵璐"
# Well-known people's names are not handed out.
FAMOUS = set(
    "李娜 王菲 刘翔 姚明 李宁 刘欢 韩红 刘涛 邓超 孙俪 赵薇 周迅 杨幂 刘德华 张学友 黎明 王力宏 赵丽颖 黄晓明 李冰冰 "
    "范冰冰 郭晶晶 王志文 陈红 罗翔 王凯 许飞 李健 张杰 刘亦菲 杨洋 王俊凯 易烊千玺".split()
)

DOCTOR = ("主任医师", "副主任医师", "主治医师", "医师", "住院医师")
TCM_DOCTOR = ("主任中医师", "副主任中医师", "主治中医师", "中医师", "中医师")
NURSE = ("主任护师", "副主任护师", "主管护师", "护师", "护士")
TECH = ("主任技师", "副主任技师", "主管技师", "技师", "技士")
PHARM = ("主任药师", "副主任药师", "主管药师", "药师", "药士")
TCM_PHARM = ("主任中药师", "副主任中药师", "主管中药师", "中药师", "中药士")
ADMIN_TITLES = ("高级经济师", "高级政工师", "经济师", "政工师", "科员")
ACCOUNTING = ("高级会计师", "高级会计师", "会计师", "助理会计师", "会计员")
ENGINEER = ("高级工程师", "高级工程师", "工程师", "助理工程师", "技术员")
CIVIL = ("一级主任科员", "二级主任科员", "四级主任科员", "一级科员", "一级科员")

MOBILE_PREFIXES = [f"13{d}" for d in range(10)] + [f"15{d}" for d in "012356789"] + [f"18{d}" for d in range(10)]

# Seniority levels 0 (top) .. 4 (junior); the year range someone of that level was hired in.
HIRE_YEARS = {0: (1990, 2002), 1: (1996, 2010), 2: (2006, 2018), 3: (2014, 2023), 4: (2019, 2025)}


class StaffGenerator:
    """Plausible staff of a department: names, genders, titles, posts, phones, political status."""

    def __init__(self, rng):
        self.rng = rng
        self.phones: set[str] = set()

    # names and numbers
    def name(self, gender: str, young: bool) -> str:
        rng = self.rng
        while True:
            first, second = (MALE_FIRST, MALE_SECOND) if gender == "M" else (FEMALE_FIRST, FEMALE_SECOND)
            if rng.random() < (0.35 if young else 0.45):
                given = rng.choice(second)
            else:
                given = rng.choice(first) + rng.choice(second)
                if given[0] == given[1]:
                    continue
            name = rng.choice(SURNAMES) + given
            if name not in FAMOUS:
                return name

    def phone(self) -> str:
        rng = self.rng
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def level(self, weights=(0.05, 0.15, 0.35, 0.3, 0.15)) -> int:
        return self.rng.choices(range(5), weights=weights)[0]

    def person(self, *, gender: str, level: int, title: str, position: str, head: bool = False) -> Person:
        rng = self.rng
        lo, hi = HIRE_YEARS[level]
        hired = datetime.date(rng.randint(lo, hi), rng.randint(1, 12), 1) + datetime.timedelta(days=rng.randint(0, 27))
        young = level >= 3
        r = rng.random()
        if head:
            political = (
                Person.Political.CPC
                if r < 0.7
                else (Person.Political.DEMOCRATIC if r < 0.75 else Person.Political.MASSES)
            )
        elif r < 0.27:
            political = Person.Political.CPC
        elif r < 0.30:
            political = Person.Political.PROBATIONARY
        elif r < 0.315:
            political = Person.Political.DEMOCRATIC
        elif young and r < 0.62:
            political = Person.Political.LEAGUE
        else:
            political = Person.Political.MASSES
        return Person(
            name=self.name(gender, young),
            gender=gender,
            title=title,
            position=position,
            phone=self.phone(),
            political_status=political,
            hired_on=hired,
            is_active=head or rng.random() >= 0.02,
        )

    # departments
    def department(self, spec: UnitSpec, name: str, kind: str, size: int) -> list[Person]:
        """The staff of one department, its head first."""
        rng = self.rng
        tcm = spec.category == Unit.Category.TCM and kind == C and name not in ("急诊科",)
        township = spec.category == Unit.Category.TOWNSHIP
        senior_w = (0.0, 0.1, 0.35, 0.35, 0.2) if township else (0.05, 0.15, 0.35, 0.3, 0.15)
        head_level = 1 if township else rng.choice((0, 0, 1))

        def g(female_share: float) -> str:
            return "F" if rng.random() < female_share else "M"

        if spec.kind == Unit.Kind.AUTHORITY:
            head_post = "主任" if name.endswith("办") or name == "办公室" else "股长"
            people = [self.person(gender=g(0.4), level=1, title=CIVIL[1], position=head_post, head=True)]
            for _ in range(size - 1):
                lvl = self.level((0, 0.2, 0.3, 0.3, 0.2))
                people.append(self.person(gender=g(0.55), level=lvl, title=CIVIL[lvl], position="科员"))
            return people

        if name == "护理部":
            people = [self.person(gender="F", level=0, title=NURSE[0], position="护理部主任", head=True)]
            for _ in range(size - 1):
                lvl = rng.choice((1, 2))
                people.append(self.person(gender="F", level=lvl, title=NURSE[lvl], position="干事"))
            return people

        if kind == C:
            doctor = TCM_DOCTOR if tcm or name == "中医科" or name == "中医馆" else DOCTOR
            n_doctors = max(1, round(size * (0.45 if township else 0.4)))
            people = [
                self.person(gender=g(0.3), level=head_level, title=doctor[head_level], position="科主任", head=True)
            ]
            if size >= 12:
                lvl = rng.choice((1, 2))
                people.append(self.person(gender=g(0.4), level=lvl, title=doctor[lvl], position="副主任"))
            while len(people) < n_doctors:
                lvl = self.level(senior_w)
                lvl = max(lvl, 1)
                people.append(self.person(gender=g(0.45), level=lvl, title=doctor[lvl], position="医生"))
            if len(people) < size:
                lvl = rng.choice((1, 2))
                people.append(self.person(gender="F", level=lvl, title=NURSE[lvl], position="护士长"))
            while len(people) < size:
                lvl = max(self.level(senior_w), 2)
                people.append(self.person(gender=g(0.95), level=lvl, title=NURSE[lvl], position="护士"))
            return people

        if kind == M:
            if "药" in name:
                titles, post = (TCM_PHARM if name == "中药房" else PHARM), "药师"
            elif name in ("放射科", "超声科"):
                titles, post = DOCTOR, "医生"
            else:
                titles, post = TECH, "技师"
            lvl = 1 if township else rng.choice((0, 1))
            people = [self.person(gender=g(0.45), level=lvl, title=titles[lvl], position="科主任", head=True)]
            while len(people) < size:
                lvl = max(self.level(senior_w), 1)
                if name == "放射科" and len(people) % 2 == 0:
                    people.append(self.person(gender=g(0.4), level=lvl, title=TECH[lvl], position="技师"))
                else:
                    people.append(self.person(gender=g(0.6), level=lvl, title=titles[lvl], position=post))
            return people

        # administration and logistics
        titles = ACCOUNTING if "财务" in name else ENGINEER if name in ("信息科", "总务科") else ADMIN_TITLES
        if name == "医务科" or name == "质控科":
            titles = DOCTOR
        head_post = "主任" if name.endswith(("办", "室")) else "科长"
        people = [self.person(gender=g(0.5), level=1, title=titles[1], position=head_post, head=True)]
        while len(people) < size:
            lvl = max(self.level(senior_w), 2)
            if name == "党办":
                post = "干事"
            elif "财务" in name:
                post = rng.choice(("会计", "会计", "出纳"))
            elif name == "保卫科":
                post, lvl = "保卫干事", 4
            elif name == "总务科":
                post = rng.choice(("科员", "电工", "司机", "库管员"))
            else:
                post = "科员"
            title = "" if post in ("电工", "司机", "库管员", "保卫干事") else titles[lvl]
            people.append(self.person(gender=g(0.55), level=lvl, title=title, position=post))
        return people


# --- accounts ----------------------------------------------------------------------------------


def _pick(ctx, unit_key: str, dept_name: str, position: str, taken: set[int]) -> Person:
    department = ctx.departments[unit_key, dept_name]
    for p in ctx.people[unit_key]:
        if p.department_id == department.pk and p.position == position and p.pk not in taken:
            return p
    raise LookupError(f"no {position} in {unit_key}/{dept_name}")


def _accounts(ctx) -> None:
    hashed = make_password(ctx.password)  # hashed once: the demo accounts share one password
    taken: set[int] = set()
    linked: list[Person] = []
    for username, role, _where, link, label in ACCOUNTS:
        person = None
        if link:
            person = _pick(ctx, *link, taken)
            taken.add(person.pk)
            person.is_active = True
            if role in (Role.PARTY_SECRETARY, Role.SUPERVISOR, Role.OFFICE):
                person.political_status = Person.Political.CPC
        user = User(
            username=username,
            password=hashed,
            display_name=f"{person.name}（{label}）" if person else label,
            first_name=person.name if person else "",
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.save()
        ctx.users[username] = user
        if person:
            person.user = user
            linked.append(person)
        membership = Membership(user=user, role=role, scope=DEFAULT_SCOPE[role])
        if role == Role.ADMIN:
            membership.region = ctx.regions["hunan"]
        elif role == Role.SUPERVISOR:
            membership.region = ctx.regions["qingxi"]
            membership.unit = ctx.units["bureau"]
        elif role == Role.DEPT_HEAD:
            membership.department = person.department
            membership.unit = person.unit
        else:
            membership.unit = person.unit
        membership.full_clean()
        membership.save()
    Person.objects.bulk_update(linked, ["user", "is_active", "political_status"])
    for username, key in DEMO_TOTP_KEYS.items():
        TOTPDevice.objects.create(
            user=ctx.users[username], name="authenticator", key=b32decode(key).hex(), confirmed=True
        )


def notes() -> list[str]:
    """Printed by load_demo after the table of logins."""
    lines = ["两步验证：admin 和 weijianju 登录时还需输入身份验证器中的 6 位验证码。"]
    lines += [f"  {username} 的密钥：{key}" for username, key in DEMO_TOTP_KEYS.items()]
    lines.append("  把密钥添加到手机上的身份验证器应用，或运行 `oathtool --totp -b 密钥` 得到当前验证码。")
    return lines
