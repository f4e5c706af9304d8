"""Every concrete model of our apps has a factory in tests/factories.py (``FACTORIES``, keyed by
the model's label), and each factory stores a row of its model: a new model gets one."""

import pytest
from django.apps import apps

from . import factories


def our_models() -> list[str]:
    """Labels of the concrete models defined under chuangwen/, history and m2m tables aside."""
    return sorted(
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("chuangwen.")
        and not m._meta.auto_created
        and not m._meta.proxy
        and not m.__name__.startswith("Historical")
    )


def test_every_model_has_a_factory():
    missing = sorted(set(our_models()) - set(factories.FACTORIES))
    assert not missing, f"add a factory to tests/factories.py FACTORIES for: {missing}"
    stale = sorted(set(factories.FACTORIES) - set(our_models()))
    assert not stale, f"FACTORIES names models that no longer exist: {stale}"


@pytest.mark.parametrize("label", sorted(factories.FACTORIES))
def test_the_factory_stores_a_row_of_its_model(db, label):
    model = apps.get_model(label)
    obj = factories.FACTORIES[label]()
    assert isinstance(obj, model) and obj.pk is not None
    assert model.objects.filter(pk=obj.pk).exists()
