"""The demo's big screens (issue 17, acceptance 3, on the demo's data): one link per hospital
and one for the county, made by their office and the bureau; none of their pages and data
endpoints names any demo person or shows any phone number."""

import io
import random
import re

import pytest
from django.test import Client

from chuangwen.audit.models import AuditEvent
from chuangwen.core.management.commands.load_demo import DemoContext
from chuangwen.feedback.models import Complaint
from chuangwen.org.models import Person, User
from chuangwen.screens import demo as screens_demo
from chuangwen.screens.models import KioskLink

pytestmark = pytest.mark.django_db

STEPS = [
    "org",
    "standards",
    "campaigns",
    "evidence",
    "inspections",
    "feedback",
    "surveys",
    "scoring",
]
PHONE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def demo():
    import importlib

    ctx = DemoContext(rng=random.Random(2026), stdout=io.StringIO())
    for name in STEPS:
        importlib.import_module(f"chuangwen.{name}.demo").load(ctx)
    screens_demo.load(ctx)
    return ctx


def test_the_demo_screens_show_no_person(demo):
    links = KioskLink.objects.all()
    assert links.filter(revoked_at__isnull=True).count() == 4
    assert links.filter(revoked_at__isnull=False, unit=demo.units["rmyy"]).count() == 1
    assert AuditEvent.objects.filter(action="token_create", target_type="screens.kiosklink").count() == 5
    names = set(Person.objects.values_list("name", flat=True))
    names |= set(User.objects.exclude(display_name="").values_list("display_name", flat=True))
    names |= set(Complaint.objects.exclude(complainant_name="").values_list("complainant_name", flat=True))
    phones = set(Person.objects.exclude(phone="").values_list("phone", flat=True))
    phones |= set(Complaint.objects.exclude(complainant_phone="").values_list("complainant_phone", flat=True))
    assert len(names) > 100 and phones
    client = Client()
    for key in ("rmyy", "zyy", "wsy", "qingxi"):
        token = screens_demo.demo_token(key)
        page = client.get(f"/screens/k/{token}/")
        body = client.get(f"/screens/k/{token}/data/")
        assert page.status_code == body.status_code == 200, key
        for text in (page.content.decode(), body.content.decode()):
            assert not [n for n in names if n in text], key
            assert not [p for p in phones if p in text], key
            assert not PHONE.search(text), key
        data = body.json()
        assert data["ranking"]["rows"] and data["satisfaction"]["values"], key
    # The demo prints where the screens are.
    assert any("/screens/k/kiosk_demo_rmyy/" in line for line in screens_demo.notes())
