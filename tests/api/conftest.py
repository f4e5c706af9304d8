import json

import pytest

from chuangwen.api.services import token_create


@pytest.fixture
def call(client):
    """``call(user, method, path, body=None)``: an API request authenticated by a token of ``user``."""
    keys = {}

    def _call(user, method, path, body=None):
        if user.pk not in keys:
            keys[user.pk] = token_create(user=user, name="tests")[1]
        kwargs = {"headers": {"Authorization": f"Bearer {keys[user.pk]}"}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method.lower())(path, **kwargs)

    return _call
