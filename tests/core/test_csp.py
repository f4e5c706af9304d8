"""The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, django-csp): every page says
scripts and styles come from our own static files only, and no template holds what that policy
would refuse (an inline script, an on*= handler, a javascript: URL, a style element or attribute,
htmx's eval-based hx-on / hx-vars). Injected markup can then neither run code nor restyle a page.
Browser tests (tests/e2e/test_csp.py) show ECharts, htmx and Bootstrap working under it."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse

from chuangwen.core.publicforms import COMPLAINT, SURVEY
from chuangwen.surveys import services as survey_services
from chuangwen.wsgi import application
from tests.core.test_wsgi import call

ROOT = Path(__file__).resolve().parents[2] / "chuangwen"
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*.html"))

# Template syntax ({% … %}, {{ … }}, {# … #}, {% comment %} blocks) is taken out first: what is
# left is the markup the browser gets, apart from the values filled in.
TEMPLATE_SYNTAX = re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
JSON_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json\b""", re.I)
SRC = re.compile(r"\bsrc\s*=", re.I)
TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
EVAL_HTMX = re.compile(r"\s(data-)?hx-(on|vars)\b", re.I)
ATTRIBUTE_CHECKS = (
    (HANDLER, "event-handler attribute"),
    (STYLE_ATTR, "style attribute"),
    (EVAL_HTMX, "hx-on/hx-vars (eval)"),
)


def csp_problems(html: str) -> list[str]:
    """What the policy would refuse in a piece of markup (a template or a rendered page)."""
    html = TEMPLATE_SYNTAX.sub(" ", html)
    problems = []
    for attrs in SCRIPT_TAG.findall(html):
        if not SRC.search(attrs) and not JSON_TYPE.search(attrs):
            problems.append(f"inline script <script{attrs}>")
    if re.search(r"<style\b", html, re.I):
        problems.append("style element")
    for tag in TAG.findall(html):
        for pattern, what in ATTRIBUTE_CHECKS:
            if pattern.search(tag):
                problems.append(f"{what}: {tag[:120]}")
    if re.search(r"javascript\s*:", html, re.I):
        problems.append("javascript: URL")
    return problems


def test_the_checker_finds_what_the_policy_refuses():
    # Each of these is an attack (or an old habit) the policy blocks; the checker must see it.
    for bad in (
        "<script>alert(1)</script>",
        '<script type="text/javascript">x()</script>',
        '<form onsubmit="return confirm(1)">',
        "<select class='x'\n onchange='this.form.submit()'>",
        '<a href="javascript:void(0)">',
        '<div style="width: 5%">',
        "<style>.x{}</style>",
        '<div hx-on:click="alert(1)">',
        '<div {% if x %}onclick="y()"{% endif %}>',
    ):
        assert csp_problems(bad), bad
    for fine in (
        '<script src="/static/js/chuangwen.js"></script>',
        '<script type="application/json" id="d">{"a": 1}</script>',
        '<button data-cw-confirm="Archive?" data-action="x">',
        '{% include "x.html" with style="success" %}',
        "{# no style element, no hx-on #}",
        "<p>Based on the standard</p>",
    ):
        assert not csp_problems(fine), fine


def test_templates_hold_nothing_the_policy_refuses():
    assert len(TEMPLATES) > 50  # the walk found the templates
    found = {str(p.relative_to(ROOT)): csp_problems(p.read_text()) for p in TEMPLATES}
    assert {path: problems for path, problems in found.items() if problems} == {}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_policy(header: str):
    policy = directives(header)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert "unsafe" not in header  # neither 'unsafe-inline' nor 'unsafe-eval' anywhere


@pytest.fixture
def pages(world, login):
    """The main pages, each as (path, user or None): home, a list, the two chart pages, the login
    page and the public complaint form."""
    from tests import factories as f

    std = f.standard(world.bureau, applies_to=world.county_x)
    camp = f.campaign(world.a, std)
    survey_services.default_templates_create(unit=world.a, user=world.office)
    return [
        (reverse("home"), world.office),
        (reverse("feedback:complaint_list"), world.office),
        (reverse("surveys:dashboard"), world.office),
        (reverse("dashboard:campaign_progress", args=[camp.pk]), world.office),
        (reverse("login"), None),
        (reverse("feedback_public:form", args=[COMPLAINT.link(unit_id=world.a.pk)]), None),
    ]


def test_main_pages_carry_the_strict_policy_and_no_inline_code(client, pages):
    for path, user in pages:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response["Content-Security-Policy"])
        # What Python code or a form widget adds is in the rendered page, not in a template.
        assert csp_problems(response.content.decode()) == [], path


def test_public_survey_pages_through_the_lean_stack_carry_the_policy(world):
    survey = survey_services.default_templates_create(unit=world.a, user=world.office)[0]
    path = f"/s/{SURVEY.link(unit_id=world.a.pk, department_id=world.a_med.pk, template_id=survey.pk)}/"
    for page in (path, path + "thanks/", "/s/1.2.3:forged/"):
        status, headers, body = call(RequestFactory().get(page), application)
        assert status[:3] in {"200", "404"}, page
        assert_strict_policy(headers["content-security-policy"][0])
        assert csp_problems(body) == [], page


def test_the_admin_may_use_inline_styles_never_inline_scripts(client, world):
    """Two templates the admin uses carry inline styles (chuangwen/core/content_policy.py): its
    pages, and only its pages, allow them; scripts stay 'self' there too."""
    from tests import factories as f

    root = f.user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    for path in ("/admin/", "/admin/login/", f"/admin/org/unit/{world.a.pk}/history/", "/admin/no-such-page/"):
        header = client.get(path)["Content-Security-Policy"]
        policy = directives(header)
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], path
        assert policy["script-src"] == ["'self'"] and "unsafe-eval" not in header, path
    # A path that merely looks like the admin's is not served by it: the strict policy.
    assert_strict_policy(client.get("/administration/")["Content-Security-Policy"])
