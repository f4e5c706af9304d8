"""What the party models share: who keeps party records, which 政治面貌 make a member, the rows
a branch secretary keeps, and where uploaded files go."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from chuangwen.core.roles import CHANGE, VIEW, Role
from chuangwen.core.scoping import NOTHING, grant, perms
from chuangwen.org.models import Person

# The office keeps the unit's party records; the bureau and administrators read them.
OFFICE_PERMS = perms(grant({Role.OFFICE}, VIEW, CHANGE), grant({Role.SUPERVISOR}, VIEW))
MEMBER_STATUSES = (Person.Political.CPC, Person.Political.PROBATIONARY)


def _secretary_q(memberships, path: str) -> Q:
    """Rows of the branches whose secretary is the user of a PARTY_SECRETARY membership, within
    that membership's unit."""
    q = NOTHING
    for m in memberships:
        if m.role == Role.PARTY_SECRETARY and m.unit_id:
            q |= Q(**{f"{path}secretary__user_id": m.user_id, f"{path}unit_id": m.unit_id})
    return q


def party_upload_to(instance, filename):
    """Server-generated names (never the uploader's)."""
    ext = Path(filename).suffix.lower()[:8]
    return f"party/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"
