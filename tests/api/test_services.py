import pytest
from django.core.exceptions import PermissionDenied

from chuangwen.api.services import token_create, token_revoke


def test_token_create_returns_key_once_and_stores_its_hash(world):
    token, key = token_create(user=world.office, name=" 脚本 ")
    assert token.pk and token.name == "脚本" and token.is_active
    assert key not in (token.key_hash, token.prefix)
    _other, other_key = token_create(user=world.office, name="脚本")
    assert other_key != key


def test_token_revoke_is_idempotent(world):
    token, _key = token_create(user=world.office, name="脚本")
    token_revoke(token=token, by=world.office)
    first = token.revoked_at
    token_revoke(token=token, by=world.office)
    assert token.revoked_at == first and not token.is_active


def test_only_the_owner_revokes(world):
    token, _key = token_create(user=world.office, name="脚本")
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=world.head)
