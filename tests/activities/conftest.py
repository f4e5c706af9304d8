import pytest

from chuangwen.core.roles import Role
from tests import factories as f


@pytest.fixture
def staff_of(world):
    """``staff_of(dept, name)``: a staff member of ``dept`` with a login (self scope)."""

    def make(dept, name="赵敏"):
        u = f.user()
        f.member(u, Role.STAFF, unit=dept.unit)
        p = f.person(dept, name=name, user=u)
        return p

    return make
