"""The API fuzzed from its own OpenAPI schema with schemathesis, in-process through the WSGI
application: every operation, with a token of hospital A's office and of a staff member, ids
drawn from a small realistic world (tests/api/fuzz_world.py) as well as made up. The bar: no
server error, and every answer declared by the schema (status, content type, body).

Bounded for ``make test``: ``EXAMPLES`` cases per operation and user, derandomized (the same
cases on every run, no example database), no shrinking. Each operation gets a fresh world (the
test's transaction is rolled back), so a write cannot empty the world for the next one."""

import os
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from chuangwen.api.api import api
from chuangwen.api.services import token_create
from chuangwen.campaigns.models import Campaign, Task
from chuangwen.campaigns.models import Phase as CampaignPhase
from chuangwen.dashboard.models import Notification
from chuangwen.evidence.models import Evidence, EvidenceFile
from chuangwen.feedback.models import Complaint
from chuangwen.inspections.models import Finding, FindingPhoto, InspectionRound
from chuangwen.org.models import Department, Person, Region, Unit, User
from chuangwen.scoring.models import Appeal, LedgerEntry
from chuangwen.standards.models import Item, Standard
from chuangwen.surveys.models import Response, SurveyTemplate
from chuangwen.wsgi import application
from tests.conftest import build_world

from .fuzz_world import build

# CHUANGWEN_FUZZ_EXAMPLES=100 for a deeper run by hand.
EXAMPLES = int(os.environ.get("CHUANGWEN_FUZZ_EXAMPLES", "12"))
USERS = ["office", "staff"]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The model a parameter or body field names by id (``unit``, ``unit_id``, ``target_units`` ...).
ID_MODELS = {
    "unit": Unit,
    "owner_unit": Unit,
    "target_units": Unit,
    "department": Department,
    "handling_department": Department,
    "co_departments": Department,
    "target_departments": Department,
    "person": Person,
    "head": Person,
    "responsible_person": Person,
    "campaign": Campaign,
    "phase": CampaignPhase,
    "task": Task,
    "standard": Standard,
    "item": Item,
    "items": Item,
    "evidence": Evidence,
    "file": EvidenceFile,
    "round": InspectionRound,
    "finding": Finding,
    "photo": FindingPhoto,
    "complaint": Complaint,
    "template": SurveyTemplate,
    "response": Response,
    "notification": Notification,
    "handler": User,
    "inspectors": User,
    "region": Region,
    "entry": LedgerEntry,
    "appeal": Appeal,
}

# Ids of the current test's world, by model (filled by the ``fuzz_world`` fixture).
KNOWN: dict = {}

# The coverage phase adds dozens of boundary cases per operation (minutes in all); the bound is
# EXAMPLES generated cases, positive and negative, per operation and user.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"), config=CONFIG)
schema.app = application


def _with_known_ids(values: dict | None):
    """A strategy giving ``values`` with some of its ids replaced by ids of existing records."""
    if not isinstance(values, dict):
        return st.just(values)
    parts = {}
    for name, value in values.items():
        model = ID_MODELS.get(name.removesuffix("_id"))
        ids = KNOWN.get(model)
        if not ids:
            parts[name] = st.just(value)
        elif isinstance(value, list):
            parts[name] = st.one_of(st.just(value), st.lists(st.sampled_from(ids), max_size=3))
        else:
            # Mostly a record that exists, so that endpoints get past the lookup.
            parts[name] = st.one_of(st.sampled_from(ids), st.sampled_from(ids), st.just(value))
    return st.fixed_dictionaries(parts)


@schema.hook("flatmap_path_parameters")
def _known_path_ids(context, path_parameters):
    return _with_known_ids(path_parameters)


@schema.hook("flatmap_query")
def _known_query_ids(context, query):
    return _with_known_ids(query)


@schema.hook("flatmap_body")
def _known_body_ids(context, body):
    return _with_known_ids(body)


@pytest.fixture(scope="module")
def fuzz(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module in a transaction rolled back at its end (each test
    runs in a savepoint inside it), with a token of each fuzzing user."""
    media = tmp_path_factory.mktemp("fuzz-media")
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS, TASKS=IMMEDIATE_TASKS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_world()
        build(world)
        KNOWN.update({model: list(model.objects.values_list("pk", flat=True)) for model in set(ID_MODELS.values())})
        keys = {who: token_create(user=getattr(world, who), name="fuzz")[1] for who in USERS}
        yield SimpleNamespace(world=world, media=media, keys=keys)
        KNOWN.clear()
        transaction.set_rollback(True)


@pytest.fixture
def wsgi_calls():
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=USERS)
def bearer(request, fuzz, db, settings, wsgi_calls):
    settings.MEDIA_ROOT = fuzz.media  # where the world's files are
    return {"Authorization": f"Bearer {fuzz.keys[request.param]}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_declared(case, bearer):
    response = case.call(headers=bearer)
    case.validate_response(response, checks=CHECKS)
