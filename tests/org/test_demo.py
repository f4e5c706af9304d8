"""The demo (manage.py load_demo): structure, accounts, idempotence, logging in.

The whole demo takes seconds to load, so it is loaded once (``whole_demo``, tests/conftest.py:
committed to the test database, shared with the other modules that read it, flushed after them);
each test still runs in its own transaction, rolled back, on top of it."""

from io import StringIO

import pytest
from django.core.management import call_command

from chuangwen.core.management.commands.load_demo import DEMO_PASSWORD
from chuangwen.core.roles import DEFAULT_SCOPE, Role
from chuangwen.org import demo
from chuangwen.org.models import Department, Membership, Person, Region, Unit, User, phone_validator

ACCOUNTS = {
    # username: (role, unit code or None, department name or None)
    "admin": (Role.ADMIN, None, None),
    "weijianju": (Role.SUPERVISOR, "431021001", None),
    "chuangban": (Role.OFFICE, "431021101", None),
    "neike": (Role.DEPT_HEAD, "431021101", "内科"),
    "duchayuan": (Role.INSPECTOR, "431021101", None),
    "shuji": (Role.PARTY_SECRETARY, "431021101", None),
    "zhigong": (Role.STAFF, "431021101", None),
    "zyy_chuangban": (Role.OFFICE, "431021102", None),
    "wsy_chuangban": (Role.OFFICE, "431021201", None),
}


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def output(whole_demo, db):
    """The demo's output, for a test running in a transaction over the loaded demo."""
    return whole_demo.output


def row_counts() -> dict[str, int]:
    models = [Region, Unit, Department, Person, User, Membership]
    counts = {m.__name__: m.objects.count() for m in models}
    counts.update({f"history {m.__name__}": m.history.count() for m in models})
    return counts


def test_password_passes_the_validators():
    from django.contrib.auth.password_validation import validate_password

    validate_password(DEMO_PASSWORD)


def test_region_tree_and_units(output):
    province = Region.objects.get(code="430000")
    city = Region.objects.get(code="431000")
    county = Region.objects.get(code="431021")
    assert (province.name, city.name, county.name) == ("湖南省", "江州市", "青溪县")
    assert (province.depth, city.depth, county.depth) == (1, 2, 3)
    assert county.path.startswith(city.path) and city.path.startswith(province.path)
    units = {u.code: u for u in Unit.objects.all()}
    assert len(units) == 4
    bureau = units[demo.MARKER_UNIT_CODE]
    assert (bureau.name, bureau.kind, bureau.category) == ("青溪县卫生健康局", "authority", "bureau")
    assert units["431021101"].name == "青溪县人民医院" and units["431021101"].grade == "二级甲等"
    assert units["431021102"].category == "tcm"
    assert units["431021201"].name == "关庙镇中心卫生院" and units["431021201"].category == "township"
    assert all(u.region == county for u in units.values())


def test_staff_counts(output):
    ranges = {"431021001": (10, 20), "431021101": (200, 240), "431021102": (120, 160), "431021201": (50, 70)}
    for code, (low, high) in ranges.items():
        assert low <= Person.objects.filter(unit__code=code).count() <= high, code


def test_departments_and_people(output):
    rmyy = Unit.objects.get(code="431021101")
    names = set(rmyy.departments.values_list("name", flat=True))
    assert {"内科", "外科", "儿科", "急诊科", "检验科", "药剂科", "护理部", "院办", "党办", "总务科"} <= names
    assert {"针灸推拿科", "治未病中心", "中药房"} <= set(
        Department.objects.filter(unit__code="431021102").values_list("name", flat=True)
    )
    assert {"全科门诊", "公共卫生科", "中医馆"} <= set(
        Department.objects.filter(unit__code="431021201").values_list("name", flat=True)
    )
    kinds = dict(rmyy.departments.values_list("name", "kind"))
    assert (kinds["内科"], kinds["检验科"], kinds["院办"], kinds["总务科"]) == (
        "clinical",
        "medtech",
        "admin",
        "logistics",
    )
    for d in Department.objects.select_related("head"):
        assert d.code and d.location and d.sort_order
        phone_validator(d.phone)
        # every department has a head from its own department
        assert d.head is not None and d.head.department_id == d.pk and d.head.is_active, d
    heads = Department.objects.filter(unit=rmyy).select_related("head")
    assert {h.head.position for h in heads} <= {"科主任", "护理部主任", "主任", "科长"}
    assert heads.get(name="护理部").head.position == "护理部主任"

    people = list(Person.objects.all())
    for unit_id in {p.unit_id for p in people}:
        numbers = [p.employee_no for p in people if p.unit_id == unit_id]
        assert len(numbers) == len(set(numbers))
    phones = [p.phone for p in people]
    assert len(phones) == len(set(phones))
    for p in people:
        phone_validator(p.phone)
        assert p.name and 2 <= len(p.name) <= 4 and p.gender in ("M", "F") and p.hired_on
    cpc = sum(p.political_status in ("cpc", "probationary") for p in people) / len(people)
    assert 0.25 <= cpc <= 0.45
    left = sum(not p.is_active for p in people)
    assert 1 <= left <= len(people) * 0.05
    nurses = [p for p in people if p.position == "护士"]
    assert nurses and sum(p.gender == "F" for p in nurses) / len(nurses) > 0.8


def test_accounts_have_their_membership(output):
    for username, (role, unit_code, dept_name) in ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.display_name
        (m,) = user.memberships.all()
        assert (m.role, m.scope) == (role, DEFAULT_SCOPE[role])
        if role == Role.ADMIN:
            assert user.is_superuser and m.region.code == "430000"
            continue
        assert m.unit.code == unit_code
        if role == Role.SUPERVISOR:
            assert m.region.code == "431021"
            assert user.person.unit.code == unit_code
            continue
        person = user.person
        assert person.unit.code == unit_code and person.is_active
        assert user.display_name.startswith(person.name)
        if dept_name:
            assert m.department.name == dept_name
            assert m.department.head == person
    assert User.objects.get(username="zhigong").person.position == "护士"
    assert User.objects.get(username="shuji").person.political_status == "cpc"
    assert User.objects.get(username="chuangban").person.department.name in ("院办", "党办")


def test_output_lists_url_and_accounts(output):
    assert "http://127.0.0.1:8000/" in output
    for username in ACCOUNTS:
        assert username in output
    assert DEMO_PASSWORD in output


def test_rerun_writes_nothing(output):
    before = row_counts()
    out = load_demo()
    assert "demo already loaded" in out and "chuangban" in out
    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_reset_reloads():
    # A real transaction: `flush` (TRUNCATE on PostgreSQL) cannot run inside the test's atomic block.
    # pytest-django runs transactional tests after the others, so the module's demo may or may
    # not be loaded still: load it if not, then reset.
    load_demo()
    before = row_counts()
    User.objects.filter(username="neike").update(display_name="changed")
    out = load_demo("--reset")
    assert "demo already loaded" not in out
    assert User.objects.get(username="neike").display_name != "changed"
    after = row_counts()
    assert {k: v for k, v in after.items() if not k.startswith("history")} == {
        k: v for k, v in before.items() if not k.startswith("history")
    }


def _demo_code(username: str) -> str:
    from base64 import b32decode

    from django_otp.oath import totp

    key = b32decode(demo.DEMO_TOTP_KEYS[username])
    return f"{totp(key):06d}"


def test_every_account_logs_in_through_the_login_page(output, client, settings):
    settings.TWO_FACTOR_ENFORCED = True
    for username in ACCOUNTS:
        client.logout()
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        if username in demo.DEMO_TOTP_KEYS:
            # Admin and bureau: pre-enrolled, the second step takes a code from the printed key.
            assert client.get("/")["Location"].startswith("/login/verify/"), username
            response = client.post("/login/verify/", {"token": _demo_code(username)})
            assert response.status_code == 302, username
        assert client.get("/").status_code == 200, username


def test_output_says_how_admin_and_bureau_sign_in_with_two_factors(output):
    assert "两步验证" in output
    for username, key in demo.DEMO_TOTP_KEYS.items():
        assert f"{username} 的密钥：{key}" in output
