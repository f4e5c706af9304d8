"""Who reads which audit events, role by role (the same shape as tests/core/test_scoping.py):
a unit's office its unit, the bureau its region (with the region's own events), the admin
everything; department heads, inspectors, party secretaries, staff and strangers nothing."""

import pytest

from chuangwen.audit.models import Action, AuditEvent
from chuangwen.audit.services import audit_record

EXPECTED = {
    "supervisor": {"a", "b", "bureau", "county_x"},
    "office": {"a"},
    "head": set(),
    "inspector": set(),
    "secretary": set(),
    "staff": set(),
    "admin": {"a", "b", "c", "bureau", "county_x", "county_y"},
    "nobody": set(),
}


@pytest.fixture
def event_of(world):
    """One event per place: hospitals A, B, C, the bureau, and the two counties' own."""
    made = {}
    for key in ("a", "b", "c", "bureau"):
        made[key] = audit_record(action=Action.DOWNLOAD, actor=world.admin, unit=getattr(world, key))
    for key in ("county_x", "county_y"):
        made[key] = audit_record(action=Action.LOGIN, actor=world.admin, region=getattr(world, key))
    return {key: AuditEvent.objects.get(pk=e.pk) for key, e in made.items()}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_audit_event_matrix(world, event_of, role):
    user = getattr(world, role)
    seen = set(AuditEvent.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {event_of[k].pk for k in EXPECTED[role]}
