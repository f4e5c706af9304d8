from datetime import date

import pytest

from chuangwen.campaigns import services
from tests import factories as f


@pytest.fixture
def std(world):
    """The bureau's published standard for county X (2 aspects × 2 indicators × 3 items)."""
    return f.standard(world.bureau, applies_to=world.county_x)


@pytest.fixture
def camp(world, std):
    """Hospital A's 2026 campaign with the default phases."""
    return services.campaign_create(
        unit=world.a,
        name="2026年创建市级文明单位",
        year=2026,
        target_level="city",
        standard=std,
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 11, 30),
        status="active",
        user=world.office,
    )


@pytest.fixture
def camp_b(world, std):
    return services.campaign_create(
        unit=world.b,
        name="2026年创建县级文明单位",
        year=2026,
        target_level="county",
        standard=std,
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 11, 30),
        user=world.office,
    )


def item(std, code):
    return std.items.get(code=code)


@pytest.fixture
def api_base():
    """Where the campaigns router answers."""
    return "/api/campaigns"
