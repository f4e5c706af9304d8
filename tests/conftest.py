from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from chuangwen.core import workdays
from chuangwen.core.roles import Role

from . import factories as f


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background jobs run at once in tests; uploaded files go to a per-test folder.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # A local-memory cache: pages' query counts measure our queries, not the embedded mode's
    # database cache (whose table the test database still gets: tests/core/test_cache.py).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Bureau and admin users would otherwise have to enrol a second factor before any page;
    # tests/org/test_two_factor.py and the browser test switch it back on.
    settings.TWO_FACTOR_ENFORCED = False
    # Audit events are written by the request's thread, inside the test's transaction.
    settings.AUDIT_LOG_WRITER = "inline"
    # The working-day calendar is kept per process: a test's days are rolled back, not its copy.
    workdays.forget_copy()


class World:
    """Two counties under one city. County X has hospitals A and B and a bureau; county Y has
    hospital C. Each hospital has two departments with staff; users hold every role in A."""


def build_world() -> World:
    """The ``World`` above, stored (for fixtures that need it at a wider scope than a test)."""
    w = World()
    w.city = f.region("江州市", level="city")
    w.county_x = f.region("青溪县", parent=w.city)
    w.county_y = f.region("临川县", parent=w.city)
    w.bureau = f.unit(w.county_x, "青溪县卫生健康局", kind="authority", category="bureau")
    w.a = f.unit(w.county_x, "青溪县人民医院", short_name="县人民医院")
    w.b = f.unit(w.county_x, "青溪县中医医院", short_name="县中医院", category="tcm")
    w.c = f.unit(w.county_y, "临川县人民医院")
    for key, u in (("a", w.a), ("b", w.b), ("c", w.c)):
        d1 = f.department(u, "内科")
        d2 = f.department(u, "外科")
        setattr(w, f"{key}_med", d1)
        setattr(w, f"{key}_surg", d2)
        setattr(w, f"{key}_p1", f.person(d1, name="李娜", phone="13800000001"))
        setattr(w, f"{key}_p2", f.person(d2, name="王强"))

    w.supervisor = f.user("supervisor")
    f.member(w.supervisor, Role.SUPERVISOR, region=w.county_x, unit=w.bureau)
    w.office = f.user("office")
    f.member(w.office, Role.OFFICE, unit=w.a)
    w.head = f.user("head")
    f.member(w.head, Role.DEPT_HEAD, department=w.a_med)
    w.inspector = f.user("inspector")
    f.member(w.inspector, Role.INSPECTOR, unit=w.a)
    w.secretary = f.user("secretary")
    f.member(w.secretary, Role.PARTY_SECRETARY, unit=w.a)
    w.staff = f.user("staff")
    f.member(w.staff, Role.STAFF, unit=w.a)
    w.a_p1.user = w.staff
    w.a_p1.save()
    w.admin = f.user("admin")
    f.member(w.admin, Role.ADMIN, region=w.city)
    w.nobody = f.user("nobody")
    return w


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def call(client):
    """The API test client, the one for every app: ``call(user, method, path, body=None, *,
    json=None, data=None, headers=None)`` sends a request with an API token of ``user`` (made
    once per user and test). ``body`` or ``json`` goes as a JSON body, ``data`` as a multipart
    form (files included); ``headers`` are added to the token's."""
    import json as jsonlib

    from chuangwen.api.services import token_create

    keys = {}

    def _call(user, method, path, body=None, *, json=None, data=None, headers=None):
        if user.pk not in keys:
            keys[user.pk] = token_create(user=user, name="tests")[1]
        kwargs = {"headers": {**(headers or {}), "Authorization": f"Bearer {keys[user.pk]}"}}
        payload = json if json is not None else body
        if payload is not None:
            kwargs.update(data=jsonlib.dumps(payload), content_type="application/json")
        elif data is not None:
            kwargs.update(data=data)
        return getattr(client, method.lower())(path, **kwargs)

    return _call


# --- The whole demo, loaded once for the modules that read it --------------------------------
# `manage.py load_demo` is among the slowest things the suite does. The modules below read the
# whole demo without changing it (each test runs in its own transaction on top, rolled back), so
# they share one load: `whole_demo` loads it (committed) if it is not in the test database yet,
# and it stays there while the next test is in the same module or also uses it; before any other
# test the database is emptied again. A parallel run (pytest-xdist, `make test`) sends these
# modules to one worker, one after the other, so a run loads the demo once per worker that has
# them, not once per module.
WHOLE_DEMO_MODULES = ["tests/org/test_demo.py", "tests/reports/test_summary_demo.py"]
_whole_demo: dict = {}  # while the demo is in the test database: its context, output, db blocker


class WholeDemo:
    """What `load_demo` left: ``ctx`` (its DemoContext: units, users, campaigns) and ``output``
    (what the command printed)."""

    def __init__(self, ctx, output: str):
        self.ctx, self.output = ctx, output


@pytest.fixture(scope="module")
def whole_demo(django_db_setup, django_db_blocker, tmp_path_factory) -> WholeDemo:
    """The whole demo in the test database (committed; files in a temporary folder). Only for
    the modules of WHOLE_DEMO_MODULES, whose tests read it (``db``: changes are rolled back)."""
    if not _whole_demo:
        from chuangwen.core.management.commands import load_demo

        fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
        media = tmp_path_factory.mktemp("demo-media")
        real_load, loaded = load_demo.load, {}

        def load_keeping_context(stdout=None):
            loaded["ctx"] = real_load(stdout)
            return loaded["ctx"]

        out = StringIO()
        with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast, TASKS=immediate):
            with django_db_blocker.unblock():
                load_demo.load = load_keeping_context  # the command's own run, its context kept
                try:
                    call_command("load_demo", stdout=out)
                finally:
                    load_demo.load = real_load
        _whole_demo.update(demo=WholeDemo(loaded["ctx"], out.getvalue()), blocker=django_db_blocker)
    return _whole_demo["demo"]


def _keeps_whole_demo(item, nextitem) -> bool:
    """Whether the demo stays for ``nextitem``: in the same module, or using it too."""
    if nextitem is None:
        return False
    same_module = getattr(nextitem, "module", None) is getattr(item, "module", None)
    return same_module or "whole_demo" in getattr(nextitem, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _whole_demo and not _keeps_whole_demo(item, nextitem):
        with _whole_demo["blocker"].unblock():
            call_command("flush", interactive=False, verbosity=0)
        _whole_demo.clear()
    return result


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` with WHOLE_DEMO_MODULES as one unit of work (one worker, in a row)."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class LoadFileDemoTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return "whole_demo" if scope in WHOLE_DEMO_MODULES else scope

    return LoadFileDemoTogether(config, log)
