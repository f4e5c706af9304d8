"""Password rules: not like the username, not on Django's common list, not one of the project's
weak passwords (a place or project name with digits), with Chinese messages."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from chuangwen.org.demo import ACCOUNTS
from chuangwen.org.passwords import ProjectWeakPasswordValidator, weak_stems
from tests import factories as f

DEMO_PASSWORD = "Chuangwen@2026"


def refusal(password, user=None) -> str:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("password", ["qingxi2026", "Qingxi2026", "chuangwen2026", "2026chuangwen", "abc12345"])
def test_project_weak_passwords_are_refused_in_chinese(db, password):
    assert "弱口令" in refusal(password, f.user("zhangwei"))


def test_the_username_itself_is_refused(db):
    user = f.user("liuyang2024")
    assert "用户名" in refusal("liuyang2024", user)
    assert "相似" in refusal("liuyang2024", user)


def test_common_passwords_are_refused(db):
    assert refusal("password123", f.user("zhangwei"))


@pytest.mark.parametrize("username", [a[0] for a in ACCOUNTS])
def test_demo_password_passes_every_rule(db, username):
    validate_password(DEMO_PASSWORD, f.user(username))


def test_the_list_is_data(tmp_path):
    listing = tmp_path / "weak.txt"
    listing.write_text("# comment\nHospitalX\n", encoding="utf-8")
    assert weak_stems(listing) == frozenset({"hospitalx"})
    validator = ProjectWeakPasswordValidator(str(listing))
    with pytest.raises(ValidationError):
        validator.validate("hospitalx99")
    validator.validate("qingxi2026")  # not on this list


def test_password_change_page_refuses_a_weak_password(world, client):
    client.force_login(world.office)
    resp = client.post(
        "/account/password/",
        {"old_password": "pass-1234-word", "new_password1": "qingxi2026", "new_password2": "qingxi2026"},
    )
    assert resp.status_code == 200
    assert "弱口令" in resp.content.decode()
    world.office.refresh_from_db()
    assert world.office.check_password("pass-1234-word")
