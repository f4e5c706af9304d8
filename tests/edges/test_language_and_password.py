"""Chinese whatever the browser says, the explicit language switch, and 修改密码 as the
product's own page (issue 17's rough edges)."""

from django.conf import settings
from django.urls import reverse

from chuangwen.org.forms import BootstrapFormMixin, PasswordChangeForm


def test_english_browser_gets_chinese(client, world):
    client.force_login(world.office)
    page = client.get(reverse("org:person_list"), headers={"Accept-Language": "en-US,en;q=0.9"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "职工" in html and "Staff" not in html.split("<title>")[1].split("</title>")[0]


def test_login_page_is_chinese_for_an_english_browser(client, db):
    html = client.get(reverse("login"), headers={"Accept-Language": "en-US"}).content.decode()
    assert "登录" in html and "Log in" not in html
    assert 'data-testid="language-switch"' in html


def test_language_switch_chooses_english_and_keeps_it(client, world):
    client.force_login(world.office)
    staff = reverse("org:person_list")
    r = client.post(reverse("org:set_language"), {"language": "en", "next": staff})
    assert r.status_code == 302 and r["Location"] == staff
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(staff, headers={"Accept-Language": "zh-CN"}).content.decode()
    assert '<html lang="en">' in html and "Staff" in html
    client.post(reverse("org:set_language"), {"language": "zh-hans", "next": staff})
    assert '<html lang="zh-hans">' in client.get(staff).content.decode()


def test_unknown_language_cookie_falls_back_to_chinese(client, world):
    client.force_login(world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="zh-hans">' in client.get(reverse("org:person_list")).content.decode()


def test_password_change_is_the_products_page(client, world):
    world.office.set_password("Old-pass-2026!")
    world.office.save()
    client.force_login(world.office)
    home = client.get(reverse("home")).content.decode()
    assert reverse("org:password_change") in home
    page = client.get(reverse("org:password_change")).content.decode()
    assert "Django" not in page and "cw-sidebar" in page and "修改密码" in page
    r = client.post(
        reverse("org:password_change"),
        {"old_password": "Old-pass-2026!", "new_password1": "Qx-7hospital#ward", "new_password2": "Qx-7hospital#ward"},
    )
    assert r.status_code == 302 and r["Location"] == reverse("org:password_change_done")
    done = client.get(r["Location"]).content.decode()
    assert "Django" not in done and "cw-sidebar" in done and "密码已修改" in done
    world.office.refresh_from_db()
    assert world.office.check_password("Qx-7hospital#ward")


def test_password_change_errors_name_the_field(client, world):
    client.force_login(world.office)
    html = client.post(reverse("org:password_change"), {"old_password": ""}).content.decode()
    assert "请填写“旧密码”。" in html
    assert "这个字段是必填项" not in html


def test_house_forms_name_the_field_in_errors(world):
    from django import forms
    from django.utils import translation

    class DeadlineForm(BootstrapFormMixin, forms.Form):
        deadline = forms.DateField(label="完成时限")
        department = forms.ChoiceField(label="科室", choices=[("1", "内科")])

    with translation.override("zh-hans"):
        form = DeadlineForm({"department": "9"})
        assert not form.is_valid()
        assert form.errors["deadline"] == ["请填写“完成时限”。"]
        assert form.errors["department"][0].startswith("“科室”：")
        assert "9" in form.errors["department"][0]
    assert issubclass(PasswordChangeForm, BootstrapFormMixin)
