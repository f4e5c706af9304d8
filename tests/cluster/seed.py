"""The cluster test's data, written once through the cluster's own `manage.py shell` (so on its
PostgreSQL, by its settings): the test world of tests/conftest.py, a campaign with a task of
hospital A's 内科, the department's survey poster and two API tokens. Prints one JSON line."""

import json

PASSWORD = "pass-1234-word"  # tests.factories.user's


def pdf_of(size: int) -> bytes:
    """A well-formed PDF of ``size`` bytes (a comment pads it), which the upload check accepts."""
    head = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return head + b"%" + b"0" * (size - len(head) - len(tail) - 1) + tail


def seed() -> None:
    # Imported here: the benchmark imports pdf_of without Django set up.
    from django.db import transaction

    from chuangwen.api.services import token_create
    from chuangwen.core.publicforms import SURVEY
    from chuangwen.surveys import services as surveys
    from tests import factories as f
    from tests.conftest import build_world

    with transaction.atomic():
        w = build_world()
        std = f.standard(w.a)
        camp = f.campaign(w.a, std)
        items = list(std.items.order_by("order"))
        task = f.task(camp, w.a_med, person=w.a_p1, items=items)
        survey = surveys.default_templates_create(unit=w.a, user=w.office)[0]
        out = {
            "unit": w.a.pk,
            "task": task.pk,
            "item": items[0].pk,
            "head_token": token_create(user=w.head, name="cluster")[1],
            "office_token": token_create(user=w.office, name="cluster")[1],
            "login": {"username": w.office.username, "password": PASSWORD},
            "survey_path": f"/s/{SURVEY.link(unit_id=w.a.pk, department_id=w.a_med.pk, template_id=survey.pk)}/",
        }
    print(json.dumps(out))
