"""Fixtures of the big-screen tests (the data: ``builders.build_screen``)."""

import pytest
from django.core.cache import cache

from .builders import build_screen


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def screen_world(world):
    return build_screen(world)
